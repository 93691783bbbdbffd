/**
 * A message that does not follow the wire format. `code` matches the engine's catalog entry
 * (ORQ_ERR_MALFORMED_MESSAGE) without importing it: protocol/ stands alone for workers.
 */
export class ProtocolError extends Error {
  readonly code = 'ORQ_ERR_MALFORMED_MESSAGE';
  readonly retriable = false;

  constructor(detail: string) {
    super(`Message is malformed: ${detail}`);
    this.name = 'ProtocolError';
  }
}

/**
 * A worker's failure as the activity runner sees it: the worker's code (branch on it, and list it in
 * a retry policy's `nonRetryable`), its message, and whether a retry can help (`retriable: false`
 * from the worker skips the remaining attempts).
 */
import type { WireError } from '../../protocol/index.js';

export class RemoteActivityError extends Error {
  readonly code: string;
  readonly retriable: boolean;
  readonly details: Record<string, unknown>;

  constructor(error: WireError, context: { activityType: string; attempt: number }) {
    super(error.message);
    // serializeError keeps `name` in details, so the worker's code survives into the stored error.
    this.name = error.code;
    this.code = error.code;
    this.retriable = error.retriable ?? true;
    this.details = { ...error.details, ...context, remote: true };
  }
}

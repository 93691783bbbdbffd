/**
 * A result: the worker's answer to one task attempt, published on the task's `replyTo` topic,
 * keyed by instance id. The engine matches it by `activityId` + `attempt`; a late or unknown result
 * is ignored. See docs/protocol.md.
 */
import {
  asObject,
  requirePositiveInt,
  requireProtocol,
  requireString,
  type JsonObject,
} from './fields.js';
import { PROTOCOL_VERSION } from './headers.js';
import { ProtocolError } from './protocol-error.js';

export const RESULT_KIND = 'orq.result';

/** A failure as it travels: a stable code to branch on, a message, and whether a retry can help. */
export interface WireError {
  code: string;
  message: string;
  /** False: the engine does not retry (the workflow's error path runs at once). @default true */
  retriable?: boolean;
  details?: Record<string, unknown>;
}

interface ResultBase {
  protocol: typeof PROTOCOL_VERSION;
  kind: typeof RESULT_KIND;
  activityId: string;
  attempt: number;
}

export type ResultMessage =
  (ResultBase & { ok: true; output: unknown }) | (ResultBase & { ok: false; error: WireError });

export function parseResultMessage(value: unknown): ResultMessage {
  const o = asObject(value, 'result');
  requireProtocol(o, RESULT_KIND, PROTOCOL_VERSION);
  const base: ResultBase = {
    protocol: PROTOCOL_VERSION,
    kind: RESULT_KIND,
    activityId: requireString(o, 'activityId'),
    attempt: requirePositiveInt(o, 'attempt'),
  };
  if (o.ok === true) return { ...base, ok: true, output: o.output ?? null };
  if (o.ok !== false) throw new ProtocolError('"ok" must be true or false');
  return { ...base, ok: false, error: parseWireError(o.error) };
}

function parseWireError(value: unknown): WireError {
  const e: JsonObject = asObject(value, '"error"');
  const error: WireError = { code: requireString(e, 'code'), message: requireString(e, 'message') };
  if (e.retriable !== undefined) {
    if (typeof e.retriable !== 'boolean')
      throw new ProtocolError('"error.retriable" must be a boolean');
    error.retriable = e.retriable;
  }
  if (e.details !== undefined) error.details = asObject(e.details, '"error.details"');
  return error;
}

/** Any thrown value → the `error` of a result message. Programmer errors are never retried. */
import type { WireError } from '../protocol/index.js';

const PROGRAMMER_ERRORS = new Set(['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError']);

export function toWireError(err: unknown): WireError {
  if (typeof err !== 'object' || err === null)
    return { code: 'Error', message: String(err), retriable: true };
  const e = err as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
    retriable?: unknown;
    details?: unknown;
  };
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const code = typeof e.code === 'string' && e.code.length > 0 ? e.code : name;
  const retriable = typeof e.retriable === 'boolean' ? e.retriable : !PROGRAMMER_ERRORS.has(name);
  const details =
    typeof e.details === 'object' && e.details !== null && !Array.isArray(e.details)
      ? (e.details as Record<string, unknown>)
      : undefined;
  return {
    code,
    message: typeof e.message === 'string' && e.message.length > 0 ? e.message : code,
    retriable,
    ...(details ? { details } : {}),
  };
}

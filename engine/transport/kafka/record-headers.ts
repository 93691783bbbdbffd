/**
 * Kafka record headers as strings. kafkajs hands headers over as `Buffer | string` (or arrays of
 * them for a repeated key); the engine and routes see plain strings (UTF-8; the last value of a
 * repeated key). Lookups of the trace header are case-insensitive because other clients may write
 * `Traceparent`.
 */
import type { IHeaders } from 'kafkajs';
import { HEADER_TRACEPARENT } from '../../protocol/index.js';

export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw.at(-1) : raw;
    if (value === undefined) continue;
    out[name] = typeof value === 'string' ? value : value.toString('utf8');
  }
  return out;
}

/** The record's `traceparent` header, whatever its case, or undefined. */
export function traceparentOf(headers: Readonly<Record<string, string>>): string | undefined {
  const exact = headers[HEADER_TRACEPARENT];
  if (exact) return exact;
  const found = Object.keys(headers).find((k) => k.toLowerCase() === HEADER_TRACEPARENT);
  return found ? headers[found] : undefined;
}

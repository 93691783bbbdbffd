/** Field readers for parsing wire messages: each names the field it refuses. */
import { ProtocolError } from './protocol-error.js';

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown, what: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ProtocolError(`${what} must be a JSON object`);
  return value as JsonObject;
}

export function requireString(o: JsonObject, field: string): string {
  const v = o[field];
  if (typeof v !== 'string' || v.length === 0)
    throw new ProtocolError(`"${field}" must be a non-empty string`);
  return v;
}

export function requirePositiveInt(o: JsonObject, field: string): number {
  const v = o[field];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    throw new ProtocolError(`"${field}" must be a positive integer`);
  return v;
}

export function requireProtocol(o: JsonObject, kind: string, version: number): void {
  if (o.kind !== kind) throw new ProtocolError(`"kind" must be "${kind}"`);
  if (o.protocol !== version)
    throw new ProtocolError(`"protocol" must be ${version}, got ${JSON.stringify(o.protocol)}`);
}

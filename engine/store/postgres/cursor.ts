/** Opaque pagination cursors: base64url JSON of the last row's sort key. */
import { OrqError } from '../../errors.js';

export interface InstanceCursor {
  createdAt: string;
  id: string;
}

export function encodeCursor(cursor: InstanceCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');
}

export function decodeCursor(raw: string): InstanceCursor {
  const bad = (detail: string) => new OrqError('ORQ_ERR_BAD_CURSOR', { detail });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw bad('not a cursor returned by this API');
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw bad('not a cursor returned by this API');
  const [createdAt, id] = parsed as unknown[];
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt)))
    throw bad('bad timestamp');
  if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) throw bad('bad id');
  return { createdAt, id };
}

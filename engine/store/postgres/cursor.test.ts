/** Pins that cursors round-trip and that anything else is refused with ORQ_ERR_BAD_CURSOR (a 400), never a 500. */
import { expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';

it('round-trips a cursor', () => {
  const c = { createdAt: '2026-01-01T00:00:00.000Z', id: '3f1c9a4e-0000-4000-8000-000000000001' };
  expect(decodeCursor(encodeCursor(c))).toEqual(c);
});

it.each([
  '',
  'garbage',
  Buffer.from('[1,2]').toString('base64url'),
  Buffer.from('{"a":1}').toString('base64url'),
])('refuses %j', (raw) => {
  expect(() => decodeCursor(raw)).toThrow(expect.objectContaining({ code: 'ORQ_ERR_BAD_CURSOR' }));
});

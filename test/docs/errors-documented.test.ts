/**
 * Pins that docs/errors.md documents exactly the error codes the code can raise: every code of
 * the engine's and the API's catalogs is in the table, with its HTTP status, and the table names
 * no code that does not exist.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { API_ERRORS } from '../../api/index.js';
import { ERROR_CATALOG } from '../../engine/index.js';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const rows = [...doc.matchAll(/^\| `(ORQ_ERR_[A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => ({
  code: m[1]!,
  status: Number(m[2]),
}));

it('documents every code with its HTTP status, and nothing else', () => {
  const catalog = new Map<string, number>([
    ...Object.entries(ERROR_CATALOG).map(([code, spec]) => [code, spec.httpStatus] as const),
    ...Object.entries(API_ERRORS).map(([code, spec]) => [code, spec.httpStatus] as const),
  ]);
  expect(rows.map((r) => r.code).sort()).toEqual([...catalog.keys()].sort());
  for (const row of rows)
    expect({ code: row.code, status: row.status }).toEqual({
      code: row.code,
      status: catalog.get(row.code),
    });
});

it('never defines a code twice', () => {
  const engine = Object.keys(ERROR_CATALOG);
  expect(Object.keys(API_ERRORS).filter((c) => engine.includes(c))).toEqual([]);
  expect(new Set(rows.map((r) => r.code)).size).toBe(rows.length);
});

/** What changed between two contexts, as a list of path-level changes (objects are walked, arrays compared whole). */
import type { ContextChange } from '../types.js';

const MAX_DEPTH = 6;

export function contextDiff(before: unknown, after: unknown): ContextChange[] {
  const changes: ContextChange[] = [];
  walk(before, after, '', 0, changes);
  return changes;
}

function walk(a: unknown, b: unknown, path: string, depth: number, out: ContextChange[]): void {
  if (a === b) return;
  if (isPlainObject(a) && isPlainObject(b) && depth < MAX_DEPTH) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const child = path ? `${path}.${key}` : key;
      if (!(key in a)) out.push({ path: child, op: 'add', to: b[key] });
      else if (!(key in b)) out.push({ path: child, op: 'remove', from: a[key] });
      else walk(a[key], b[key], child, depth + 1, out);
    }
    return;
  }
  if (sameJson(a, b)) return;
  out.push({
    path,
    op: a === undefined ? 'add' : b === undefined ? 'remove' : 'replace',
    from: a,
    to: b,
  });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

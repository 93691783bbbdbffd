/**
 * XState's state value → the dotted paths of every active state node, ancestors included, the
 * same convention as the engine's `statePaths` ('payment', 'payment.awaiting').
 */
import type { StateValue } from '../api-types.js';

export function stateValueToPaths(value: StateValue | null | undefined, prefix = ''): string[] {
  if (value === null || value === undefined) return [];
  const join = (key: string) => (prefix ? `${prefix}.${key}` : key);
  if (typeof value === 'string') return [join(value)];
  const paths: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const path = join(key);
    paths.push(path, ...stateValueToPaths(child, path));
  }
  return paths;
}

/** Only the deepest active states (the leaves): what a person means by "where it is". */
export function leafPaths(value: StateValue | null | undefined): string[] {
  const paths = stateValueToPaths(value);
  return paths.filter((p) => !paths.some((q) => q.startsWith(`${p}.`)));
}

/** A short human label for a state value: 'collecting.{documents.waiting, backgroundCheck.running}'. */
export function describeStateValue(value: StateValue | null | undefined): string {
  return leafPaths(value).join(', ') || '—';
}

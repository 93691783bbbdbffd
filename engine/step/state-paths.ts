/** State value → the dotted path of every active state node, for indexing and "query by state". */
import type { StateValue } from '../types.js';

export function statePaths(value: StateValue, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix ? `${prefix}.${value}` : value];
  const paths: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    paths.push(path, ...statePaths(child, path));
  }
  return paths;
}

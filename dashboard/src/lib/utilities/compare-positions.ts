/**
 * Stream positions are decimal strings (a bigint on the server). Compare them without losing
 * precision: a longer string of digits is the larger number.
 */
export function comparePositions(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** True when `position` comes after `last` (anything comes after null). */
export function isAfter(position: string, last: string | null): boolean {
  return last === null || comparePositions(position, last) > 0;
}

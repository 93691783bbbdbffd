/** JSON for people: a one-line preview with a length cap, and the event payload without `type`. */
export function previewJson(value: unknown, maxLength = 80): string {
  if (value === undefined) return '—';
  let text: string;
  try {
    text = JSON.stringify(value) ?? typeof value;
  } catch {
    text = `(${typeof value})`;
  }
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/** The fields of an event besides its type; null when there are none. */
export function eventPayload(event: {
  type: string;
  [key: string]: unknown;
}): Record<string, unknown> | null {
  const { type: _type, ...rest } = event;
  return Object.keys(rest).length > 0 ? rest : null;
}

/** Pretty JSON for detail panes. */
export function prettyJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value, null, 2) ?? typeof value;
  } catch {
    return `(unserializable ${typeof value})`;
  }
}

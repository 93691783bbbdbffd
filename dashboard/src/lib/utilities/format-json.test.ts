/**
 * Pins the JSON shown in tables and the timeline: previews stay on one line within their cap (a
 * huge context must not blow up a table row), and an event's payload is shown without repeating
 * its type.
 */
import { describe, expect, it } from 'vitest';
import { eventPayload, prettyJson, previewJson } from './format-json.js';

describe('previewJson', () => {
  it('caps long values with an ellipsis', () => {
    const text = previewJson({ items: Array.from({ length: 100 }, (_, i) => i) }, 20);
    expect(text).toHaveLength(20);
    expect(text.endsWith('…')).toBe(true);
  });

  it('shows a dash for undefined', () => {
    expect(previewJson(undefined)).toBe('—');
  });
});

describe('eventPayload', () => {
  it('drops the type', () => {
    expect(eventPayload({ type: 'Paid', paymentId: 'p' })).toEqual({ paymentId: 'p' });
    expect(eventPayload({ type: 'Ping' })).toBeNull();
  });
});

describe('prettyJson', () => {
  it('indents by two spaces', () => {
    expect(prettyJson({ a: 1 })).toBe('{\n  "a": 1\n}');
  });
});

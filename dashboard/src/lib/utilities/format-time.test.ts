/**
 * Pins the timestamps of the tables and the timeline (run with TZ=UTC). Relative times must read
 * naturally in both directions, and the absolute form must carry milliseconds: transitions of one
 * instance are often milliseconds apart and the timeline would otherwise show them as simultaneous.
 */
import { describe, expect, it } from 'vitest';
import { formatClock, formatRelative, formatTimestamp } from './format-time.js';

const now = Date.parse('2026-03-01T14:05:10.000Z');

describe('formatRelative', () => {
  it('says how long ago', () => {
    expect(formatRelative('2026-03-01T14:04:58.000Z', now)).toBe('12 s ago');
  });

  it('says just now under a second', () => {
    expect(formatRelative('2026-03-01T14:05:09.500Z', now)).toBe('just now');
  });

  it('handles times in the future', () => {
    expect(formatRelative('2026-03-01T14:06:10.000Z', now)).toBe('in 1 m 00 s');
  });

  it('shows a dash for an invalid time', () => {
    expect(formatRelative('nope', now)).toBe('—');
  });
});

describe('formatTimestamp', () => {
  it('keeps milliseconds', () => {
    expect(formatTimestamp('2026-03-01T14:05:09.120Z')).toBe('2026-03-01 14:05:09.120');
    expect(formatClock('2026-03-01T14:05:09.120Z')).toBe('14:05:09.120');
  });
});

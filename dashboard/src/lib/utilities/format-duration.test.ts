/**
 * Pins the durations the heatmap and the stuck filter show and accept. Users read p50/p95 at a
 * glance and type thresholds like '5m'; a sloppy format (e.g. '0.0 s' or '61 s') or a threshold
 * parsed in the wrong unit would mislead them about what is stuck.
 */
import { describe, expect, it } from 'vitest';
import { formatDurationMs, parseDurationMs } from './format-duration.js';

describe('formatDurationMs', () => {
  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [3_250, '3.2 s'],
    [42_000, '42 s'],
    [245_000, '4 m 05 s'],
    [7_800_000, '2 h 10 m'],
    [273_600_000, '3 d 4 h'],
  ])('formats %i ms as %s', (ms, text) => {
    expect(formatDurationMs(ms)).toBe(text);
  });

  it('shows a dash when there is no figure', () => {
    expect(formatDurationMs(null)).toBe('—');
  });
});

describe('parseDurationMs', () => {
  it.each([
    ['250ms', 250],
    ['90s', 90_000],
    ['5m', 300_000],
    ['1.5h', 5_400_000],
    [' 2 d ', 172_800_000],
  ])('parses %s', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it('refuses text that is not a duration', () => {
    expect(parseDurationMs('soon')).toBeNull();
    expect(parseDurationMs('5')).toBeNull();
  });
});

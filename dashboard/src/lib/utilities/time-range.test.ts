/**
 * Pins the time-range filter's bounds (TZ=UTC). A preset is relative to now; custom bounds come
 * from datetime-local inputs and must become ISO instants, or the API would filter on the wrong
 * hour for anyone outside UTC.
 */
import { describe, expect, it } from 'vitest';
import { timeRangeBounds } from './time-range.js';

const now = Date.parse('2026-03-01T12:00:00.000Z');

describe('timeRangeBounds', () => {
  it('has no bounds for any time', () => {
    expect(timeRangeBounds({ preset: 'all' }, now)).toEqual({});
  });

  it('counts a preset back from now', () => {
    expect(timeRangeBounds({ preset: '1h' }, now)).toEqual({
      createdAfter: '2026-03-01T11:00:00.000Z',
    });
    expect(timeRangeBounds({ preset: '7d' }, now)).toEqual({
      createdAfter: '2026-02-22T12:00:00.000Z',
    });
  });

  it('turns custom local bounds into ISO instants and skips empty ones', () => {
    expect(timeRangeBounds({ preset: 'custom', from: '2026-03-01T08:30', to: '' }, now)).toEqual({
      createdAfter: '2026-03-01T08:30:00.000Z',
    });
  });
});

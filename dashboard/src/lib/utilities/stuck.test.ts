/**
 * Pins the "stuck" filter: which states to look in, and which instances count as stuck. Finished
 * instances are never stuck however old, and the list puts the longest-waiting first, because that
 * is the one a person on call opens first.
 */
import { describe, expect, it } from 'vitest';
import type { StateStats } from '../api-types.js';
import { isStuck, statesWithStuckInstances, stuckInstances } from './stuck.js';

const now = Date.parse('2026-03-01T12:00:00.000Z');
const minutesAgo = (m: number) => new Date(now - m * 60_000).toISOString();

describe('statesWithStuckInstances', () => {
  const stats: StateStats[] = [
    { state: 'reserving', current: 3, p50Ms: 100, p95Ms: 900, oldestMs: 2_000 },
    { state: 'awaitingPayment', current: 10, p50Ms: 60_000, p95Ms: 600_000, oldestMs: 3_600_000 },
    { state: 'charging', current: 1, p50Ms: 500, p95Ms: 800, oldestMs: 900_000 },
    { state: 'completed', current: 0, p50Ms: null, p95Ms: null, oldestMs: null },
  ];

  it('keeps states whose oldest instance passed the threshold, oldest first', () => {
    expect(statesWithStuckInstances(stats, 5 * 60_000).map((s) => s.state)).toEqual([
      'awaitingPayment',
      'charging',
    ]);
  });
});

describe('isStuck', () => {
  it('is true for an active instance past the threshold', () => {
    expect(isStuck({ status: 'active', stateEnteredAt: minutesAgo(10) }, 5 * 60_000, now)).toBe(
      true,
    );
  });

  it('is false under the threshold or once finished', () => {
    expect(isStuck({ status: 'active', stateEnteredAt: minutesAgo(2) }, 5 * 60_000, now)).toBe(
      false,
    );
    expect(isStuck({ status: 'done', stateEnteredAt: minutesAgo(90) }, 5 * 60_000, now)).toBe(
      false,
    );
  });
});

describe('stuckInstances', () => {
  it('lists the longest waiting first and drops duplicates', () => {
    const a = { id: 'a', status: 'active' as const, stateEnteredAt: minutesAgo(10) };
    const b = { id: 'b', status: 'paused' as const, stateEnteredAt: minutesAgo(30) };
    const c = { id: 'c', status: 'active' as const, stateEnteredAt: minutesAgo(1) };
    expect(stuckInstances([a, b, c, a], 5 * 60_000, now).map((i) => i.id)).toEqual(['b', 'a']);
  });
});

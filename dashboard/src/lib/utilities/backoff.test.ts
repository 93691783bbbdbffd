/**
 * Pins the reconnect schedule. Delays must grow (so a down API is not hammered by every open
 * dashboard), stay capped (so the dashboard comes back within seconds once the API is up), and be
 * jittered (so many dashboards do not reconnect in lockstep after a restart).
 */
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, DEFAULT_BACKOFF } from './backoff.js';

describe('backoffDelayMs', () => {
  it('doubles per attempt between half and all of the base delay', () => {
    expect(backoffDelayMs(1, DEFAULT_BACKOFF, () => 0)).toBe(250);
    expect(backoffDelayMs(1, DEFAULT_BACKOFF, () => 0.999_999)).toBe(500);
    expect(backoffDelayMs(2, DEFAULT_BACKOFF, () => 0)).toBe(500);
    expect(backoffDelayMs(3, DEFAULT_BACKOFF, () => 0)).toBe(1_000);
  });

  it('never exceeds the cap', () => {
    for (let attempt = 1; attempt < 40; attempt++) {
      expect(backoffDelayMs(attempt, DEFAULT_BACKOFF, () => 0.999_999)).toBeLessThanOrEqual(
        DEFAULT_BACKOFF.maxDelayMs,
      );
    }
  });
});

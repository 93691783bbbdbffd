/**
 * Pins the throttle behind live refreshes: a burst of calls runs the work once at once and once
 * more at the end of the interval, never more. Without the trailing run the last transitions of a
 * burst would never reach the heatmap; without the collapsing, a busy stream would flood the API.
 */
import { describe, expect, it } from 'vitest';
import { ManualTimers } from '../testing/manual-timers.js';
import { throttle } from './throttle.js';

describe('throttle', () => {
  it('runs the first call at once and collapses a burst into one trailing run', () => {
    const timers = new ManualTimers();
    let runs = 0;
    const t = throttle(() => runs++, 1_000, timers);
    t();
    expect(runs).toBe(1);
    for (let i = 0; i < 50; i++) t();
    expect(runs).toBe(1);
    timers.advance(999);
    expect(runs).toBe(1);
    timers.advance(1);
    expect(runs).toBe(2);
    timers.advance(5_000);
    expect(runs).toBe(2);
  });

  it('runs at once again after a quiet interval', () => {
    const timers = new ManualTimers();
    let runs = 0;
    const t = throttle(() => runs++, 1_000, timers);
    t();
    timers.advance(2_000);
    t();
    expect(runs).toBe(2);
  });

  it('drops the trailing run when cancelled', () => {
    const timers = new ManualTimers();
    let runs = 0;
    const t = throttle(() => runs++, 1_000, timers);
    t();
    t();
    t.cancel();
    timers.advance(5_000);
    expect(runs).toBe(1);
  });
});

/**
 * Pins the heatmap scale: empty states stay neutral, the busiest state is the strongest, small
 * counts stay visible beside large ones (square root), and text stays readable on dark fills.
 */
import { describe, expect, it } from 'vitest';
import { heatColor } from './heat-scale.js';

describe('heatColor', () => {
  it('leaves an empty state neutral', () => {
    expect(heatColor(0, 100).intensity).toBe(0);
    expect(heatColor(3, 0).intensity).toBe(0);
  });

  it('gives the busiest state full intensity and white text', () => {
    const hot = heatColor(100, 100);
    expect(hot.intensity).toBe(1);
    expect(hot.text).toBe('#fff');
  });

  it('keeps a small count visible beside a large one', () => {
    expect(heatColor(1, 100).intensity).toBeCloseTo(0.1);
    expect(heatColor(25, 100).intensity).toBeCloseTo(0.5);
  });

  it('grows monotonically with the count', () => {
    let last = 0;
    for (let n = 1; n <= 100; n++) {
      const { intensity } = heatColor(n, 100);
      expect(intensity).toBeGreaterThan(last);
      last = intensity;
    }
  });
});

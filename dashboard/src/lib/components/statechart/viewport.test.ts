/**
 * Pins the chart's pan and zoom arithmetic. Zooming must keep the point under the cursor still
 * (otherwise the chart jumps away from what the user is looking at), stay within sane limits, and
 * fitting must show the whole chart centred; panning must follow the pointer at any zoom.
 */
import { describe, expect, it } from 'vitest';
import {
  bestFit,
  centreOn,
  fitViewBox,
  initialViewBox,
  READABLE_SCALE,
  isVisible,
  MAX_SCALE,
  MIN_SCALE,
  panViewBox,
  scaleOf,
  zoomViewBox,
} from './viewport.js';

const screen = { width: 800, height: 600 };

describe('fitViewBox', () => {
  it('shows the whole chart, centred, keeping the screen aspect', () => {
    const view = fitViewBox({ width: 1600, height: 600 }, screen, 0);
    expect(scaleOf(view, screen)).toBeCloseTo(0.5);
    expect(view.width / view.height).toBeCloseTo(800 / 600);
    expect(view.x).toBeCloseTo(0);
    expect(view.y + view.height / 2).toBeCloseTo(300);
  });

  it('does not blow a small chart up', () => {
    expect(scaleOf(fitViewBox({ width: 100, height: 80 }, screen), screen)).toBe(1.25);
  });
});

describe('initialViewBox', () => {
  it('fits a chart that is readable when fitted', () => {
    const content = { width: 700, height: 500 };
    expect(initialViewBox(content, screen)).toEqual(fitViewBox(content, screen));
  });

  it('opens a big top-down chart at a readable scale, on its top, centred', () => {
    const view = initialViewBox({ width: 6_000, height: 3_000 }, screen, 'DOWN');
    expect(scaleOf(view, screen)).toBeCloseTo(READABLE_SCALE);
    expect(view.x + view.width / 2).toBeCloseTo(3_000);
    expect(view.y).toBeLessThan(0);
  });

  it('opens a big left-to-right chart on its left, centred vertically', () => {
    const view = initialViewBox({ width: 6_000, height: 3_000 }, screen, 'RIGHT');
    expect(scaleOf(view, screen)).toBeCloseTo(READABLE_SCALE);
    expect(view.x).toBeLessThan(0);
    expect(view.y + view.height / 2).toBeCloseTo(1_500);
  });
});

describe('zoomViewBox', () => {
  it('keeps the content point under the anchor still', () => {
    const view = { x: 100, y: 50, width: 800, height: 600 };
    const anchor = { x: 0.25, y: 0.75 };
    const before = { x: view.x + anchor.x * view.width, y: view.y + anchor.y * view.height };
    const zoomed = zoomViewBox(view, 2, anchor, screen);
    expect(scaleOf(zoomed, screen)).toBeCloseTo(2);
    expect(zoomed.x + anchor.x * zoomed.width).toBeCloseTo(before.x);
    expect(zoomed.y + anchor.y * zoomed.height).toBeCloseTo(before.y);
  });

  it('clamps the scale', () => {
    const view = { x: 0, y: 0, width: 800, height: 600 };
    expect(scaleOf(zoomViewBox(view, 1_000, { x: 0.5, y: 0.5 }, screen), screen)).toBe(MAX_SCALE);
    expect(scaleOf(zoomViewBox(view, 0.000_1, { x: 0.5, y: 0.5 }, screen), screen)).toBe(MIN_SCALE);
  });
});

describe('panViewBox', () => {
  it('moves the content with the pointer, in content units at the current zoom', () => {
    const view = { x: 0, y: 0, width: 400, height: 300 }; // scale 2
    expect(panViewBox(view, 100, -50, screen)).toEqual({ x: -50, y: 25, width: 400, height: 300 });
  });
});

describe('centreOn / isVisible', () => {
  it('brings a box into view at the same scale', () => {
    const view = { x: 0, y: 0, width: 400, height: 300 };
    const box = { x: 1_000, y: 900, width: 100, height: 40 };
    expect(isVisible(view, box)).toBe(false);
    const moved = centreOn(view, box);
    expect(moved.width).toBe(400);
    expect(isVisible(moved, box)).toBe(true);
  });
});

describe('bestFit', () => {
  it('picks the layout that shows largest in the screen, the first on a tie', () => {
    const tall = { width: 400, height: 1_200, name: 'tall' };
    const wide = { width: 1_100, height: 500, name: 'wide' };
    expect(bestFit([tall, wide], screen)?.name).toBe('wide');
    expect(bestFit([tall, wide], { width: 400, height: 900 })?.name).toBe('tall');
    expect(bestFit([wide, { ...wide, name: 'same' }], screen)?.name).toBe('wide');
  });
});

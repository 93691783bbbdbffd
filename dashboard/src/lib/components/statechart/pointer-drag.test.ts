/**
 * Pins the click-versus-drag rule of the chart: a wobble of a few pixels is still a click (so a
 * state can be selected with an unsteady hand or a touchpad), a longer move pans by exactly the
 * pointer's movement, and the click ending a pan is reported so it does not select a state.
 */
import { describe, expect, it } from 'vitest';
import { PointerDrag } from './pointer-drag.js';

describe('PointerDrag', () => {
  it('treats a small wobble as a click', () => {
    const drag = new PointerDrag();
    drag.down(100, 100);
    expect(drag.move(102, 101)).toBeNull();
    expect(drag.up()).toBe(false);
  });

  it('pans by the movement once past the threshold', () => {
    const drag = new PointerDrag();
    drag.down(100, 100);
    expect(drag.move(110, 100)).toEqual({ dx: 10, dy: 0 });
    expect(drag.move(115, 90)).toEqual({ dx: 5, dy: -10 });
    expect(drag.up()).toBe(true);
  });

  it('ignores moves without a press', () => {
    expect(new PointerDrag().move(5, 5)).toBeNull();
  });
});

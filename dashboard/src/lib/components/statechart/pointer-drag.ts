/**
 * Tells a drag from a click: pointer movement beyond a few pixels is a pan, and the click that
 * ends it is swallowed so a pan that ends over a state does not select it.
 */
export const DRAG_THRESHOLD_PX = 4;

export class PointerDrag {
  #start: { x: number; y: number } | null = null;
  #last: { x: number; y: number } | null = null;
  dragging = false;

  down(x: number, y: number): void {
    this.#start = { x, y };
    this.#last = { x, y };
    this.dragging = false;
  }

  /** The movement since the last call, once the pointer has moved past the threshold. */
  move(x: number, y: number): { dx: number; dy: number } | null {
    if (!this.#start || !this.#last) return null;
    if (!this.dragging && Math.hypot(x - this.#start.x, y - this.#start.y) < DRAG_THRESHOLD_PX)
      return null;
    this.dragging = true;
    const delta = { dx: x - this.#last.x, dy: y - this.#last.y };
    this.#last = { x, y };
    return delta;
  }

  /** Ends the gesture; true when it was a drag (swallow the click). */
  up(): boolean {
    const wasDrag = this.dragging;
    this.#start = null;
    this.#last = null;
    return wasDrag;
  }

  get active(): boolean {
    return this.#start !== null;
  }
}

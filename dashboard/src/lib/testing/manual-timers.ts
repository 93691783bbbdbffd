/** A hand-driven clock and timer queue for unit tests of time-based helpers (no real sleeps). */
import type { Timers } from '../utilities/throttle.js';

export class ManualTimers implements Timers {
  private time = 0;
  private nextId = 1;
  private readonly queue = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.time;
  }

  set(fn: () => void, ms: number): number {
    const id = this.nextId++;
    this.queue.set(id, { at: this.time + ms, fn });
    return id;
  }

  clear(handle: unknown): void {
    this.queue.delete(handle as number);
  }

  /** Timers waiting to fire, with their delays from now. */
  pendingDelays(): number[] {
    return [...this.queue.values()].map((t) => t.at - this.time);
  }

  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.queue.entries()]
        .filter(([, t]) => t.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.queue.delete(due[0]);
      this.time = due[1].at;
      due[1].fn();
    }
    this.time = end;
  }
}

/**
 * Leading-and-trailing throttle: the first call runs at once, calls within `intervalMs` collapse
 * into one trailing run. Live redraws and stats refreshes go through this, so a burst of thousands
 * of transitions costs a handful of fetches. Timers are injectable for tests.
 */
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  now(): number;
}

export const browserTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export interface Throttled {
  (): void;
  /** Drops a pending trailing run. */
  cancel(): void;
}

export function throttle(
  fn: () => void,
  intervalMs: number,
  timers: Timers = browserTimers,
): Throttled {
  let lastRun = -Infinity;
  let pending: unknown = null;
  const run = () => {
    pending = null;
    lastRun = timers.now();
    fn();
  };
  const throttled = (() => {
    const wait = lastRun + intervalMs - timers.now();
    if (wait <= 0 && pending === null) run();
    else if (pending === null) pending = timers.set(run, Math.max(0, wait));
  }) as Throttled;
  throttled.cancel = () => {
    if (pending !== null) timers.clear(pending);
    pending = null;
  };
  return throttled;
}

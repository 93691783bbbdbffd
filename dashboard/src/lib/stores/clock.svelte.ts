/** A reactive "now" that ticks every second, for relative times and time-in-state figures. */
export const clock = $state({ now: Date.now() });

setInterval(() => {
  clock.now = Date.now();
}, 1_000);

/** Percentiles and formatting for benchmark figures. */
export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const i = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[i]!;
}

export function summarize(latenciesMs: number[]): { p50: string; p99: string; max: string } {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const f = (v: number) => `${v.toFixed(2)} ms`;
  return {
    p50: f(percentile(sorted, 50)),
    p99: f(percentile(sorted, 99)),
    max: f(sorted.at(-1) ?? NaN),
  };
}

export function rate(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000).toLocaleString('en-US')}/s`;
}

/** Runs `task` for each item with at most `inFlight` at once. */
export async function pool<T>(
  items: T[],
  inFlight: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(inFlight, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await task(item);
    }
  });
  await Promise.all(lanes);
}

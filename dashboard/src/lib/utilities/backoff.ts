/** Reconnect delays: exponential with "equal jitter" (half fixed, half random), capped. */
export interface BackoffPolicy {
  /** Delay before the first retry, in ms. @default 500 */
  initialDelayMs: number;
  /** Largest delay, in ms. @default 10_000 */
  maxDelayMs: number;
  /** Growth per attempt. @default 2 */
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = Object.freeze({
  initialDelayMs: 500,
  maxDelayMs: 10_000,
  factor: 2,
});

/** Delay before retry number `attempt` (1-based); `random` returns [0, 1). */
export function backoffDelayMs(
  attempt: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const base = Math.min(
    policy.maxDelayMs,
    policy.initialDelayMs * policy.factor ** Math.max(0, attempt - 1),
  );
  return Math.round(base / 2 + (base / 2) * random());
}

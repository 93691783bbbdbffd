/** How an activity is retried. Durations in ms; human strings are accepted only at the config edge. */
export interface RetryPolicy {
  /** Total attempts including the first. @default 3 */
  maxAttempts: number;
  /** Delay before the second attempt, in ms. @default 200 */
  initialIntervalMs: number;
  /** Each further delay is the previous one times this. @default 2 */
  backoffCoefficient: number;
  /** Upper bound of one delay, in ms. @default 10_000 */
  maxIntervalMs: number;
  /** Error codes or names that are never retried. @default [] */
  nonRetryable: readonly string[];
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 3,
  initialIntervalMs: 200,
  backoffCoefficient: 2,
  maxIntervalMs: 10_000,
  nonRetryable: [],
});

/** Delay before attempt number `nextAttempt` (2 for the first retry), in ms. */
export function retryDelayMs(policy: RetryPolicy, nextAttempt: number): number {
  const exponent = Math.max(0, nextAttempt - 2);
  return Math.min(
    policy.maxIntervalMs,
    policy.initialIntervalMs * policy.backoffCoefficient ** exponent,
  );
}

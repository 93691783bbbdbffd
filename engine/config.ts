/**
 * Engine settings: EngineOptions (partial, documented defaults and units) → withDefaults() →
 * compileEngineConfig() → a frozen EngineConfig, validated once with messages naming the field.
 * Environment variables are read only by cli/.
 */
import { OrqError } from './errors.js';

export interface EngineOptions {
  /** Most envelopes stepped and committed in one transaction. @default 500 */
  commitMaxBatch?: number;
  /** Restored instances kept in memory (least recently used out first). @default 10_000 */
  cacheMaxInstances?: number;
  /** Attempts of an envelope whose batch failed (store error or lost race). @default 5 */
  maxStepAttempts?: number;
  /** Pause before re-running a failed batch, in ms. @default 200 */
  retryDelayMs?: number;
  /** How often timer rows are polled, in ms. @default 1_000 */
  timerPollMs?: number;
  /** Timers due within this window are armed in memory, in ms. @default 5_000 */
  timerLookaheadMs?: number;
  /** Most due timer rows read per poll. @default 10_000 */
  timerPollLimit?: number;
  /** How often runnable activities are polled, in ms. @default 500 */
  activityPollMs?: number;
  /** Activities run at once by this process. @default 64 */
  activityConcurrency?: number;
  /** Added to an activity's timeout to form its lease, in ms. @default 5_000 */
  activityLeaseMarginMs?: number;
  /** How often the outbox is polled for rows left unpublished, in ms. @default 1_000 */
  outboxPollMs?: number;
  /** Outbox rows published per round. @default 500 */
  outboxBatchSize?: number;
}

export type EngineConfig = Readonly<Required<EngineOptions>>;

export const ENGINE_DEFAULTS: EngineConfig = Object.freeze({
  commitMaxBatch: 500,
  cacheMaxInstances: 10_000,
  maxStepAttempts: 5,
  retryDelayMs: 200,
  timerPollMs: 1_000,
  timerLookaheadMs: 5_000,
  timerPollLimit: 10_000,
  activityPollMs: 500,
  activityConcurrency: 64,
  activityLeaseMarginMs: 5_000,
  outboxPollMs: 1_000,
  outboxBatchSize: 500,
});

export function compileEngineConfig(options: EngineOptions = {}): EngineConfig {
  const merged = { ...ENGINE_DEFAULTS, ...stripUndefined(options) };
  for (const [field, value] of Object.entries(merged)) {
    if (!(field in ENGINE_DEFAULTS)) {
      throw new OrqError('ORQ_ERR_CONFIG_INVALID', { detail: `unknown setting "${field}"` });
    }
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value < 0 ||
      !Number.isInteger(value)
    ) {
      throw new OrqError('ORQ_ERR_CONFIG_INVALID', {
        detail: `"${field}" must be a non-negative integer, got ${JSON.stringify(value)}`,
      });
    }
  }
  if (merged.commitMaxBatch < 1)
    throw new OrqError('ORQ_ERR_CONFIG_INVALID', { detail: '"commitMaxBatch" must be at least 1' });
  return Object.freeze(merged);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * "Stuck": an active or paused instance that has been in its current state longer than a
 * threshold. The stats say which states hold such instances (their oldest visitor is older than
 * the threshold), so the dashboard only lists instances of those states.
 */
import type { InstanceView, StateStats } from '../api-types.js';

/** States whose oldest current instance has been there longer than the threshold, oldest first. */
export function statesWithStuckInstances(
  stats: readonly StateStats[],
  thresholdMs: number,
): StateStats[] {
  return stats
    .filter((s) => s.current > 0 && s.oldestMs !== null && s.oldestMs > thresholdMs)
    .sort((a, b) => (b.oldestMs ?? 0) - (a.oldestMs ?? 0));
}

export function timeInStateMs(
  instance: Pick<InstanceView, 'stateEnteredAt'>,
  nowMs: number,
): number {
  return Math.max(0, nowMs - Date.parse(instance.stateEnteredAt));
}

export function isStuck(
  instance: Pick<InstanceView, 'status' | 'stateEnteredAt'>,
  thresholdMs: number,
  nowMs: number,
): boolean {
  if (instance.status !== 'active' && instance.status !== 'paused') return false;
  return timeInStateMs(instance, nowMs) > thresholdMs;
}

/** The stuck ones among `instances`, longest waiting first, without duplicates. */
export function stuckInstances<T extends Pick<InstanceView, 'id' | 'status' | 'stateEnteredAt'>>(
  instances: readonly T[],
  thresholdMs: number,
  nowMs: number,
): T[] {
  const seen = new Set<string>();
  return instances
    .filter((i) => {
      if (seen.has(i.id) || !isStuck(i, thresholdMs, nowMs)) return false;
      seen.add(i.id);
      return true;
    })
    .sort((a, b) => Date.parse(a.stateEnteredAt) - Date.parse(b.stateEnteredAt));
}

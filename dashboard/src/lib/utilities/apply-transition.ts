/**
 * A live transition applied to the instance it belongs to, so tables and the instance view move
 * without a refetch. Transitions at or before the instance's `seq` are stale (a replay overlapping
 * what REST returned) and change nothing; a gap in `seq` means something was missed, and the caller
 * refetches the instance.
 */
import type { InstanceView, StreamTransition } from '../api-types.js';
import { applyContextChanges } from './apply-context-changes.js';
import { stateValueToPaths } from './state-value-paths.js';

export interface AppliedTransition {
  instance: InstanceView;
  /** False when the transition was stale and nothing changed. */
  changed: boolean;
  /** True when transitions between the instance's seq and this one were missed. */
  gap: boolean;
}

export function applyTransition(instance: InstanceView, t: StreamTransition): AppliedTransition {
  if (t.instanceId !== instance.id || t.seq <= instance.seq) {
    return { instance, changed: false, gap: false };
  }
  const gap = t.seq !== instance.seq + 1;
  const valueChanged = JSON.stringify(t.to) !== JSON.stringify(instance.value);
  return {
    instance: {
      ...instance,
      value: t.to,
      statePaths: stateValueToPaths(t.to),
      status: t.status,
      seq: t.seq,
      updatedAt: t.at,
      stateEnteredAt: valueChanged ? t.at : instance.stateEnteredAt,
      context: gap ? instance.context : applyContextChanges(instance.context, t.contextChanges),
    },
    changed: true,
    gap,
  };
}

/**
 * Replays recorded context changes. A transition records what changed in context as path-level
 * changes (the engine's context diff: '' is the whole context, 'a.b' a nested field), so the
 * context as it was after any step is the first step's context with every later change applied:
 * the timeline's time travel needs no snapshot per step.
 */
import type { ContextChange } from '../api-types.js';

type Json = Record<string, unknown>;

export function applyContextChanges(context: unknown, changes: readonly ContextChange[]): unknown {
  let result = context;
  for (const change of changes) result = applyOne(result, change);
  return result;
}

function applyOne(context: unknown, change: ContextChange): unknown {
  if (change.path === '') return change.op === 'remove' ? undefined : change.to;
  const keys = change.path.split('.');
  return setIn(context, keys, change);
}

function setIn(target: unknown, keys: string[], change: ContextChange): unknown {
  const [head, ...rest] = keys;
  if (head === undefined) return change.op === 'remove' ? undefined : change.to;
  const copy: Json = isObject(target) ? { ...target } : {};
  if (rest.length === 0 && change.op === 'remove') {
    delete copy[head];
    return copy;
  }
  copy[head] = setIn(copy[head], rest, change);
  return copy;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The context after the transition with this `seq`, from an ordered, complete history. */
export function contextAtStep(
  history: ReadonlyArray<{ seq: number; contextChanges: readonly ContextChange[] }>,
  seq: number,
): unknown {
  let context: unknown = undefined;
  for (const t of history) {
    if (t.seq > seq) break;
    context = applyContextChanges(context, t.contextChanges);
  }
  return context;
}

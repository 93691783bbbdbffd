/**
 * The path an instance took through its statechart, from its recorded transitions: the states it
 * has been in, and which arrows it followed (an arrow counts when it leaves a state the instance
 * was in, on the event that was delivered, into a state it reached). The instance view draws this
 * under the current state, and time travel recomputes it for any step.
 */
import type { GraphEdge } from '../api-types.js';
import { stateValueToPaths } from './state-value-paths.js';

export interface TransitionStep {
  seq: number;
  event: { type: string };
  from: Parameters<typeof stateValueToPaths>[0];
  to: Parameters<typeof stateValueToPaths>[0];
}

export interface PathTaken {
  /** Every state path the instance has been in (ancestors included). */
  visited: Set<string>;
  /** Edge id → how many times it was followed. */
  traversed: Map<string, number>;
  /** The edges of the last step shown. */
  lastEdges: Set<string>;
  /** Active state paths at the last step shown. */
  current: Set<string>;
}

export function pathTaken(
  edges: readonly GraphEdge[],
  steps: readonly TransitionStep[],
  uptoSeq: number = Number.POSITIVE_INFINITY,
): PathTaken {
  const byEvent = new Map<string, GraphEdge[]>();
  for (const e of edges) {
    const list = byEvent.get(e.event) ?? [];
    list.push(e);
    byEvent.set(e.event, list);
  }
  const visited = new Set<string>();
  const traversed = new Map<string, number>();
  let lastEdges = new Set<string>();
  let current = new Set<string>();
  for (const step of steps) {
    if (step.seq > uptoSeq) break;
    const fromPaths = new Set(stateValueToPaths(step.from));
    const toPaths = stateValueToPaths(step.to);
    const toSet = new Set(toPaths);
    for (const p of toPaths) visited.add(p);
    lastEdges = new Set();
    for (const e of byEvent.get(step.event.type) ?? []) {
      if (!fromPaths.has(e.source)) continue;
      if (e.targets.length > 0 && !e.targets.some((t) => toSet.has(t))) continue;
      traversed.set(e.id, (traversed.get(e.id) ?? 0) + 1);
      lastEdges.add(e.id);
    }
    current = toSet;
  }
  return { visited, traversed, lastEdges, current };
}

/**
 * Pins the "path taken" overlay of the instance view. It must pick exactly the arrows the instance
 * followed: the same event type can label several arrows (from different states, or guarded
 * alternatives to different targets), and lighting the wrong one tells a false story of the run.
 */
import { describe, expect, it } from 'vitest';
import type { GraphEdge } from '../api-types.js';
import { pathTaken, type TransitionStep } from './path-taken.js';

const edge = (id: string, source: string, event: string, targets: string[]): GraphEdge => ({
  id,
  source,
  targets,
  event,
  kind: 'event',
  label: event,
  guard: null,
  delayMs: null,
  actions: [],
  reenter: false,
});

const edges = [
  edge('e0', 'idle', 'GO', ['review.pending']),
  edge('e1', 'review.pending', 'APPROVE', ['done']),
  edge('e2', 'review.pending', 'REJECT', ['idle']),
  edge('e3', 'review', 'GO', ['idle']),
  edge('e4', 'review.pending', 'DECIDE', ['done']),
  edge('e5', 'review.pending', 'DECIDE', ['idle']),
];

const steps: TransitionStep[] = [
  { seq: 1, event: { type: 'xstate.init' }, from: null, to: 'idle' },
  { seq: 2, event: { type: 'GO' }, from: 'idle', to: { review: 'pending' } },
  { seq: 3, event: { type: 'DECIDE' }, from: { review: 'pending' }, to: 'done' },
];

describe('pathTaken', () => {
  it('collects every state visited, ancestors included', () => {
    expect([...pathTaken(edges, steps).visited].sort()).toEqual([
      'done',
      'idle',
      'review',
      'review.pending',
    ]);
  });

  it('follows the arrow from the state the instance was in, not another with the same event', () => {
    const taken = pathTaken(edges, steps);
    expect(taken.traversed.has('e0')).toBe(true);
    expect(taken.traversed.has('e3')).toBe(false);
  });

  it('picks the guarded alternative that reached the actual target', () => {
    const taken = pathTaken(edges, steps);
    expect([...taken.lastEdges]).toEqual(['e4']);
    expect(taken.traversed.has('e5')).toBe(false);
  });

  it('stops at the step being shown (time travel)', () => {
    const taken = pathTaken(edges, steps, 2);
    expect([...taken.current].sort()).toEqual(['review', 'review.pending']);
    expect(taken.visited.has('done')).toBe(false);
    expect([...taken.lastEdges]).toEqual(['e0']);
  });

  it('counts an arrow followed several times', () => {
    const loop = [
      ...steps.slice(0, 2),
      { seq: 3, event: { type: 'REJECT' }, from: { review: 'pending' }, to: 'idle' },
      { seq: 4, event: { type: 'GO' }, from: 'idle', to: { review: 'pending' } },
    ];
    expect(pathTaken(edges, loop).traversed.get('e0')).toBe(2);
  });
});

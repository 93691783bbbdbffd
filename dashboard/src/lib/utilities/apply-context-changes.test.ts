/**
 * Pins time travel over context: replaying the recorded changes of steps 1..n gives the context
 * as it was after step n. The timeline shows that context when the user scrubs back; a wrong
 * replay would show a state of the world that never existed.
 */
import { describe, expect, it } from 'vitest';
import type { ContextChange } from '../api-types.js';
import { applyContextChanges, contextAtStep } from './apply-context-changes.js';

const history: Array<{ seq: number; contextChanges: ContextChange[] }> = [
  {
    seq: 1,
    contextChanges: [
      { path: '', op: 'add', to: { orderId: 'o-1', paymentId: null, meta: { tries: 0 } } },
    ],
  },
  {
    seq: 2,
    contextChanges: [
      { path: 'paymentId', op: 'replace', from: null, to: 'pay-1' },
      { path: 'meta.tries', op: 'replace', from: 0, to: 1 },
    ],
  },
  {
    seq: 3,
    contextChanges: [
      { path: 'meta.note', op: 'add', to: 'late' },
      { path: 'orderId', op: 'remove', from: 'o-1' },
    ],
  },
];

describe('contextAtStep', () => {
  it('gives the initial context after the first step', () => {
    expect(contextAtStep(history, 1)).toEqual({
      orderId: 'o-1',
      paymentId: null,
      meta: { tries: 0 },
    });
  });

  it('applies nested replacements of later steps', () => {
    expect(contextAtStep(history, 2)).toEqual({
      orderId: 'o-1',
      paymentId: 'pay-1',
      meta: { tries: 1 },
    });
  });

  it('applies additions and removals', () => {
    expect(contextAtStep(history, 3)).toEqual({
      paymentId: 'pay-1',
      meta: { tries: 1, note: 'late' },
    });
  });
});

describe('applyContextChanges', () => {
  it('never mutates the context it is given', () => {
    const before = { a: { b: 1 } };
    const after = applyContextChanges(before, [{ path: 'a.b', op: 'replace', from: 1, to: 2 }]);
    expect(before).toEqual({ a: { b: 1 } });
    expect(after).toEqual({ a: { b: 2 } });
  });

  it('creates intermediate objects for a nested addition', () => {
    expect(applyContextChanges({}, [{ path: 'x.y', op: 'add', to: true }])).toEqual({
      x: { y: true },
    });
  });
});

/**
 * Pins how a live transition moves an instance on screen. Replays after a reconnect overlap what
 * REST already returned, so stale transitions must change nothing; a missed one must be reported
 * so the view refetches instead of showing a context that never existed.
 */
import { describe, expect, it } from 'vitest';
import type { InstanceView, StreamTransition } from '../api-types.js';
import { applyTransition } from './apply-transition.js';

const instance: InstanceView = {
  id: 'i-1',
  machine: 'order',
  version: 1,
  key: 'o-1',
  status: 'active',
  value: 'awaitingPayment',
  statePaths: ['awaitingPayment'],
  context: { paymentId: null },
  input: {},
  seq: 2,
  createdAt: '2026-03-01T12:00:00.000Z',
  updatedAt: '2026-03-01T12:00:01.000Z',
  stateEnteredAt: '2026-03-01T12:00:01.000Z',
};

const transition = (over: Partial<StreamTransition>): StreamTransition => ({
  type: 'orq.transition',
  instanceId: 'i-1',
  machine: 'order',
  version: 1,
  seq: 3,
  event: { type: 'PaymentReceived', paymentId: 'p-1' },
  from: 'awaitingPayment',
  to: 'charging',
  status: 'active',
  at: '2026-03-01T12:00:05.000Z',
  position: '100',
  contextChanges: [{ path: 'paymentId', op: 'replace', from: null, to: 'p-1' }],
  ...over,
});

describe('applyTransition', () => {
  it('moves the instance to the new state with its context change', () => {
    const { instance: next, changed, gap } = applyTransition(instance, transition({}));
    expect(changed).toBe(true);
    expect(gap).toBe(false);
    expect(next.value).toBe('charging');
    expect(next.statePaths).toEqual(['charging']);
    expect(next.seq).toBe(3);
    expect(next.context).toEqual({ paymentId: 'p-1' });
    expect(next.stateEnteredAt).toBe('2026-03-01T12:00:05.000Z');
  });

  it('ignores a stale or duplicate transition', () => {
    const result = applyTransition(instance, transition({ seq: 2 }));
    expect(result.changed).toBe(false);
    expect(result.instance).toBe(instance);
  });

  it('keeps the time in state when the state value did not change', () => {
    const { instance: next } = applyTransition(instance, transition({ to: 'awaitingPayment' }));
    expect(next.stateEnteredAt).toBe(instance.stateEnteredAt);
  });

  it('reports a gap and leaves the context alone', () => {
    const { instance: next, gap } = applyTransition(instance, transition({ seq: 5 }));
    expect(gap).toBe(true);
    expect(next.context).toEqual({ paymentId: null });
    expect(next.status).toBe('active');
  });
});

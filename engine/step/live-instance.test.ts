/**
 * Pins the stepper's contract: one envelope in, data out (transitions, outbox, timers, activities),
 * nothing performed; and a snapshot round-tripped through JSON restores to the same behaviour,
 * timers included (XState itself does not persist pending timers).
 */
import { describe, expect, it } from 'vitest';
import { sampleWorkflow } from '../testing/sample-workflows.js';
import type { Envelope, WorkflowEvent } from '../types.js';
import { LiveInstance } from './live-instance.js';
import type { InstanceRecord } from './step-types.js';

const T0 = Date.UTC(2026, 0, 1);
let n = 0;
const env = (instanceId: string, event: WorkflowEvent): Envelope => ({
  id: `e${++n}`,
  instanceId,
  event,
  source: 'api',
});

function roundTrip(live: LiveInstance): LiveInstance {
  const record = JSON.parse(JSON.stringify(live.record)) as InstanceRecord;
  const timers = JSON.parse(JSON.stringify(live.timers)) as typeof live.timers;
  return LiveInstance.restore(sampleWorkflow, record, timers, live.pendingActivities);
}

describe('LiveInstance', () => {
  it('records the initial transition from nothing', () => {
    const { live, result } = LiveInstance.start(sampleWorkflow, {
      id: 'i1',
      businessKey: null,
      input: { orderId: 'o1' },
      now: T0,
      envelopeId: 's1',
    });
    expect(result.transitions).toHaveLength(1);
    expect(result.transitions[0]).toMatchObject({
      seq: 1,
      from: null,
      to: 'draft',
      status: 'active',
    });
    expect(live.record.version).toBe(1);
  });

  it('arms an after timer with its deadline and keeps it across a JSON round trip', () => {
    const { live } = LiveInstance.start(sampleWorkflow, {
      id: 'i2',
      businessKey: null,
      input: { orderId: 'o2' },
      now: T0,
      envelopeId: 's2',
    });
    live.apply(env('i2', { type: 'SUBMIT' }), T0 + 5);
    expect(live.timers).toEqual([
      expect.objectContaining({
        sourcePath: '',
        targetPath: '',
        timerId: 'xstate.after.60000.sample.awaitingPayment',
        dueAt: T0 + 5 + 60_000,
      }),
    ]);
    const restored = roundTrip(live);
    const r = restored.apply(env('i2', { type: 'REMIND' }), T0 + 1000);
    expect(r.transitions[0]?.contextChanges).toEqual([
      { path: 'reminders', op: 'replace', from: 0, to: 1 },
    ]);
    expect(restored.timers[0]?.dueAt).toBe(T0 + 5 + 60_000); // deadline unchanged by later steps
    const fired = restored.apply(
      env('i2', {
        type: 'orq.timer',
        sourcePath: '',
        timerId: 'xstate.after.60000.sample.awaitingPayment',
        dueAt: T0 + 60_005,
      }),
      T0 + 60_010,
    );
    expect(fired.transitions[0]).toMatchObject({
      from: 'awaitingPayment',
      to: 'expired',
      status: 'done',
    });
    expect(restored.status).toBe('done');
    expect(restored.timers).toEqual([]);
  });

  it('turns an invoked promise into an activity to run after commit, and its result into the next state', () => {
    const { live } = LiveInstance.start(sampleWorkflow, {
      id: 'i3',
      businessKey: null,
      input: { orderId: 'o3' },
      now: T0,
      envelopeId: 's3',
    });
    live.apply(env('i3', { type: 'SUBMIT' }), T0);
    const paid = live.apply(env('i3', { type: 'PAY' }), T0);
    expect(paid.newActivities).toEqual([
      expect.objectContaining({
        actorPath: 'charge',
        activityType: 'charge',
        input: { orderId: 'o3' },
      }),
    ]);
    expect(live.timers).toEqual([]); // leaving awaitingPayment cancelled the after timer
    const activity = paid.newActivities[0]!;
    const restored = roundTrip(live);
    const done = restored.apply(
      env('i3', {
        type: 'orq.activity.result',
        activityId: activity.id,
        actorPath: 'charge',
        activityType: 'charge',
        ok: true,
        output: { chargeId: 'ch_o3' },
      }),
      T0 + 10,
    );
    expect(done.transitions.map((t) => t.to)).toEqual(['review']);
    expect(done.outbox).toEqual([
      expect.objectContaining({ topic: 'orders.charged', key: 'o3', value: { orderId: 'o3' } }),
    ]);
    expect(done.finishedActivities).toEqual([{ id: activity.id, status: 'done' }]);
    // the delayed sendTo to the child machine is a timer owned by the root, targeting 'reviewer'
    expect(restored.timers).toEqual([
      expect.objectContaining({ sourcePath: '', targetPath: 'reviewer', event: { type: 'PING' } }),
    ]);
    const timer = restored.timers[0]!;
    const again = roundTrip(restored);
    again.apply(
      env('i3', { type: 'orq.timer', sourcePath: '', timerId: timer.timerId, dueAt: timer.dueAt }),
      T0 + 2000,
    );
    const approved = again.apply(env('i3', { type: 'APPROVE' }), T0 + 3000);
    expect(approved.transitions.at(-1)).toMatchObject({ to: 'done', status: 'done' });
  });

  it('fails the instance on an unhandled activity failure and resumes on retry', () => {
    const { live } = LiveInstance.start(sampleWorkflow, {
      id: 'i4',
      businessKey: null,
      input: { orderId: 'o4' },
      now: T0,
      envelopeId: 's4',
    });
    live.apply(env('i4', { type: 'SUBMIT' }), T0);
    const activity = live.apply(env('i4', { type: 'PAY' }), T0).newActivities[0]!;
    const failed = live.apply(
      env('i4', {
        type: 'orq.activity.result',
        activityId: activity.id,
        actorPath: 'charge',
        activityType: 'charge',
        ok: false,
        error: { code: 'ORQ_ERR_ACTIVITY_FAILED', message: 'declined' },
      }),
      T0,
    );
    expect(failed.verdict).toBe('failed');
    expect(live.status).toBe('failed');
    expect(live.record.error?.message).toBe('declined');
    expect(live.apply(env('i4', { type: 'REMIND' }), T0).verdict).toBe('held');
    const retried = live.apply(env('i4', { type: 'orq.retry' }), T0);
    expect(retried.retriedActivities).toEqual([activity.id]);
    expect(live.status).toBe('active');
  });

  it('turns machine code that throws into a failed status, keeping the last good snapshot', () => {
    const { live } = LiveInstance.start(sampleWorkflow, {
      id: 'i5',
      businessKey: null,
      input: { orderId: 'o5' },
      now: T0,
      envelopeId: 's5',
    });
    const before = JSON.stringify(live.record.snapshot);
    const r = live.apply(env('i5', { type: 'EXPLODE' }), T0);
    expect(r.verdict).toBe('failed');
    expect(live.record.error).toMatchObject({
      code: 'ORQ_ERR_MACHINE_ERROR',
      message: 'machine code exploded',
    });
    expect(JSON.stringify(live.record.snapshot)).toBe(before);
    expect(live.record.failedEnvelope?.event.type).toBe('EXPLODE');
  });

  it('pauses, holds events, and applies them in order on resume', () => {
    const { live } = LiveInstance.start(sampleWorkflow, {
      id: 'i6',
      businessKey: null,
      input: { orderId: 'o6' },
      now: T0,
      envelopeId: 's6',
    });
    live.apply(env('i6', { type: 'orq.pause' }), T0);
    const h1 = env('i6', { type: 'SUBMIT' });
    const h2 = env('i6', { type: 'REMIND' });
    expect(live.apply(h1, T0).verdict).toBe('held');
    const resumed = live.apply(env('i6', { type: 'orq.resume' }), T0, [h1, h2]);
    expect(resumed.transitions.map((t) => [t.event.type, t.to, t.status])).toEqual([
      ['orq.resume', 'draft', 'active'],
      ['SUBMIT', 'awaitingPayment', 'active'],
      ['REMIND', 'awaitingPayment', 'active'],
    ]);
  });
});

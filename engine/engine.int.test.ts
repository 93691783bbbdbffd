/**
 * Pins the engine's behaviour end to end on a real PostgreSQL: starting (idempotent by business
 * key), events validated and applied in order, activities run after commit and fed back, durable
 * timers driven by the engine's clock, the outbox published after commit, failure as a visible
 * status with retry, pause/resume holding events, cancel, and envelope dedup.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/setup/database.js';
import { ManualClock } from './clock.js';
import { createEngine, type OrqEngine } from './engine.js';
import { activityCalls, sampleWorkflow } from './testing/sample-workflows.js';
import { eventually } from './testing/eventually.js';

let db: TestDatabase;
let engine: OrqEngine;
const clock = new ManualClock(Date.now());

beforeAll(async () => {
  db = await createTestDatabase('engine');
  engine = createEngine({
    knex: db.knex,
    workflows: [sampleWorkflow],
    clock,
    config: { timerPollMs: 100 },
  });
  await engine.start();
});
afterAll(async () => {
  await engine?.stop();
  await db?.drop();
});

const statusOf = async (id: string) => (await engine.getInstance(id))?.status;
const valueOf = async (id: string) => (await engine.getInstance(id))?.value;

describe('engine on Postgres', () => {
  it('starts an instance and records its first transition', async () => {
    const { instance, created } = await engine.startInstance({
      machine: 'sample',
      input: { orderId: 'a1' },
    });
    expect(created).toBe(true);
    expect(instance).toMatchObject({
      machine: 'sample',
      version: 1,
      status: 'active',
      value: 'draft',
      context: { orderId: 'a1' },
    });
    const history = await engine.getHistory(instance.id);
    expect(history).toEqual([expect.objectContaining({ seq: 1, from: null, to: 'draft' })]);
  });

  it('returns the existing instance when started twice with one key', async () => {
    const first = await engine.startInstance({
      machine: 'sample',
      key: 'order-7',
      input: { orderId: 'o7' },
    });
    const second = await engine.startInstance({
      machine: 'sample',
      key: 'order-7',
      input: { orderId: 'o7' },
    });
    expect(second.created).toBe(false);
    expect(second.instance.id).toBe(first.instance.id);
  });

  it('refuses unknown events, invalid payloads and invalid input with their codes', async () => {
    const { instance } = await engine.startInstance({
      machine: 'sample',
      input: { orderId: 'v1' },
    });
    await expect(engine.sendEvent(instance.id, { type: 'NOPE' })).rejects.toMatchObject({
      code: 'ORQ_ERR_UNKNOWN_EVENT',
    });
    await expect(engine.sendEvent(instance.id, { type: 'NOTE', text: 42 })).rejects.toMatchObject({
      code: 'ORQ_ERR_EVENT_INVALID',
    });
    await expect(engine.startInstance({ machine: 'sample', input: {} })).rejects.toMatchObject({
      code: 'ORQ_ERR_INPUT_INVALID',
    });
    await expect(engine.startInstance({ machine: 'nope' })).rejects.toMatchObject({
      code: 'ORQ_ERR_MACHINE_NOT_FOUND',
    });
    await expect(
      engine.sendEvent('00000000-0000-4000-8000-000000000000', { type: 'SUBMIT' }),
    ).rejects.toMatchObject({ code: 'ORQ_ERR_INSTANCE_NOT_FOUND' });
  });

  it('runs an activity after commit, feeds its result back, publishes the outbox, fires a delayed event', async () => {
    const { instance } = await engine.startInstance({
      machine: 'sample',
      input: { orderId: 'b2' },
    });
    await engine.sendEvent(instance.id, { type: 'SUBMIT' });
    await engine.sendEvent(instance.id, { type: 'PAY' });
    await eventually(async () => (await valueOf(instance.id)) === 'review', 10_000, 'review');
    const call = activityCalls.find((c) => (c.input as { orderId: string }).orderId === 'b2');
    expect(call?.idempotencyKey).toMatch(new RegExp(`^${instance.id}:charge:`));
    const msg = await eventually(() =>
      engine.localTopics?.recent('orders.charged').find((r) => r.key === 'b2'),
    );
    expect(msg.headers['orq-message-id']).toBeTruthy();
    // review sends PING to its child after 1 s of engine time, then APPROVE finishes it
    expect(await db.knex('orq_timers').where({ instance_id: instance.id })).toHaveLength(1);
    clock.advance(1_500);
    await eventually(
      async () => (await db.knex('orq_timers').where({ instance_id: instance.id })).length === 0,
      5_000,
      'PING timer to fire',
    );
    await engine.sendEvent(instance.id, { type: 'APPROVE' });
    await eventually(async () => (await statusOf(instance.id)) === 'done', 5_000, 'done');
  });

  it('fires an after timer at its deadline on the engine clock', async () => {
    const { instance } = await engine.startInstance({
      machine: 'sample',
      input: { orderId: 'c3' },
    });
    await engine.sendEvent(instance.id, { type: 'SUBMIT' });
    clock.advance(59_000);
    expect(await valueOf(instance.id)).toBe('awaitingPayment');
    // The timer poll runs on the engine clock too: keep time moving until the firing commits.
    await eventually(
      async () => {
        clock.advance(100);
        return (await valueOf(instance.id)) === 'expired';
      },
      10_000,
      'expired',
    );
    expect(await statusOf(instance.id)).toBe('done');
  });

  it('puts an instance whose activity exhausts its retries in failed, with the error, and retries it', async () => {
    const { instance } = await engine.startInstance({
      machine: 'sample',
      input: { orderId: 'fail-1' },
    });
    await engine.sendEvent(instance.id, { type: 'SUBMIT' });
    await engine.sendEvent(instance.id, { type: 'PAY' });
    // retry backoff runs on the engine clock: move it along until the attempts are exhausted
    const failed = await eventually(
      async () => {
        clock.advance(50);
        const v = await engine.getInstance(instance.id);
        return v?.status === 'failed' ? v : null;
      },
      10_000,
      'failed',
    );
    expect(failed.error).toMatchObject({ code: 'ORQ_ERR_ACTIVITY_FAILED' });
    expect(failed.error?.message).toContain('card declined');
    expect(
      activityCalls.filter((c) => (c.input as { orderId: string }).orderId === 'fail-1'),
    ).toHaveLength(2);
    const retried = await engine.retry(instance.id);
    expect(retried.status).toBe('active');
    await eventually(
      async () => {
        clock.advance(50);
        return (await statusOf(instance.id)) === 'failed';
      },
      10_000,
      'failed again',
    );
    expect(
      activityCalls.filter((c) => (c.input as { orderId: string }).orderId === 'fail-1'),
    ).toHaveLength(4);
  });

  it('records machine code that throws as failed, keeping the last good state', async () => {
    const { instance } = await engine.startInstance({
      machine: 'sample',
      input: { orderId: 'd4' },
    });
    await engine.sendEvent(instance.id, { type: 'NOTE', text: 'hello' });
    await engine.sendEvent(instance.id, { type: 'EXPLODE' });
    const v = await engine.getInstance(instance.id);
    expect(v).toMatchObject({ status: 'failed', value: 'draft', context: { note: 'hello' } });
    expect(v?.error).toMatchObject({
      code: 'ORQ_ERR_MACHINE_ERROR',
      message: 'machine code exploded',
    });
  });

  it('holds events while paused and applies them in order on resume', async () => {
    const { instance } = await engine.startInstance({
      machine: 'sample',
      input: { orderId: 'e5' },
    });
    await engine.pause(instance.id);
    await engine.sendEvent(instance.id, { type: 'NOTE', text: 'one' });
    await engine.sendEvent(instance.id, { type: 'SUBMIT' });
    expect(await engine.getInstance(instance.id)).toMatchObject({
      status: 'paused',
      value: 'draft',
    });
    const resumed = await engine.resume(instance.id);
    expect(resumed).toMatchObject({
      status: 'active',
      value: 'awaitingPayment',
      context: { note: 'one' },
    });
    const types = (await engine.getHistory(instance.id)).map((t) => t.event.type);
    expect(types).toEqual(['xstate.init', 'orq.pause', 'orq.resume', 'NOTE', 'SUBMIT']);
  });

  it('cancels an instance and refuses events afterwards', async () => {
    const { instance } = await engine.startInstance({
      machine: 'sample',
      input: { orderId: 'f6' },
    });
    await engine.sendEvent(instance.id, { type: 'SUBMIT' });
    expect(await engine.cancel(instance.id)).toMatchObject({ status: 'cancelled' });
    await expect(engine.sendEvent(instance.id, { type: 'PAY' })).rejects.toMatchObject({
      code: 'ORQ_ERR_INSTANCE_NOT_ACTIVE',
    });
    expect(await db.knex('orq_timers').where({ instance_id: instance.id })).toEqual([]);
  });

  it('applies an envelope delivered twice once', async () => {
    const { instance } = await engine.startInstance({
      machine: 'sample',
      input: { orderId: 'g7' },
    });
    await engine.sendEvent(instance.id, { type: 'NOTE', text: 'x' }, { envelopeId: 'dup-1' });
    await engine.sendEvent(instance.id, { type: 'NOTE', text: 'y' }, { envelopeId: 'dup-1' });
    const history = await engine.getHistory(instance.id);
    expect(history.map((h) => h.event.type)).toEqual(['xstate.init', 'NOTE']);
    expect((await engine.getInstance(instance.id))?.context).toMatchObject({ note: 'x' });
    // after the instance finished, a redelivery is still a duplicate (no error), a new event is refused
    await engine.cancel(instance.id);
    await expect(
      engine.sendEvent(instance.id, { type: 'NOTE', text: 'x' }, { envelopeId: 'dup-1' }),
    ).resolves.toEqual({ envelopeId: 'dup-1' });
    await expect(
      engine.sendEvent(instance.id, { type: 'NOTE', text: 'z' }, { envelopeId: 'new-1' }),
    ).rejects.toMatchObject({ code: 'ORQ_ERR_INSTANCE_NOT_ACTIVE' });
  });

  it('lists instances newest first with a cursor and by state', async () => {
    const page1 = await engine.listInstances({ machine: 'sample', limit: 3 });
    expect(page1.items).toHaveLength(3);
    expect(page1.nextCursor).toBeTruthy();
    const page2 = await engine.listInstances({
      machine: 'sample',
      limit: 3,
      cursor: page1.nextCursor!,
    });
    expect(page2.items[0]?.id).not.toBe(page1.items[0]?.id);
    const inDraft = await engine.listInstances({ machine: 'sample', state: 'draft' });
    expect(inDraft.items.every((i) => i.statePaths.includes('draft'))).toBe(true);
    const stats = await engine.machineStats('sample');
    expect(stats.find((s) => s.state === 'draft')?.current).toBeGreaterThan(0);
  });
});

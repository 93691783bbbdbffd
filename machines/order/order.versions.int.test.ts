/**
 * Pins version compatibility: a persisted snapshot of order v1 (committed fixture) still restores
 * and runs with today's code; a v2 registers beside v1, running v1 instances stay on v1, and its
 * migration moves them forward — dry run first (nothing written), then for real — on a real
 * PostgreSQL. A migration that throws is reported per instance and changes nothing.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createActor } from 'xstate';
import {
  createEngine,
  defineWorkflow,
  type OrqEngine,
  type PersistedSnapshot,
} from '../../engine/index.js';
import { createTestDatabase, type TestDatabase } from '../../test/setup/database.js';
import { orderMachine } from './order.machine.js';
import { orderWorkflow } from './order.workflow.js';

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/order.v1.awaiting-payment.json', import.meta.url), 'utf8'),
) as PersistedSnapshot;

/** v2 adds a context field; its migration fills it in for running v1 instances. */
const orderV2 = defineWorkflow({
  id: 'order',
  version: 2,
  machine: orderMachine,
  events: { PaymentReceived: {}, CancelOrder: {} },
  migration: {
    fromVersion: 1,
    migrate: (snapshot) => ({
      ...snapshot,
      context: { ...(snapshot.context as object), migratedFrom: 1 },
    }),
  },
});
const brokenV1 = defineWorkflow({ id: 'order-broken', version: 1, machine: orderMachine });
const brokenV2 = defineWorkflow({
  id: 'order-broken',
  version: 2,
  machine: orderMachine,
  migration: {
    fromVersion: 1,
    migrate: () => {
      throw new Error('cannot map');
    },
  },
});

it('restores the committed v1 snapshot with current code and continues', () => {
  const actor = createActor(orderWorkflow.machine, { snapshot: fixture as never });
  actor.start();
  expect(actor.getSnapshot().value).toBe('awaitingPayment');
  actor.send({ type: 'PaymentReceived', paymentId: 'p-1' });
  expect(actor.getSnapshot().value).toBe('charging');
  expect((actor.getSnapshot().context as { paymentId: string | null }).paymentId).toBe('p-1');
});

let db: TestDatabase;
let engine: OrqEngine;
beforeAll(async () => {
  db = await createTestDatabase('versions');
  engine = createEngine({ knex: db.knex, workflows: [orderWorkflow, orderV2, brokenV1, brokenV2] });
  await engine.start();
});
afterAll(async () => {
  await engine?.stop();
  await db?.drop();
});

it('keeps running instances on their version and migrates them on request', async () => {
  const { instance } = await engine.startInstance({
    machine: 'order',
    version: 1,
    input: { orderId: 'mig-1', amount: 5 },
  });
  expect(instance.version).toBe(1);
  const latest = await engine.startInstance({
    machine: 'order',
    input: { orderId: 'mig-2', amount: 5 },
  });
  expect(latest.instance.version).toBe(2);

  const dry = await engine.migrateInstances({ machine: 'order', fromVersion: 1, dryRun: true });
  expect(dry).toMatchObject({ toVersion: 2, dryRun: true, migrated: 1, failed: 0 });
  expect((await engine.getInstance(instance.id))?.version).toBe(1);

  const real = await engine.migrateInstances({ machine: 'order', fromVersion: 1 });
  expect(real).toMatchObject({ migrated: 1, failed: 0 });
  const moved = await engine.getInstance(instance.id);
  expect(moved?.version).toBe(2);
  expect(moved?.context).toMatchObject({ migratedFrom: 1, orderId: 'mig-1' });
  await engine.sendEvent(instance.id, { type: 'CancelOrder', reason: 'changed my mind' });
  const events = (await engine.getHistory(instance.id)).map((h) => h.event.type);
  expect(events).toContain('CancelOrder');
});

it('reports a migration that throws, and writes nothing', async () => {
  const { instance } = await engine.startInstance({
    machine: 'order-broken',
    version: 1,
    input: { orderId: 'b-1' },
  });
  const report = await engine.migrateInstances({ machine: 'order-broken', fromVersion: 1 });
  expect(report).toMatchObject({ migrated: 0, failed: 1 });
  expect(report.results[0]?.error?.message).toContain('cannot map');
  expect((await engine.getInstance(instance.id))?.version).toBe(1);
});

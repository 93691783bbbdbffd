/**
 * Pins that a Kafka trigger never starts the same workflow twice, nor applies the same event twice,
 * even when a record is delivered to two replicas across a rebalance (users of other orchestrators
 * report duplicate starts exactly there). Replica A applies OrderPlaced, then hangs before
 * committing its offset (a fault point): it stops heartbeating, the group hands its partitions to
 * replica B, and B receives OrderPlaced again. B then applies PaymentReceived and hangs the same
 * way; replica C takes over and receives the payment again. The result: one order, which
 * completes; the payment applied once; no transition recorded twice.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Partitioners } from 'kafkajs';
import { orderRoutesOn } from '../../../machines/order/order.routes.js';
import { orderWorkflow } from '../../../machines/order/order.workflow.js';
import { randomKafkaNames } from '../../../test/kafka/kafka-names.js';
import { createTestDatabase, type TestDatabase } from '../../../test/setup/database.js';
import { testKafka, testKafkaBrokers } from '../../../test/setup/kafka-test-client.js';
import { eventually } from '../../testing/eventually.js';
import { startKafkaEngine, type KafkaEngine } from './kafka-engine.js';
import type { KafkaTransportOptions } from './kafka-transport.js';

const names = randomKafkaNames('rebalance');
let db: TestDatabase;
const replicas: KafkaEngine[] = [];
const gates: Array<() => void> = [];

/** A fault point that hangs every batch of `topic` after it was applied, before its offset commit. */
function hangOn(topic: string) {
  const hung: string[] = [];
  const released = new Promise<void>((resolve) => gates.push(resolve));
  const hook = async (batch: { topic: string; lastOffset: string }) => {
    if (batch.topic !== topic) return;
    hung.push(batch.lastOffset);
    await released;
  };
  return { hung, hook };
}

async function replica(
  beforeOffsetCommit?: KafkaTransportOptions['beforeOffsetCommit'],
): Promise<KafkaEngine> {
  const r = await startKafkaEngine({
    databaseUrl: db.url,
    brokers: testKafkaBrokers(),
    workflows: [orderWorkflow],
    routes: orderRoutesOn(names),
    groupId: names.groupId,
    kafka: {
      deadLetterTopic: names.deadLetter,
      resultTopic: names.results,
      partitions: 1,
      sessionTimeoutMs: 6_000,
      ...(beforeOffsetCommit ? { beforeOffsetCommit } : {}),
    },
    engine: { activityPollMs: 100 },
  });
  replicas.push(r);
  return r;
}

beforeAll(async () => {
  db = await createTestDatabase('rebalance');
});

afterAll(async () => {
  for (const release of gates) release();
  await Promise.all(replicas.map((r) => r.stop()));
  await db?.drop();
});

it('applies records redelivered to other replicas across rebalances once: one instance, no doubled transition', async () => {
  const producer = testKafka().producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const send = (topic: string, value: object) =>
    producer.send({ topic, messages: [{ key: 'o-1', value: JSON.stringify(value) }] });

  const aFault = hangOn(names.placed);
  const a = await replica(aFault.hook);
  await send(names.placed, { orderId: 'o-1', amount: 12 });
  await eventually(() => aFault.hung.length === 1, 20_000, 'A to apply OrderPlaced and hang');
  expect(a.transport.ingressStats.applied).toBe(1);
  const [order] = (await db.knex('orq_instances').where({ business_key: 'o-1' })) as Array<{
    id: string;
  }>;
  expect(order).toBeDefined();

  const bFault = hangOn(names.payments);
  const b = await replica(bFault.hook);
  await eventually(
    () => b.transport.ingressStats.applied === 1,
    30_000,
    'B to receive OrderPlaced again after the rebalance',
  );
  expect(await db.knex('orq_instances').where({ machine: 'order' })).toHaveLength(1);

  await send(names.payments, { orderId: 'o-1', paymentId: 'p-1' });
  await eventually(() => bFault.hung.length === 1, 20_000, 'B to apply the payment and hang');
  const c = await replica();
  await eventually(
    () => c.transport.ingressStats.applied + c.transport.ingressStats.duplicates === 1,
    30_000,
    'C to receive the payment again after the rebalance',
  );
  await producer.disconnect();
  await eventually(
    async () => (await c.engine.getInstance(order!.id))?.status === 'done',
    20_000,
    'the order to complete',
  );

  expect(await db.knex('orq_instances').where({ machine: 'order' })).toHaveLength(1);
  const history = await c.engine.getHistory(order!.id);
  expect(history.filter((t) => t.event.type === 'PaymentReceived')).toHaveLength(1);
  expect(history.at(-1)).toMatchObject({ to: 'completed', status: 'done' });
  const doubled = await db.knex.raw<{ rows: unknown[] }>(
    `SELECT instance_id, envelope_id FROM orq_history WHERE envelope_id IS NOT NULL
     GROUP BY instance_id, envelope_id HAVING count(*) > 1`,
  );
  expect(doubled.rows).toEqual([]);
  const seqs = await db.knex.raw<{ rows: unknown[] }>(
    'SELECT instance_id, seq FROM orq_history GROUP BY instance_id, seq HAVING count(*) > 1',
  );
  expect(seqs.rows).toEqual([]);
});

/**
 * Pins the demo end to end on a real Kafka broker and Postgres: the producer service publishes N
 * orders (OrderPlaced, then PaymentReceived after a random delay, on separate topics), the
 * orchestrator runs the order workflow with its activities on the consumer service's workers (with
 * simulated outages that are retried, and declined cards that compensate), and every order reaches
 * the final state its amount implies. Every expected message appears on the output topics exactly
 * once per message id (one orders.completed or orders.cancelled per order), and no transition is
 * recorded twice.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startKafkaEngine, type KafkaEngine } from '../../engine/transport/kafka/index.js';
import { eventually } from '../../engine/testing/eventually.js';
import { createOrderProducer, type PlacedOrder } from '../../examples/producer/order-producer.js';
import { startOrderWorkers, type OrderWorkers } from '../../examples/consumer/order-workers.js';
import { orderRoutesOn, ORDER_TOPICS } from '../../machines/order/order.routes.js';
import { orderWorkflow } from '../../machines/order/order.workflow.js';
import { randomKafkaNames } from '../kafka/kafka-names.js';
import { createTopics, readTopics, type TopicReader } from '../kafka/topic-reader.js';
import { createTestDatabase, type TestDatabase, countInstances } from '../setup/database.js';
import { randomKafkaName, testKafka, testKafkaBrokers } from '../setup/kafka-test-client.js';

const N = 300;
const DECLINE_ABOVE = 400;
const names = randomKafkaNames('e2e');
const prefix = randomKafkaName('o');
const kafka = testKafka();
let db: TestDatabase;
let orq: KafkaEngine;
let workers: OrderWorkers;
let outputs: TopicReader;

beforeAll(async () => {
  db = await createTestDatabase('e2e');
  await createTopics(kafka, [ORDER_TOPICS.completed, ORDER_TOPICS.cancelled]);
  outputs = await readTopics(kafka, [ORDER_TOPICS.completed, ORDER_TOPICS.cancelled]);
  orq = await startKafkaEngine({
    knex: db.knex,
    brokers: testKafkaBrokers(),
    workflows: [orderWorkflow],
    routes: orderRoutesOn(names),
    remoteActivities: { order: 'all' },
    taskTopic: names.taskTopic,
    groupId: names.groupId,
    kafka: { deadLetterTopic: names.deadLetter, resultTopic: names.results, partitions: 4 },
  });
  workers = await startOrderWorkers({
    kafka,
    taskTopic: names.taskTopic,
    groupId: names.workerGroup,
    outageRate: 0.1,
    declineAbove: DECLINE_ABOVE,
  });
});

afterAll(async () => {
  await outputs?.stop();
  await workers?.stop();
  await orq?.stop();
  await db?.drop();
});

const countDone = () => countInstances(db.knex, prefix, 'done');

it('takes N produced orders to their final state, each expected message once per message id', async () => {
  const placed: PlacedOrder[] = [];
  const producer = createOrderProducer({
    kafka,
    topics: { placed: names.placed, payments: names.payments },
    ratePerSecond: 300,
    count: N,
    paymentDelayMs: [0, 200],
    orderIdPrefix: prefix,
    amountRange: [5, 500],
    onPlaced: (o) => placed.push(o),
  });
  const started = performance.now();
  await producer.run();
  expect(placed).toHaveLength(N);
  await eventually(async () => (await countDone()) === N, 90_000, `${N} orders to finish`).catch(
    async (err: unknown) => {
      const states = await db.knex.raw<{ rows: unknown[] }>(
        `SELECT status, state_value, count(*) FROM orq_instances GROUP BY 1, 2`,
      );
      const activities = await db.knex.raw<{ rows: unknown[] }>(
        `SELECT activity_type, status, attempt, count(*) FROM orq_activities GROUP BY 1, 2, 3`,
      );
      console.log(
        '[e2e] stuck:',
        JSON.stringify({
          states: states.rows,
          activities: activities.rows,
          workers: workers.stats,
          ingress: orq.transport.ingressStats,
          waiting: orq.transport.remoteActivities.inFlight,
        }),
      );
      throw err;
    },
  );
  const elapsedS = (performance.now() - started) / 1000;

  const rows = await db
    .knex('orq_instances')
    .where('business_key', 'like', `${prefix}-%`)
    .select('business_key', 'state_value');
  const finalState = new Map(
    rows.map((r: { business_key: string; state_value: unknown }) => [
      r.business_key,
      r.state_value,
    ]),
  );
  for (const order of placed)
    expect([order.orderId, finalState.get(order.orderId)]).toEqual([
      order.orderId,
      order.amount > DECLINE_ABOVE ? 'cancelled' : 'completed',
    ]);

  const ours = () =>
    outputs.messages.filter((m) =>
      ((m.value as { orderId?: string }).orderId ?? '').startsWith(`${prefix}-`),
    );
  await eventually(
    () => new Set(ours().map((m) => m.headers['orq-message-id'])).size >= N,
    20_000,
    'output messages',
  );
  const byId = new Map<string, typeof outputs.messages>();
  for (const m of ours()) {
    const id = m.headers['orq-message-id']!;
    byId.set(id, [...(byId.get(id) ?? []), m]);
  }
  expect(byId.size).toBe(N);
  const orderOfMessage = new Map<string, string>();
  for (const [id, copies] of byId) {
    expect(copies).toHaveLength(1); // exactly once per message id (no crash here: no redelivery)
    const m = copies[0]!;
    const orderId = (m.value as { orderId: string }).orderId;
    expect(orderOfMessage.has(orderId)).toBe(false);
    orderOfMessage.set(orderId, id);
    const amount = placed.find((o) => o.orderId === orderId)!.amount;
    expect(m.topic).toBe(amount > DECLINE_ABOVE ? ORDER_TOPICS.cancelled : ORDER_TOPICS.completed);
    expect(m.key).toBe(orderId);
  }

  const doubled = await db.knex.raw<{ rows: unknown[] }>(
    'SELECT instance_id, seq FROM orq_history GROUP BY instance_id, seq HAVING count(*) > 1',
  );
  expect(doubled.rows).toEqual([]);
  expect(workers.stats.outages).toBeGreaterThan(0);
  expect(orq.transport.ingressStats.deadLettered).toBe(0);
  console.log(
    `[e2e] ${N} orders in ${elapsedS.toFixed(1)} s; worker tasks ${workers.stats.tasks}, ` +
      `outages retried ${workers.stats.outages}, declined ${workers.stats.declined}; ` +
      `ingress ${JSON.stringify(orq.transport.ingressStats)}`,
  );
});

/**
 * Pins scale-out under failure: two engine processes in one consumer group share the route topics'
 * partitions, one Postgres and one broker; under load, one is killed with SIGKILL. The survivor
 * takes over its partitions (after the session timeout), its leased activities (after the lease),
 * its unpublished outbox rows and its durable timers (a tenth of the orders never pay and are
 * cancelled by their payment timeout). Every order still reaches the final state it implies,
 * no transition is recorded twice (unique instance + seq, and no envelope applied twice to one
 * instance), and each order's output message has one message id (copies of one id may repeat: the
 * relay is at least once, consumers dedupe by id).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually } from '../../engine/testing/eventually.js';
import { startOrderWorkers, type OrderWorkers } from '../../examples/consumer/order-workers.js';
import { createOrderProducer, type PlacedOrder } from '../../examples/producer/order-producer.js';
import { ORDER_TOPICS } from '../../machines/order/order.routes.js';
import { randomKafkaNames } from '../kafka/kafka-names.js';
import { createTopics, readTopics, type TopicReader } from '../kafka/topic-reader.js';
import { createTestDatabase, type TestDatabase, countInstances } from '../setup/database.js';
import { randomKafkaName, testKafka, testKafkaBrokers } from '../setup/kafka-test-client.js';

const N = 400;
const DECLINE_ABOVE = 400;
// Longer than the session timeout (6 s) plus a rebalance: a payment stranded on the killed
// replica's partitions must still beat its order's timeout, or a paid order is (rightly) cancelled.
const PAYMENT_TIMEOUT_MS = 15_000;
const expectedEnd = (o: PlacedOrder) =>
  !o.pays || o.amount > DECLINE_ABOVE ? 'cancelled' : 'completed';
const names = randomKafkaNames('sigkill');
const taskPrefix = `${names.groupId}.tasks`;
const prefix = randomKafkaName('k');
const kafka = testKafka();
let db: TestDatabase;
let workers: OrderWorkers;
let outputs: TopicReader;
const children: ChildProcess[] = [];

interface Replica {
  proc: ChildProcess;
  ready: Promise<void>;
  last: { applied: number };
}

function replica(): Replica {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/e2e/kafka-replica-child.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      ORQ_TEST_NAMES: JSON.stringify({ ...names, taskPrefix }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(proc);
  const state: Replica = { proc, ready: Promise.resolve(), last: { applied: 0 } };
  let buffer = '';
  state.ready = new Promise((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`replica exited early (${code})`)));
    proc.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'READY') resolve();
        else if (line.startsWith('{')) state.last = JSON.parse(line) as Replica['last'];
      }
    });
  });
  state.ready.catch(() => undefined);
  return state;
}

beforeAll(async () => {
  db = await createTestDatabase('sigkill');
  await createTopics(kafka, [ORDER_TOPICS.completed, ORDER_TOPICS.cancelled]);
  outputs = await readTopics(kafka, [ORDER_TOPICS.completed, ORDER_TOPICS.cancelled]);
  workers = await startOrderWorkers({
    kafka,
    taskTopic: (type) => `${taskPrefix}.${type}`,
    groupId: names.workerGroup,
    outageRate: 0.05,
    declineAbove: DECLINE_ABOVE,
  });
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await outputs?.stop();
  await workers?.stop();
  await db?.drop();
});

const finished = () => countInstances(db.knex, prefix, 'done');

it('completes every order with no transition recorded twice when a replica is SIGKILLed under load', async () => {
  const a = replica();
  await a.ready; // A creates the topics; B joins the group after it
  const b = replica();
  await b.ready;

  const placed: PlacedOrder[] = [];
  const producer = createOrderProducer({
    kafka,
    topics: { placed: names.placed, payments: names.payments },
    ratePerSecond: 100,
    count: N,
    paymentDelayMs: [0, 300],
    orderIdPrefix: prefix,
    amountRange: [5, 500],
    unpaidShare: 0.1,
    paymentTimeoutMs: PAYMENT_TIMEOUT_MS,
    onPlaced: (o) => placed.push(o),
  });
  const producing = producer.run();
  await eventually(async () => (await finished()) >= N / 5, 60_000, 'a fifth of the orders done');
  expect(a.last.applied).toBeGreaterThan(0); // A owned partitions and was applying records
  a.proc.kill('SIGKILL');
  await once(a.proc, 'exit');
  const doneAtKill = await finished();
  await producing;
  expect(placed).toHaveLength(N);
  expect(doneAtKill).toBeLessThan(N);

  await eventually(
    async () => (await finished()) === N,
    120_000,
    `all ${N} orders done after the kill`,
  );

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
  expect(finalState.size).toBe(N);
  for (const o of placed)
    expect([o.orderId, finalState.get(o.orderId)]).toEqual([o.orderId, expectedEnd(o)]);
  // Each unpaid order was cancelled by its own timer, fired once (on whichever replica).
  const timeouts = await db.knex.raw<{ rows: Array<{ n: string }> }>(
    `SELECT count(*) AS n FROM orq_history h JOIN orq_instances i ON i.id = h.instance_id
     WHERE i.business_key LIKE ? AND h.envelope_id LIKE 'timer:%'`,
    [`${prefix}-%`],
  );
  const unpaid = placed.filter((o) => !o.pays).length;
  expect(unpaid).toBeGreaterThan(0);
  expect(Number(timeouts.rows[0]?.n)).toBe(unpaid);

  const doubledSeq = await db.knex.raw<{ rows: unknown[] }>(
    'SELECT instance_id, seq FROM orq_history GROUP BY instance_id, seq HAVING count(*) > 1',
  );
  expect(doubledSeq.rows).toEqual([]);
  const doubledEnvelope = await db.knex.raw<{ rows: unknown[] }>(
    `SELECT instance_id, envelope_id FROM orq_history WHERE envelope_id IS NOT NULL
     GROUP BY instance_id, envelope_id HAVING count(*) > 1`,
  );
  expect(doubledEnvelope.rows).toEqual([]);

  const ours = () =>
    outputs.messages.filter((m) =>
      ((m.value as { orderId?: string }).orderId ?? '').startsWith(`${prefix}-`),
    );
  await eventually(
    () => new Set(ours().map((m) => m.headers['orq-message-id'])).size >= N,
    30_000,
    'an output message per order',
  );
  const idsByOrder = new Map<string, Set<string>>();
  for (const m of ours()) {
    const orderId = (m.value as { orderId: string }).orderId;
    idsByOrder.set(
      orderId,
      (idsByOrder.get(orderId) ?? new Set()).add(m.headers['orq-message-id']!),
    );
  }
  expect(idsByOrder.size).toBe(N);
  for (const [orderId, ids] of idsByOrder) expect([orderId, ids.size]).toEqual([orderId, 1]);
  console.log(
    `[sigkill] killed A with ${doneAtKill}/${N} done (A had applied ${a.last.applied} records); ` +
      `output copies ${ours().length} for ${N} message ids; worker ${JSON.stringify(workers.stats)}; ` +
      `B ${JSON.stringify(b.last)}`,
  );
  b.proc.kill('SIGTERM');
  await once(b.proc, 'exit');
});

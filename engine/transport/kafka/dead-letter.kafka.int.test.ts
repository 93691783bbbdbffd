/**
 * Pins the dead-letter promise on a real broker and Postgres: records that cannot be parsed,
 * validated or routed (not JSON, wrong schema, unknown event, invalid payload, oversized, unknown
 * correlation key, no key at all) each land on the dead-letter topic with their ORQ_ERR_* reason,
 * a detail, where they came from, and their original bytes and headers (traceparent included).
 * The consumer keeps going: valid records after them on the same partitions are applied, and the
 * group's committed offsets reach the end of every route topic.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Partitioners, type Producer } from 'kafkajs';
import { orderWorkflow } from '../../../machines/order/order.workflow.js';
import { orderRoutesOn } from '../../../machines/order/order.routes.js';
import { randomKafkaNames } from '../../../test/kafka/kafka-names.js';
import { readTopics, type TopicReader } from '../../../test/kafka/topic-reader.js';
import { createTestDatabase, type TestDatabase } from '../../../test/setup/database.js';
import { testKafka, testKafkaBrokers } from '../../../test/setup/kafka-test-client.js';
import { eventually } from '../../testing/eventually.js';
import { startKafkaEngine, type KafkaEngine } from './kafka-engine.js';

const names = randomKafkaNames('dlq');
const LIMIT_BYTES = 4_096;
const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const kafka = testKafka();
let db: TestDatabase;
let orq: KafkaEngine;
let producer: Producer;
let dlq: TopicReader;

beforeAll(async () => {
  db = await createTestDatabase('dlq');
  orq = await startKafkaEngine({
    knex: db.knex,
    brokers: testKafkaBrokers(),
    workflows: [orderWorkflow],
    routes: orderRoutesOn(names),
    groupId: names.groupId,
    kafka: {
      deadLetterTopic: names.deadLetter,
      resultTopic: names.results,
      partitions: 1,
      maxMessageBytes: LIMIT_BYTES,
      sessionTimeoutMs: 10_000,
      correlationWaitMs: 300,
    },
    engine: { activityPollMs: 100 },
  });
  producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  dlq = await readTopics(kafka, [names.deadLetter]);
});

afterAll(async () => {
  await dlq?.stop();
  await producer?.disconnect();
  await orq?.stop();
  await db?.drop();
});

const json = (v: unknown) => JSON.stringify(v);
const orderByKey = (key: string) => orq.engine.listInstances({ machine: 'order', key });

it('dead-letters every bad record with its reason and keeps applying the good ones', async () => {
  await producer.send({
    topic: names.placed,
    messages: [
      { key: 'bad-json', value: '{"orderId": "o-1",', headers: { traceparent: TRACEPARENT } },
      { key: 'bad-schema', value: json({ orderId: 'o-bad', amount: -5 }) },
      { key: 'o-ok-1', value: json({ orderId: 'o-ok-1', amount: 10 }) },
      { key: 'big', value: json({ orderId: 'o-big', note: 'x'.repeat(LIMIT_BYTES) }) },
      { key: 'no-id', value: json({ amount: 3 }) },
      { key: 'o-ok-2', value: json({ orderId: 'o-ok-2', amount: 20 }) },
    ],
  });
  await eventually(
    async () =>
      (await orderByKey('o-ok-1')).items.length + (await orderByKey('o-ok-2')).items.length === 2,
    20_000,
    'both valid orders to start after the bad records',
  );
  await producer.send({
    topic: names.commands,
    messages: [{ key: 'o-ok-1', value: json({ type: 'Teleport', orderId: 'o-ok-1' }) }],
  });
  await producer.send({
    topic: names.payments,
    messages: [
      { key: 'o-ok-1', value: json({ orderId: 'o-ok-1', paymentId: '' }) },
      { key: 'nobody', value: json({ orderId: 'nobody', paymentId: 'p-0' }) },
      { key: 'o-ok-1', value: json({ orderId: 'o-ok-1', paymentId: 'p-1' }) },
    ],
  });

  const expected: Array<[topic: string, key: string, reason: string]> = [
    [names.placed, 'bad-json', 'ORQ_ERR_MALFORMED_MESSAGE'],
    [names.placed, 'bad-schema', 'ORQ_ERR_INPUT_INVALID'],
    [names.placed, 'big', 'ORQ_ERR_MESSAGE_TOO_LARGE'],
    [names.placed, 'no-id', 'ORQ_ERR_MALFORMED_MESSAGE'],
    [names.commands, 'o-ok-1', 'ORQ_ERR_UNKNOWN_EVENT'],
    [names.payments, 'o-ok-1', 'ORQ_ERR_EVENT_INVALID'],
    [names.payments, 'nobody', 'ORQ_ERR_CORRELATION_NOT_FOUND'],
  ];
  await eventually(() => dlq.messages.length >= expected.length, 20_000, 'dead letters');
  const letters = dlq.messages.map((m) => ({
    topic: m.headers['orq-dlq-topic'],
    key: m.key,
    reason: m.headers['orq-dlq-reason'],
  }));
  expect(new Set(letters.map((l) => `${l.topic}|${l.key}|${l.reason}`))).toEqual(
    new Set(expected.map(([t, k, r]) => `${t}|${k}|${r}`)),
  );
  expect(dlq.messages).toHaveLength(expected.length);

  for (const letter of dlq.messages) {
    expect(letter.headers['orq-dlq-detail']?.length).toBeGreaterThan(10);
    expect(letter.headers['orq-dlq-partition']).toBe('0');
    expect(letter.headers['orq-dlq-offset']).toMatch(/^\d+$/);
  }
  const badJson = dlq.messages.find((m) => m.key === 'bad-json')!;
  expect(badJson.raw?.toString()).toBe('{"orderId": "o-1",');
  expect(badJson.headers.traceparent).toBe(TRACEPARENT);
  expect(badJson.headers['orq-dlq-offset']).toBe('0');
  const big = dlq.messages.find((m) => m.key === 'big')!;
  expect(big.raw!.length).toBeGreaterThan(LIMIT_BYTES);
  expect(big.headers['orq-dlq-detail']).toContain(`limit of ${LIMIT_BYTES} bytes`);
  const unknown = dlq.messages.find(
    (m) => m.headers['orq-dlq-reason'] === 'ORQ_ERR_UNKNOWN_EVENT',
  )!;
  expect(unknown.headers['orq-dlq-detail']).toContain('Teleport');

  // The valid payment after the two bad ones was applied: the order went on to completion.
  await eventually(
    async () => (await orderByKey('o-ok-1')).items[0]?.status === 'done',
    20_000,
    'o-ok-1 to complete',
  );
  expect((await orderByKey('o-ok-1')).items[0]?.value).toBe('completed');
  expect(await db.knex('orq_instances').count('* as n').first()).toEqual({ n: '2' });

  // Offsets are committed past every record, bad ones included.
  const admin = kafka.admin();
  await admin.connect();
  try {
    await eventually(
      async () => {
        for (const topic of [names.placed, names.payments, names.commands]) {
          const [committed] = await admin.fetchOffsets({ groupId: names.groupId, topics: [topic] });
          const [end] = await admin.fetchTopicOffsets(topic);
          if (committed?.partitions[0]?.offset !== end?.high) return false;
        }
        return true;
      },
      10_000,
      'committed offsets at the end of every route topic',
    );
  } finally {
    await admin.disconnect();
  }
  expect(orq.transport.ingressStats.deadLettered).toBe(expected.length);
});

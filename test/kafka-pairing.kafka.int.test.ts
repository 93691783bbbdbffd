/**
 * Pins the pairing of kafkajs 2.2.4 with the Apache Kafka broker we run (KAFKA_VERSION in
 * test/setup/kafka-jars.ts; why: docs/decisions/0001-kafka-broker-and-kafkajs.md). kafkajs was
 * written for Kafka 2.x and picks protocol versions without looking at the broker's minimum, and
 * Kafka 4 removed old versions (KIP-896). The engine relies on what this file checks on a real
 * broker: every API kafkajs speaks is still accepted, topics get the partitions we ask for, the
 * idempotent producer keeps per-key order into a consumer group, a restarted consumer resumes at
 * its committed offset (nothing committed comes back, nothing is skipped), and the members of a
 * group split the partitions between them. A broker or kafkajs upgrade that breaks one fails here.
 */
import type { Consumer, EachMessagePayload, Kafka } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { brokerApiVersions, kafkajsApis } from './setup/kafka-api-versions.js';
import { randomKafkaName, testKafka, testKafkaBrokers } from './setup/kafka-test-client.js';

const PARTITIONS = 4;
const WAIT = { timeout: 30_000, interval: 20 };

interface Received {
  partition: number;
  offset: number;
  key: string;
  value: string;
}

interface TestConsumer {
  consumer: Consumer;
  received: Received[];
  /** Partitions of the topic in this member's latest assignment. */
  assigned: () => number[];
}

let kafka: Kafka;
const admin = () => kafka.admin();
const topics: string[] = [];
const running: Consumer[] = [];

beforeAll(() => {
  kafka = testKafka();
  const at = testKafkaBrokers().join(',');
  console.log(`[kafka] pairing test against broker ${inject('kafkaVersion')} at ${at}`);
});

afterAll(async () => {
  await Promise.all(running.map((consumer) => consumer.disconnect()));
  const client = admin();
  await client.connect();
  await client.deleteTopics({ topics }).catch(() => undefined);
  await client.disconnect();
});

async function createTopic(): Promise<string> {
  const topic = randomKafkaName('pairing');
  const client = admin();
  await client.connect();
  try {
    await client.createTopics({
      topics: [{ topic, numPartitions: PARTITIONS }],
      waitForLeaders: true,
    });
  } finally {
    await client.disconnect();
  }
  topics.push(topic);
  return topic;
}

async function produce(
  topic: string,
  messages: { key?: string; value: string; partition?: number }[],
) {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += 50) {
      await producer.send({ topic, messages: messages.slice(i, i + 50) });
    }
  } finally {
    await producer.disconnect();
  }
}

/** One sentinel per partition: once all arrive, everything produced before them has arrived. */
const sentinels = () =>
  Array.from({ length: PARTITIONS }, (_, partition) => ({ partition, value: `end-${partition}` }));
const isSentinel = (r: Received) => r.value.startsWith('end-');

async function startConsumer(
  topic: string,
  groupId: string,
  options: { commitEachMessage?: boolean } = {},
): Promise<TestConsumer> {
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 10_000,
    heartbeatInterval: 500,
    maxWaitTimeInMs: 100,
  });
  running.push(consumer);
  let assigned: number[] = [];
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    assigned = [...(payload.memberAssignment[topic] ?? [])].sort((x, y) => x - y);
  });
  const received: Received[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: !options.commitEachMessage,
    eachMessage: async ({ partition, message }: EachMessagePayload) => {
      if (options.commitEachMessage) {
        const next = String(Number(message.offset) + 1);
        await consumer.commitOffsets([{ topic, partition, offset: next }]);
      }
      received.push({
        partition,
        offset: Number(message.offset),
        key: message.key?.toString() ?? '',
        value: message.value?.toString() ?? '',
      });
    },
  });
  return { consumer, received, assigned: () => assigned };
}

async function stopConsumer({ consumer }: TestConsumer): Promise<void> {
  await consumer.disconnect();
  running.splice(running.indexOf(consumer), 1);
}

describe('kafkajs against the Kafka broker', () => {
  it('accepts the protocol version kafkajs sends for every API kafkajs implements', async () => {
    const ranges = await brokerApiVersions(testKafkaBrokers()[0]!);
    const { kafkajsVersion, apis } = kafkajsApis();
    const problems = apis.flatMap(({ name, apiKey, maxVersion }) => {
      const range = ranges.get(apiKey);
      if (!range) return [`${name} (key ${apiKey}): not offered by the broker`];
      const sent = Math.min(maxVersion, range.maxVersion);
      if (sent >= range.minVersion) return [];
      return [
        `${name} (key ${apiKey}): kafkajs ${kafkajsVersion} sends v${sent}, ` +
          `the broker accepts v${range.minVersion}..v${range.maxVersion}`,
      ];
    });
    expect(apis.length).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });

  it('creates a topic with the requested number of partitions', async () => {
    const topic = await createTopic();
    const client = admin();
    await client.connect();
    const metadata = await client.fetchTopicMetadata({ topics: [topic] });
    await client.disconnect();
    const ids = metadata.topics[0]?.partitions.map((p) => p.partitionId).sort((x, y) => x - y);
    expect(ids).toEqual([0, 1, 2, 3]);
  });

  it('keeps per-key order from the idempotent producer through a consumer group', async () => {
    const topic = await createTopic();
    const keys = Array.from({ length: 8 }, (_, k) => `key-${k}`);
    const perKey = 25;
    const messages = Array.from({ length: perKey }, (_, seq) =>
      keys.map((key) => ({ key, value: String(seq) })),
    ).flat();
    await produce(topic, messages);

    const { received } = await startConsumer(topic, randomKafkaName('group'));
    await vi.waitFor(() => expect(received).toHaveLength(messages.length), WAIT);

    for (const key of keys) {
      const ofKey = received.filter((r) => r.key === key);
      expect(ofKey.map((r) => Number(r.value))).toEqual([...Array(perKey).keys()]);
      expect(new Set(ofKey.map((r) => r.partition)).size).toBe(1);
    }
    expect(new Set(received.map((r) => r.partition)).size).toBeGreaterThan(1);
  });

  it('resumes a restarted consumer exactly at the committed offset', async () => {
    const topic = await createTopic();
    const groupId = randomKafkaName('group');
    const first = Array.from({ length: 40 }, (_, i) => ({
      partition: i % PARTITIONS,
      value: `a-${i}`,
    }));
    await produce(topic, first);

    const before = await startConsumer(topic, groupId, { commitEachMessage: true });
    await vi.waitFor(() => expect(before.received).toHaveLength(first.length), WAIT);
    await stopConsumer(before);

    const client = admin();
    await client.connect();
    const [committed] = await client.fetchOffsets({ groupId, topics: [topic] });
    const ends = await client.fetchTopicOffsets(topic);
    await client.disconnect();
    const committedAt = new Map(committed!.partitions.map((p) => [p.partition, Number(p.offset)]));
    expect(committedAt).toEqual(new Map(ends.map((p) => [p.partition, Number(p.high)])));

    const second = Array.from({ length: 40 }, (_, i) => ({
      partition: i % PARTITIONS,
      value: `b-${i}`,
    }));
    await produce(topic, [...second, ...sentinels()]);
    const after = await startConsumer(topic, groupId); // fromBeginning, so lost offsets would show
    await vi.waitFor(
      () => expect(after.received.filter(isSentinel)).toHaveLength(PARTITIONS),
      WAIT,
    );

    const values = after.received.filter((r) => !isSentinel(r)).map((r) => r.value);
    expect(values.sort()).toEqual(second.map((m) => m.value).sort());
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const firstOffset = after.received.find((r) => r.partition === partition)?.offset;
      expect(firstOffset, `first offset read from partition ${partition}`).toBe(
        committedAt.get(partition),
      );
    }
  });

  it('splits the partitions between two members of a group, each message read once', async () => {
    const topic = await createTopic();
    const groupId = randomKafkaName('group');
    const a = await startConsumer(topic, groupId);
    await vi.waitFor(() => expect(a.assigned()).toEqual([0, 1, 2, 3]), WAIT);
    const b = await startConsumer(topic, groupId);
    await vi.waitFor(() => {
      expect(a.assigned().length).toBeGreaterThan(0);
      expect(b.assigned().length).toBeGreaterThan(0);
      expect([...a.assigned(), ...b.assigned()].sort((x, y) => x - y)).toEqual([0, 1, 2, 3]);
    }, WAIT);

    const messages = Array.from({ length: 100 }, (_, i) => ({
      partition: i % PARTITIONS,
      value: `m-${i}`,
    }));
    await produce(topic, [...messages, ...sentinels()]);
    const all = () => [...a.received, ...b.received];
    await vi.waitFor(() => expect(all().filter(isSentinel)).toHaveLength(PARTITIONS), WAIT);

    const values = all()
      .filter((r) => !isSentinel(r))
      .map((r) => r.value);
    expect(values).toHaveLength(messages.length);
    expect(new Set(values)).toEqual(new Set(messages.map((m) => m.value)));
    for (const member of [a, b]) {
      expect(member.received.length).toBeGreaterThan(0);
      expect(member.received.every((r) => member.assigned().includes(r.partition))).toBe(true);
    }
  });
});

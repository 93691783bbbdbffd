/**
 * Reads a topic from its start into memory for assertions (a fresh consumer group each time), so a
 * test can wait for the messages it expects with `eventually`.
 */
import type { Kafka } from 'kafkajs';
import { ensureTopics } from '../../engine/worker/ensure-topics.js';
import { randomKafkaName } from '../setup/kafka-test-client.js';

export interface ReadMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** Parsed JSON, or the raw string when the value is not JSON. */
  value: unknown;
  raw: Buffer | null;
  headers: Record<string, string>;
}

export interface TopicReader {
  readonly messages: ReadMessage[];
  stop(): Promise<void>;
}

export async function readTopics(kafka: Kafka, topics: string[]): Promise<TopicReader> {
  const messages: ReadMessage[] = [];
  const consumer = kafka.consumer({ groupId: randomKafkaName('reader'), maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {}))
        if (v !== undefined) headers[k] = (Array.isArray(v) ? v.at(-1) : v)?.toString() ?? '';
      const text = message.value?.toString('utf8') ?? null;
      let value: unknown = text;
      try {
        value = text === null ? null : JSON.parse(text);
      } catch {
        // keep the raw string
      }
      messages.push({
        topic,
        partition,
        offset: message.offset,
        key: message.key?.toString('utf8') ?? null,
        value,
        raw: message.value,
        headers,
      });
      return Promise.resolve();
    },
  });
  return { messages, stop: () => consumer.disconnect() };
}

/** Creates topics (with `partitions` partitions each) unless they exist, and waits until they serve. */
export async function createTopics(kafka: Kafka, topics: string[], partitions = 4): Promise<void> {
  await ensureTopics(
    kafka,
    topics.map((topic) => ({ topic, numPartitions: partitions })),
  );
}

/**
 * The MessagePublisher of Kafka mode: committed outbox rows → Kafka records. Key as given (the
 * engine defaults it to the instance id, so one instance's messages share a partition and keep
 * their order), value as JSON, headers as strings: `orq-message-id` for consumers to dedupe,
 * `orq-instance-id`, and `traceparent` when the step that wrote the message had one.
 */
import type { Message } from 'kafkajs';
import type { MessagePublisher, OutgoingRecord } from '../transport.js';
import type { BatchingProducer } from './batching-producer.js';

export class KafkaPublisher implements MessagePublisher {
  constructor(private readonly producer: BatchingProducer) {}

  async publish(records: OutgoingRecord[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const record of records) {
      const list = byTopic.get(record.topic) ?? [];
      list.push(toKafkaMessage(record));
      byTopic.set(record.topic, list);
    }
    await Promise.all([...byTopic].map(([topic, messages]) => this.producer.send(topic, messages)));
  }
}

export function toKafkaMessage(record: OutgoingRecord): Message {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.headers)) headers[name] = String(value);
  return {
    key: record.key,
    value: JSON.stringify(record.value ?? null),
    headers,
  };
}

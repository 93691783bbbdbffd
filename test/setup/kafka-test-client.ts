/**
 * kafkajs for integration tests: the broker of the global setup (or KAFKA_BROKERS), quiet logs
 * (set KAFKAJS_LOG_LEVEL=debug to see them) and random names so tests never share a topic or group.
 */
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { inject } from 'vitest';

export function testKafkaBrokers(): string[] {
  const csv = process.env.KAFKA_BROKERS || inject('kafkaBrokers');
  if (!csv) {
    throw new Error('No Kafka broker: set KAFKA_BROKERS or use test/setup/kafka.global-setup.ts');
  }
  return csv
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
}

export function testKafka(clientId = randomKafkaName('client')): Kafka {
  return new Kafka({ clientId, brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
}

/** e.g. 'orders-3f9a1c0b2d4e': valid as a topic, group or transactional id. */
export function randomKafkaName(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

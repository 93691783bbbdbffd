/**
 * Random Kafka names for one test file's orchestrator: route topics, task topics, the reply and
 * dead-letter topics and the engine's consumer group, so tests sharing a broker never see each
 * other's records.
 */
import { randomKafkaName } from '../setup/kafka-test-client.js';

export interface KafkaNames {
  placed: string;
  payments: string;
  commands: string;
  results: string;
  deadLetter: string;
  groupId: string;
  taskTopic: (activityType: string) => string;
  workerGroup: (activityType: string) => string;
}

export function randomKafkaNames(prefix = 't'): KafkaNames {
  const base = randomKafkaName(prefix);
  return {
    placed: `${base}.orders.placed`,
    payments: `${base}.payments.received`,
    commands: `${base}.orders.commands`,
    results: `${base}.results`,
    deadLetter: `${base}.dead-letter`,
    groupId: `${base}.engine`,
    taskTopic: (type) => `${base}.tasks.${type}`,
    workerGroup: (type) => `${base}.worker.${type}`,
  };
}

/**
 * Kafka mode for `orq serve` (called when KAFKA_BROKERS is set): an engine fed by Kafka routes,
 * publishing its outbox to Kafka, with the chosen activities on remote workers. The composition
 * lives in engine/transport/kafka/kafka-engine.ts (so tests use the same); this is the CLI's door.
 *
 * Inputs (the caller reads the environment; nothing here does):
 *   brokers            KAFKA_BROKERS split on ','                                   (required)
 *   databaseUrl | knex DATABASE_URL                                                 (required)
 *   workflows          loadWorkflows(ORQ_MACHINES) — the same list on every replica (required)
 *   routes             e.g. orderRoutes from machines/order/order.routes.ts         (required)
 *   remoteActivities   { order: 'all' } runs the order's activities on workers (examples/consumer)
 *   groupId            replicas of one orchestrator share it            @default 'orq-engine'
 *   kafka              topics, partitions (8), sessionTimeoutMs (30_000), maxMessageBytes (1 MiB),
 *                      deadLetterTopic ('orq.dead-letter'), resultTopic ('orq.activity.results')
 *   engine, logger, metrics, clock, migrate   as for createEngine
 * Returns { engine, transport, stop }: pass `engine` to buildApp; call stop() on shutdown.
 */
import {
  startKafkaEngine,
  type KafkaEngine,
  type KafkaEngineOptions,
} from '../engine/transport/kafka/index.js';

export type { KafkaEngine, KafkaEngineOptions };

export function startKafkaMode(options: KafkaEngineOptions): Promise<KafkaEngine> {
  return startKafkaEngine(options);
}

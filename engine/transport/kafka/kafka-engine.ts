/**
 * Kafka mode: an engine whose events come from Kafka routes, whose outbox goes to Kafka, and whose
 * chosen activities run on remote workers over task topics. Several processes started this way
 * with one `groupId`, one Postgres and one Kafka cluster are replicas of one orchestrator.
 *
 *   const { engine, stop } = await startKafkaEngine({
 *     databaseUrl, brokers: ['localhost:9092'], workflows: shippedWorkflows, routes: orderRoutes,
 *     remoteActivities: { order: 'all' },
 *   });
 *
 * Inputs (environment variables are read by the caller, never here):
 *   brokers            KAFKA_BROKERS, comma-separated host:port
 *   databaseUrl|knex   the shared Postgres
 *   workflows          every workflow this process may run (same list on every replica)
 *   routes             Kafka topic → start/event routes (machines/<name>/<name>.routes.ts)
 *   remoteActivities   per machine id, 'all' or activity names to run on workers; others run
 *                      in-process. @default {}
 *   taskTopic          activity type → task topic. @default `orq.tasks.<activityType>`
 *   groupId            consumer group shared by the replicas. @default 'orq-engine'
 *   kafka              the rest of KafkaTransportOptions (topics, partitions, timeouts, limits)
 *   engine             EngineOptions; logger, metrics, clock, migrate as for createEngine
 * Start order: topics + producer + reply consumer, then the engine, then the route consumer, so no
 * record is taken before the engine can apply it. stop() reverses it.
 */
import type { Knex } from 'knex';
import type { Clock } from '../../clock.js';
import type { EngineOptions } from '../../config.js';
import { createEngine, type OrqEngine } from '../../engine.js';
import { OrqError } from '../../errors.js';
import type { Route } from '../../ingress/routes.js';
import type { Logger } from '../../logger.js';
import type { EngineMetrics } from '../../telemetry/metrics.js';
import type { Workflow } from '../../workflow/define-workflow.js';
import {
  createKafkaTransport,
  type KafkaTransport,
  type KafkaTransportOptions,
} from './kafka-transport.js';
import { withRemoteActivities, type RemoteActivitySelection } from './remote-topics.js';

export interface KafkaEngineOptions {
  brokers: string[];
  databaseUrl?: string;
  knex?: Knex;
  workflows: readonly Workflow[];
  routes: readonly Route[];
  remoteActivities?: RemoteActivitySelection;
  /** Task topic of a remote activity type. @default `orq.tasks.<activityType>` */
  taskTopic?: (activityType: string) => string;
  groupId?: string;
  kafka?: Omit<
    KafkaTransportOptions,
    'brokers' | 'routes' | 'groupId' | 'logger' | 'metrics' | 'clock'
  >;
  engine?: EngineOptions;
  logger?: Logger;
  metrics?: EngineMetrics;
  clock?: Clock;
  /** Apply migrations on start. @default true */
  migrate?: boolean;
  /**
   * Live transitions from this process's commits ('local') or from every replica through Postgres
   * ('database': what a dashboard behind any replica needs). @default 'database'
   */
  transitionFeed?: 'local' | 'database';
}

export interface KafkaEngine {
  engine: OrqEngine;
  transport: KafkaTransport;
  /** Stops consuming, then the engine, then the transport. Idempotent. */
  stop(): Promise<void>;
}

export async function startKafkaEngine(options: KafkaEngineOptions): Promise<KafkaEngine> {
  const transport = createKafkaTransport({
    ...options.kafka,
    brokers: options.brokers,
    routes: options.routes,
    ...(options.groupId ? { groupId: options.groupId } : {}),
    ...(options.logger ? { logger: options.logger.child({ component: 'kafka' }) } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const engine = createEngine({
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    ...(options.knex ? { knex: options.knex } : {}),
    workflows: withRemoteActivities(
      options.workflows,
      options.remoteActivities ?? {},
      options.taskTopic,
    ),
    publisher: transport.publisher,
    remoteActivities: transport.remoteActivities,
    healthChecks: { kafka: () => transport.health() },
    consumerLag: () => transport.consumerLag(),
    transitionFeed: options.transitionFeed ?? 'database',
    ...(options.engine ? { config: options.engine } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.migrate !== undefined ? { migrate: options.migrate } : {}),
  });
  for (const route of options.routes) {
    const machine = route.start?.machine ?? route.event?.machine ?? '';
    if (!engine.registry.has(machine))
      throw new Error(`route "${route.name}" names machine "${machine}", which is not registered`);
  }
  transport.attach(engine);
  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      await transport.stopIngress().catch(() => undefined);
      // Tasks still out fail now (retried later, by this or another replica) instead of holding
      // engine.stop() until their timeouts.
      await transport.remoteActivities
        .stop(new OrqError('ORQ_ERR_ENGINE_STOPPED'))
        .catch(() => undefined);
      await engine.stop().catch(() => undefined);
      await transport.stop().catch(() => undefined);
    })());
  try {
    await transport.connect();
    await engine.start();
    await transport.start();
  } catch (err) {
    await stop();
    throw err;
  }
  return { engine, transport, stop };
}

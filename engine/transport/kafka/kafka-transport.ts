/**
 * The Kafka transport, composed: one idempotent producer (outbox, tasks, dead letters), the ingress
 * consumer group over the route topics, and the remote-activity dispatcher with its reply consumer.
 *
 *   const transport = createKafkaTransport({ brokers, groupId, routes, ... });
 *   const engine = createEngine({ ..., publisher: transport.publisher,
 *                                 remoteActivities: transport.remoteActivities });
 *   transport.attach(engine);
 *   await transport.connect();   // topics, producer, reply consumer
 *   await engine.start();
 *   await transport.start();     // ingress: consume the route topics
 *   ...
 *   await transport.stopIngress(); await engine.stop(); await transport.stop();
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Kafka, logLevel, Partitioners, type ITopicConfig, type Producer } from 'kafkajs';
import { systemClock, type Clock } from '../../clock.js';
import { OrqError } from '../../errors.js';
import type { Route } from '../../ingress/routes.js';
import { silentLogger, type Logger } from '../../logger.js';
import { DEFAULT_DEAD_LETTER_TOPIC, DEFAULT_RESULT_TOPIC } from '../../protocol/index.js';
import { noopEngineMetrics, type EngineMetrics } from '../../telemetry/metrics.js';
import type { Workflow } from '../../workflow/define-workflow.js';
import type { MessagePublisher } from '../transport.js';
import { BatchingProducer } from './batching-producer.js';
import { KafkaActivityDispatcher } from './kafka-activities.js';
import {
  KafkaIngress,
  type IngressStats,
  type IngressTarget,
  type KafkaIngressOptions,
} from './kafka-ingress.js';
import { KafkaPublisher } from './kafka-publisher.js';
import { kafkajsLogCreator } from './kafkajs-logger.js';
import { remoteTaskTopics } from './remote-topics.js';
import { ensureTopics } from '../../worker/ensure-topics.js';

export interface KafkaTransportOptions {
  /** host:port of at least one broker. */
  brokers: string[];
  /** @default 'orquestador' */
  clientId?: string;
  /** Consumer group of the engine replicas over the route topics. @default 'orq-engine' */
  groupId?: string;
  routes?: readonly Route[];
  /** @default 'orq.dead-letter' */
  deadLetterTopic?: string;
  /** Where workers answer tasks. @default 'orq.activity.results' */
  resultTopic?: string;
  /** Records larger than this go to the dead-letter topic unread, in bytes. @default 1_048_576 (1 MiB) */
  maxMessageBytes?: number;
  /** Partitions of the topics this transport creates. @default 8 */
  partitions?: number;
  /** Partitions of one replica processed at once. @default 8 */
  partitionsConsumedConcurrently?: number;
  /** A replica silent this long loses its partitions, in ms (broker allows 6_000..300_000). @default 30_000 */
  sessionTimeoutMs?: number;
  /** An event for an unknown correlation key waits this long for its instance before it is dead-lettered, in ms. @default 5_000 */
  correlationWaitMs?: number;
  /** A new consumer group reads route topics from their start. @default true */
  fromBeginning?: boolean;
  /** Create missing topics with the admin client on connect. @default true */
  createTopics?: boolean;
  clock?: Clock;
  logger?: Logger;
  metrics?: EngineMetrics;
  /** Fault point for tests (see KafkaIngressOptions.beforeOffsetCommit). Unset in production. */
  beforeOffsetCommit?: KafkaIngressOptions['beforeOffsetCommit'];
  /** Least severe kafkajs log passed to `logger`. @default logLevel.WARN */
  kafkaLogLevel?: logLevel;
}

export interface KafkaTransport {
  readonly publisher: MessagePublisher;
  readonly remoteActivities: KafkaActivityDispatcher;
  readonly ingressStats: Readonly<IngressStats>;
  /** The engine the ingress feeds, and whose workflows name the task topics. */
  attach(engine: IngressTarget & { registry: { all(): Iterable<Workflow> } }): void;
  /** Creates the topics, connects the producer and joins the reply topic. Before `engine.start()`. */
  connect(): Promise<void>;
  /** Joins the route topics' consumer group (connecting first if needed). After `engine.start()`. */
  start(): Promise<void>;
  /** Stops consuming route topics (in-flight records finish or stay uncommitted). */
  stopIngress(): Promise<void>;
  /** Stops everything: ingress, reply consumer (waiting dispatches fail, to be retried), producer. */
  stop(): Promise<void>;
  /** Throws when a consumer crashed for good or the producer is not connected. */
  health(): Promise<void>;
  consumerLag(): number;
}

const MAX_DEAD_LETTER_BYTES = 16 * 1024 * 1024; // 16 MiB: room for an oversized original

export function createKafkaTransport(options: KafkaTransportOptions): KafkaTransport {
  if (options.brokers.length === 0)
    throw new OrqError('ORQ_ERR_CONFIG_INVALID', {
      detail: '"brokers" must name at least one broker',
    });
  const clientId = options.clientId ?? 'orquestador';
  const groupId = options.groupId ?? 'orq-engine';
  const routes = options.routes ?? [];
  const deadLetterTopic = options.deadLetterTopic ?? DEFAULT_DEAD_LETTER_TOPIC;
  const resultTopic = options.resultTopic ?? DEFAULT_RESULT_TOPIC;
  const partitions = options.partitions ?? 8;
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics ?? noopEngineMetrics;
  const kafka = new Kafka({
    clientId,
    brokers: options.brokers,
    logLevel: options.kafkaLogLevel ?? logLevel.WARN,
    logCreator: kafkajsLogCreator(logger),
    // A fresh cluster answers "coordinator loading" for a while: keep trying (about 2 minutes).
    retry: { retries: 12, maxRetryTime: 30_000 },
  });
  const producerClient: Producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    // Outbox topics are whatever machines name; the broker's auto.create.topics.enable decides.
    allowAutoTopicCreation: true,
  });
  const producer = new BatchingProducer(producerClient);
  const replyGroupId = `${groupId}.replies.${hostname()}.${process.pid}.${randomBytes(4).toString('hex')}`;
  const remoteActivities = new KafkaActivityDispatcher({
    kafka,
    producer,
    replyTopic: resultTopic,
    replyGroupId,
    clock: options.clock ?? systemClock,
    logger,
  });
  const ingress = new KafkaIngress({
    kafka,
    groupId,
    routes,
    deadLetterTopic,
    maxMessageBytes: options.maxMessageBytes ?? 1_048_576,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 8,
    sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000,
    fromBeginning: options.fromBeginning ?? true,
    correlationWaitMs: options.correlationWaitMs ?? 5_000,
    producer,
    logger,
    metrics,
    ...(options.beforeOffsetCommit ? { beforeOffsetCommit: options.beforeOffsetCommit } : {}),
  });

  let workflows: Workflow[] = [];
  let connected: Promise<void> | null = null;
  let producerUp = false;
  producerClient.on(producerClient.events.CONNECT, () => (producerUp = true));
  producerClient.on(producerClient.events.DISCONNECT, () => (producerUp = false));

  const createMissingTopics = async () => {
    if (options.createTopics === false) return;
    const wanted = new Map<string, ITopicConfig>();
    const add = (topic: string, configEntries?: ITopicConfig['configEntries']) => {
      if (!wanted.has(topic))
        wanted.set(topic, {
          topic,
          numPartitions: partitions,
          ...(configEntries ? { configEntries } : {}),
        });
    };
    for (const topic of ingress.topics) add(topic);
    for (const topic of remoteTaskTopics(workflows)) add(topic);
    add(resultTopic);
    add(deadLetterTopic, [{ name: 'max.message.bytes', value: String(MAX_DEAD_LETTER_BYTES) }]);
    const created = await ensureTopics(kafka, [...wanted.values()]);
    if (created.length > 0) logger.info({ topics: created }, 'kafka topics created');
  };

  const deleteReplyGroup = async () => {
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.deleteGroups([replyGroupId]);
    } catch {
      // Empty groups expire on their own.
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  };

  const transport: KafkaTransport = {
    publisher: new KafkaPublisher(producer),
    remoteActivities,
    ingressStats: ingress.stats,

    attach(engine) {
      ingress.attach(engine);
      workflows = [...engine.registry.all()];
    },

    connect() {
      connected ??= (async () => {
        await createMissingTopics();
        await producerClient.connect();
        await remoteActivities.start();
        logger.info(
          { brokers: options.brokers, groupId, replyGroupId },
          'kafka transport connected',
        );
      })();
      return connected;
    },

    async start() {
      await transport.connect();
      await ingress.start();
      logger.info({ topics: ingress.topics, groupId }, 'kafka ingress consuming');
    },

    stopIngress: () => ingress.stop(),

    async stop() {
      await ingress.stop();
      await remoteActivities.stop(new OrqError('ORQ_ERR_ENGINE_STOPPED'));
      await producer.drain();
      await producerClient.disconnect();
      await deleteReplyGroup();
      connected = null;
    },

    async health() {
      ingress.health();
      if (!producerUp) throw new Error('kafka producer is not connected');
      return Promise.resolve();
    },

    consumerLag: () => ingress.consumerLag,
  };
  return transport;
}

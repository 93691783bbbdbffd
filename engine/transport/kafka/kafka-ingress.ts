/**
 * Kafka → workflows. One consumer group over the route topics; for each record: size check, JSON
 * parse, route, then `startInstance` (idempotent by business key) or an event by correlation key
 * with envelope id `kafka:<topic>:<partition>:<offset>` (the engine's inbox makes a redelivered
 * record a no-op). A batch's offset is committed (in the background) only after every record of it
 * was applied (its step committed in Postgres) or dead-lettered: a crash or a rebalance before the
 * offset commit redelivers records, never loses them.
 *
 * Records of one key are applied one after the other, in offset order (one instance's events stay
 * ordered); different keys of a batch go to the engine together, where they are group-committed.
 * A record that cannot be parsed, validated or routed goes to the dead-letter topic with its reason
 * and the consumer keeps going. An event for a key no instance has yet waits `correlationWaitMs`
 * first: starts and events travel on different topics, so the event may overtake its start. A transient failure (store down, lost race, engine stopping) is
 * retried with backoff while this replica still owns the partition; if it loses it, the batch is
 * left uncommitted for the new owner.
 */
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { backoff } from '../../clock.js';
import type {
  HistoryQuery,
  SendEventOptions,
  StartInstanceRequest,
  StartInstanceResult,
} from '../../engine-api.js';
import { isOrqError, isRetriable } from '../../errors.js';
import { routeRecord, routeTopics, type Route, type RoutedRecord } from '../../ingress/routes.js';
import type { Logger } from '../../logger.js';
import type { EngineMetrics } from '../../telemetry/metrics.js';
import type { TransitionRecord, WorkflowEvent } from '../../types.js';
import type { BatchingProducer } from './batching-producer.js';
import { deadLetterMessage, deadLetterReason } from './dead-letter.js';
import { decodeRecord } from './decode-record.js';
import { waitForGroupJoin } from './group-join.js';
import { InstanceKeyCache } from './instance-key-cache.js';
import { OffsetCommitter } from './offset-committer.js';
import { traceparentOf } from './record-headers.js';

/** The part of the engine the ingress drives (OrqEngine has it). */
export interface IngressTarget {
  startInstance(request: StartInstanceRequest): Promise<StartInstanceResult>;
  sendEvent(
    instanceId: string,
    event: WorkflowEvent,
    options?: SendEventOptions,
  ): Promise<{ envelopeId: string }>;
  sendEventByKey(
    machine: string,
    key: string,
    event: WorkflowEvent,
    options?: SendEventOptions,
  ): Promise<{ envelopeId: string; instanceId: string }>;
  getHistory(instanceId: string, query?: HistoryQuery): Promise<TransitionRecord[]>;
}

export interface KafkaIngressOptions {
  kafka: Kafka;
  groupId: string;
  routes: readonly Route[];
  deadLetterTopic: string;
  maxMessageBytes: number;
  partitionsConsumedConcurrently: number;
  sessionTimeoutMs: number;
  /** A new group reads the route topics from their start (else from their end). */
  fromBeginning: boolean;
  /**
   * How long an event whose correlation key matches no instance waits for that instance to be
   * started (its start may travel on another topic and arrive later) before it is dead-lettered, in
   * ms. Records of other keys go on meanwhile; the partition's offset waits.
   */
  correlationWaitMs: number;
  producer: BatchingProducer;
  logger: Logger;
  metrics: EngineMetrics;
  /**
   * Fault point for crash and rebalance tests: awaited after a batch was applied and before its
   * offsets are committed. Unset in production.
   */
  beforeOffsetCommit?: (batch: {
    topic: string;
    partition: number;
    lastOffset: string;
  }) => Promise<void>;
}

export interface IngressStats {
  applied: number;
  deadLettered: number;
  /** Redelivered records found already applied. */
  duplicates: number;
  /** Transient failures retried. */
  retries: number;
  /** Batches left uncommitted because the partition was lost or the consumer stopped. */
  abandonedBatches: number;
}

/** Thrown inside a batch to leave it uncommitted (partition lost, consumer stopping). */
class Abandoned extends Error {}

const MAX_BACKOFF_MS = 5_000;

export class KafkaIngress {
  #target: IngressTarget | null = null;
  #consumer: Consumer | null = null;
  #stopping = false;
  #crashed: Error | null = null;
  readonly #lag = new Map<string, number>();
  readonly #keys = new InstanceKeyCache();
  readonly #offsets: OffsetCommitter;
  #activeBatches = 0;
  #batchesDone: (() => void) | null = null;
  readonly stats: IngressStats = {
    applied: 0,
    deadLettered: 0,
    duplicates: 0,
    retries: 0,
    abandonedBatches: 0,
  };

  constructor(private readonly options: KafkaIngressOptions) {
    this.#offsets = new OffsetCommitter(() => this.#consumer, options.logger);
  }

  attach(target: IngressTarget): void {
    this.#target = target;
  }

  get topics(): string[] {
    return routeTopics(this.options.routes);
  }

  /** Records behind the end of the assigned partitions, as of the last fetch. */
  get consumerLag(): number {
    let lag = 0;
    for (const n of this.#lag.values()) lag += n;
    return lag;
  }

  /** Throws when the consumer crashed and will not restart. */
  health(): void {
    if (this.#crashed) throw this.#crashed;
  }

  async start(): Promise<void> {
    if (!this.#target) throw new Error('KafkaIngress.start() before attach(engine)');
    const topics = this.topics;
    if (topics.length === 0) return;
    const o = this.options;
    const consumer = o.kafka.consumer({
      groupId: o.groupId,
      sessionTimeout: o.sessionTimeoutMs,
      heartbeatInterval: Math.max(500, Math.min(3_000, Math.floor(o.sessionTimeoutMs / 5))),
      maxWaitTimeInMs: 250,
    });
    this.#consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      this.#crashed = null;
      this.#lag.clear();
      o.logger.info({ assignment: e.payload.memberAssignment }, 'kafka ingress joined its group');
    });
    consumer.on(consumer.events.CRASH, (e) => {
      if (!e.payload.restart) this.#crashed = e.payload.error;
      o.logger.error(
        { err: e.payload.error.message, restart: e.payload.restart },
        'kafka ingress crashed',
      );
    });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: o.fromBeginning });
    const joined = waitForGroupJoin(consumer);
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: o.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.#onBatch(payload),
    });
    await joined;
  }

  /** Stops taking records; lets the records being applied finish, commits their offsets, leaves. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#activeBatches > 0)
      await new Promise<void>((resolve) => (this.#batchesDone = resolve));
    await this.#offsets.drain();
    await this.#consumer?.disconnect();
    this.#consumer = null;
  }

  async #onBatch(payload: EachBatchPayload): Promise<void> {
    this.#activeBatches += 1;
    try {
      await this.#applyBatch(payload);
    } finally {
      this.#activeBatches -= 1;
      if (this.#activeBatches === 0) this.#batchesDone?.();
    }
  }

  async #applyBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const { topic, partition } = batch;
    this.#lag.set(`${topic}/${partition}`, Number(batch.offsetLag()));
    if (batch.isEmpty()) return;
    const alive = () => !this.#stopping && payload.isRunning() && !payload.isStale();
    const lanes = new Map<string, KafkaMessage[]>();
    for (const message of batch.messages) {
      const lane = message.key === null ? '' : message.key.toString('latin1');
      const list = lanes.get(lane);
      if (list) list.push(message);
      else lanes.set(lane, [message]);
    }
    const results = await Promise.allSettled(
      [...lanes.values()].map(async (messages) => {
        for (const message of messages)
          await this.#handle(topic, partition, message, payload, alive);
      }),
    );
    const failed = results.find((r) => r.status === 'rejected');
    if (failed || !alive()) {
      this.stats.abandonedBatches += 1;
      if (failed && !(failed.reason instanceof Abandoned))
        this.options.logger.error({ err: String(failed.reason) }, 'kafka batch failed');
      return;
    }
    const last = batch.lastOffset();
    await this.options.beforeOffsetCommit?.({ topic, partition, lastOffset: last });
    if (!alive()) {
      this.stats.abandonedBatches += 1;
      return;
    }
    // Only now may the offset move, and only now is it committed (in the background).
    payload.resolveOffset(last);
    this.#offsets.commit(topic, partition, (BigInt(last) + 1n).toString());
  }

  async #handle(
    topic: string,
    partition: number,
    message: KafkaMessage,
    payload: EachBatchPayload,
    alive: () => boolean,
  ): Promise<void> {
    let routed: RoutedRecord;
    let traceparent: string | undefined;
    try {
      const decoded = decodeRecord(topic, partition, message, this.options.maxMessageBytes);
      traceparent = traceparentOf(decoded.headers);
      routed = routeRecord(this.options.routes, decoded);
    } catch (err) {
      return this.#deadLetter(topic, partition, message, err, payload, alive);
    }
    const envelopeId = `kafka:${topic}:${partition}:${message.offset}`;
    let correlationDeadline: number | null = null;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#apply(routed, envelopeId, traceparent);
        this.stats.applied += 1;
        return;
      } catch (err) {
        if (isRetriable(err)) {
          await this.#pause(attempt, payload, alive, {
            topic,
            partition,
            offset: message.offset,
            err,
          });
          continue;
        }
        if (isOrqError(err) && err.code === 'ORQ_ERR_CORRELATION_NOT_FOUND') {
          // The start may be on another topic and not applied yet: wait a little for it.
          correlationDeadline ??= performance.now() + this.options.correlationWaitMs;
          if (performance.now() < correlationDeadline) {
            await this.#wait(Math.min(20 * 2 ** Math.min(attempt, 6), 1_000), payload, alive);
            continue;
          }
        }
        if (await this.#alreadyApplied(err, envelopeId)) {
          this.stats.duplicates += 1;
          return;
        }
        return this.#deadLetter(topic, partition, message, err, payload, alive);
      }
    }
  }

  async #apply(routed: RoutedRecord, envelopeId: string, traceparent: string | undefined) {
    const target = this.#target!;
    if (routed.kind === 'start') {
      const { instance } = await target.startInstance({
        machine: routed.machine,
        key: routed.key,
        input: routed.input,
        ...(routed.version !== undefined ? { version: routed.version } : {}),
        source: 'kafka',
        ...(traceparent ? { traceparent } : {}),
      });
      this.#keys.set(routed.machine, routed.key, instance.id);
      return;
    }
    const options: SendEventOptions = {
      envelopeId,
      source: 'kafka',
      ...(traceparent ? { traceparent } : {}),
    };
    const known = this.#keys.get(routed.machine, routed.key);
    if (known) {
      try {
        await target.sendEvent(known, routed.event, options);
        return;
      } catch (err) {
        if (!isOrqError(err) || err.code !== 'ORQ_ERR_INSTANCE_NOT_FOUND') throw err;
        this.#keys.delete(routed.machine, routed.key);
      }
    }
    const { instanceId } = await target.sendEventByKey(
      routed.machine,
      routed.key,
      routed.event,
      options,
    );
    this.#keys.set(routed.machine, routed.key, instanceId);
  }

  /**
   * A redelivered event whose instance has since finished is refused as "not active" before the
   * inbox sees it; its own history tells whether it was applied the first time.
   */
  async #alreadyApplied(err: unknown, envelopeId: string): Promise<boolean> {
    if (!isOrqError(err) || err.code !== 'ORQ_ERR_INSTANCE_NOT_ACTIVE') return false;
    const instanceId = err.details.instanceId;
    if (typeof instanceId !== 'string') return false;
    try {
      const history = await this.#target!.getHistory(instanceId, { limit: 1000 });
      return history.some((t) => t.envelopeId === envelopeId);
    } catch {
      return false;
    }
  }

  async #deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    err: unknown,
    payload: EachBatchPayload,
    alive: () => boolean,
  ): Promise<void> {
    const reason = deadLetterReason(err);
    const letter = deadLetterMessage({ topic, partition, message }, reason);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.producer.send(this.options.deadLetterTopic, [letter]);
        break;
      } catch (sendErr) {
        await this.#pause(attempt, payload, alive, {
          topic,
          partition,
          offset: message.offset,
          err: sendErr,
        });
      }
    }
    this.stats.deadLettered += 1;
    this.options.metrics.deadLettered(reason.code);
    this.options.logger.warn(
      { topic, partition, offset: message.offset, reason: reason.code, detail: reason.detail },
      'record dead-lettered',
    );
  }

  /** Waits without counting a failure; abandons the batch when the partition is no longer ours. */
  async #wait(ms: number, payload: EachBatchPayload, alive: () => boolean): Promise<void> {
    if (!alive()) throw new Abandoned();
    await backoff(ms);
    await payload.heartbeat().catch(() => undefined);
    if (!alive()) throw new Abandoned();
  }

  /** Backs off before another attempt, or abandons the batch when the partition is no longer ours. */
  async #pause(
    attempt: number,
    payload: EachBatchPayload,
    alive: () => boolean,
    where: { topic: string; partition: number; offset: string; err: unknown },
  ): Promise<void> {
    if (!alive()) throw new Abandoned();
    this.stats.retries += 1;
    this.options.metrics.error('kafka_ingress_retry');
    this.options.logger.warn(
      { ...where, err: (where.err as Error)?.message ?? String(where.err), attempt },
      'transient failure; retrying the record',
    );
    await backoff(Math.min(MAX_BACKOFF_MS, 50 * 2 ** Math.min(attempt, 10)));
    await payload.heartbeat().catch(() => undefined);
    if (!alive()) throw new Abandoned();
  }
}

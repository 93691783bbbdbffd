/**
 * Remote activities over Kafka (the RemoteActivityDispatcher port). A task goes to the activity's
 * topic keyed by instance id; the worker's result comes back on the reply topic and settles the
 * pending dispatch matched by activity id + attempt. A late reply (the runner already timed out and
 * moved on) or an unknown one (another replica's task) is ignored. Timeouts, retries and the
 * idempotency key are the activity runner's, exactly as for local activities.
 *
 * Every replica reads every reply (its own consumer group on the reply topic, starting at the end):
 * the replica waiting for a task is the one that sent it, whoever owns the reply's partition. A
 * reply that arrives while nobody waits (its replica died) is dropped, and the activity's lease
 * expiry makes another replica dispatch the task again: at least once, deduped by the key.
 */
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { RemoteActivityDispatcher, RemoteTask } from '../../activities/activity-runner.js';
import type { Clock } from '../../clock.js';
import type { Logger } from '../../logger.js';
import {
  HEADER_ACTIVITY_ID,
  HEADER_ATTEMPT,
  HEADER_INSTANCE_ID,
  HEADER_MESSAGE_ID,
  HEADER_PROTOCOL,
  HEADER_TRACEPARENT,
  parseResultMessage,
  PROTOCOL_VERSION,
  TASK_KIND,
  type ResultMessage,
  type TaskMessage,
} from '../../protocol/index.js';
import type { BatchingProducer } from './batching-producer.js';
import { RemoteActivityError } from './remote-activity-error.js';
import { waitForGroupJoin } from './group-join.js';

interface Waiting {
  task: RemoteTask;
  resolve: (output: unknown) => void;
  reject: (err: unknown) => void;
}

export interface KafkaActivitiesOptions {
  kafka: Kafka;
  producer: BatchingProducer;
  replyTopic: string;
  /** This process's own consumer group on the reply topic. */
  replyGroupId: string;
  clock: Clock;
  logger: Logger;
}

export class KafkaActivityDispatcher implements RemoteActivityDispatcher {
  readonly #waiting = new Map<string, Waiting>();
  #consumer: Consumer | null = null;
  #ignored = 0;

  constructor(private readonly options: KafkaActivitiesOptions) {}

  /** Tasks sent and not yet answered. */
  get inFlight(): number {
    return this.#waiting.size;
  }

  /** Replies that matched no waiting dispatch (late, duplicate, or another replica's). */
  get ignoredReplies(): number {
    return this.#ignored;
  }

  dispatch(task: RemoteTask, signal: AbortSignal): Promise<unknown> {
    const id = waitKey(task.activityId, task.attempt);
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(asError(signal.reason));
      this.#waiting.set(id, { task, resolve, reject });
      signal.addEventListener(
        'abort',
        () => {
          if (this.#waiting.get(id)?.task === task) this.#waiting.delete(id);
          reject(asError(signal.reason));
        },
        { once: true },
      );
      const message: TaskMessage = {
        protocol: PROTOCOL_VERSION,
        kind: TASK_KIND,
        activityId: task.activityId,
        activityType: task.activityType,
        attempt: task.attempt,
        instanceId: task.instanceId,
        machine: task.machine,
        input: task.input ?? null,
        timeoutMs: task.timeoutMs,
        deadlineMs: this.options.clock.now() + task.timeoutMs,
        replyTo: this.options.replyTopic,
      };
      this.options.producer
        .send(task.topic, [
          {
            key: task.instanceId,
            value: JSON.stringify(message),
            headers: {
              [HEADER_MESSAGE_ID]: id,
              [HEADER_INSTANCE_ID]: task.instanceId,
              [HEADER_ACTIVITY_ID]: task.activityId,
              [HEADER_ATTEMPT]: String(task.attempt),
              [HEADER_PROTOCOL]: String(PROTOCOL_VERSION),
              ...(task.traceparent ? { [HEADER_TRACEPARENT]: task.traceparent } : {}),
            },
          },
        ])
        .catch((err: unknown) => {
          if (this.#waiting.get(id)?.task === task) this.#waiting.delete(id);
          reject(asError(err));
        });
    });
  }

  /** Joins the reply topic (from its end) and resolves once partitions are assigned. */
  async start(): Promise<void> {
    const { kafka, replyTopic, replyGroupId } = this.options;
    const consumer = kafka.consumer({
      groupId: replyGroupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 100,
    });
    this.#consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [replyTopic], fromBeginning: false });
    const joined = waitForGroupJoin(consumer);
    await consumer.run({
      autoCommit: true,
      partitionsConsumedConcurrently: 4,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) this.#onReply(message);
        return Promise.resolve();
      },
    });
    await joined;
  }

  /** Stops reading replies; dispatches still waiting reject with `reason`. */
  async stop(reason: unknown = new Error('remote activities stopped')): Promise<void> {
    for (const [id, w] of this.#waiting) {
      this.#waiting.delete(id);
      w.reject(reason);
    }
    await this.#consumer?.disconnect();
    this.#consumer = null;
  }

  #onReply(message: KafkaMessage): void {
    let reply: ResultMessage;
    try {
      reply = parseResultMessage(JSON.parse(message.value?.toString('utf8') ?? 'null'));
    } catch (err) {
      this.#ignored += 1;
      this.options.logger.warn(
        { offset: message.offset, err: (err as Error).message },
        'malformed activity result ignored',
      );
      return;
    }
    const id = waitKey(reply.activityId, reply.attempt);
    const waiting = this.#waiting.get(id);
    if (!waiting) {
      this.#ignored += 1;
      this.options.logger.debug(
        { activityId: reply.activityId, attempt: reply.attempt },
        'activity result nobody waits for (late, duplicate or another replica) ignored',
      );
      return;
    }
    this.#waiting.delete(id);
    if (reply.ok) waiting.resolve(reply.output);
    else
      waiting.reject(
        new RemoteActivityError(reply.error, {
          activityType: waiting.task.activityType,
          attempt: waiting.task.attempt,
        }),
      );
  }
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}

function waitKey(activityId: string, attempt: number): string {
  return `${activityId}#${attempt}`;
}

/**
 * A worker for one remote activity type, usable by any Node service: it reads tasks from the task
 * topic (a consumer group shared by every instance of the service), runs the handler, and publishes
 * the result on the task's `replyTo` topic. Offsets are committed after the results are published,
 * so a crash re-runs the tasks in flight: at least once. The handler gets the idempotency key (the
 * same on every attempt) to dedupe its side effects. Depends on engine/protocol and kafkajs only.
 *
 *   const worker = createWorker({ brokers, task: 'chargePayment', handler: async (input, ctx) => … });
 *   await worker.start();
 */
import {
  Kafka,
  logLevel,
  Partitioners,
  type Consumer,
  type EachBatchPayload,
  type KafkaMessage,
  type Producer,
} from 'kafkajs';
import {
  HEADER_ACTIVITY_ID,
  HEADER_ATTEMPT,
  HEADER_INSTANCE_ID,
  HEADER_MESSAGE_ID,
  HEADER_PROTOCOL,
  HEADER_TRACEPARENT,
  parseTaskMessage,
  PROTOCOL_VERSION,
  RESULT_KIND,
  taskTopicFor,
  type ResultMessage,
  type TaskMessage,
} from '../protocol/index.js';
import { ensureTopics } from './ensure-topics.js';
import { ReplySender } from './reply-sender.js';
import { toWireError } from './to-wire-error.js';

export interface TaskContext {
  /** Same for every attempt of this task, across engine restarts: dedupe side effects with it. */
  idempotencyKey: string;
  attempt: number;
  activityType: string;
  instanceId: string;
  machine: string;
  /** Epoch ms after which the engine stops waiting for this attempt. */
  deadlineMs: number;
  /** Aborted at the deadline. */
  signal: AbortSignal;
  traceparent: string | undefined;
  /** All headers of the task record, as strings. */
  headers: Readonly<Record<string, string>>;
}

export type TaskHandler<I = unknown, O = unknown> = (input: I, ctx: TaskContext) => Promise<O>;

export interface WorkerOptions<I = unknown, O = unknown> {
  /** host:port of at least one broker (or pass `kafka`). */
  brokers?: string[];
  kafka?: Kafka;
  /** The activity type, e.g. 'reserveStock'. */
  task: string;
  /** @default `orq.tasks.<task>` */
  topic?: string;
  /** Consumer group shared by every instance of this worker. @default `orq-worker.<task>` */
  groupId?: string;
  handler: TaskHandler<I, O>;
  /** Tasks handled at once by this process. @default 16 */
  concurrency?: number;
  /** @default 30_000 */
  sessionTimeoutMs?: number;
  /** Partitions of the task topic when the worker has to create it (before the engine did). @default 8 */
  partitions?: number;
  /** Epoch ms now (tests). @default Date.now */
  now?: () => number;
  /** Called for every task outcome (logging, metrics). */
  onOutcome?: (outcome: TaskOutcome) => void;
}

export interface TaskOutcome {
  task: TaskMessage | null;
  outcome: 'ok' | 'failed' | 'expired' | 'malformed';
  durationMs: number;
  error?: string;
}

export interface Worker {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly stats: { ok: number; failed: number; expired: number; malformed: number };
}

export function createWorker<I = unknown, O = unknown>(options: WorkerOptions<I, O>): Worker {
  const kafka =
    options.kafka ??
    new Kafka({
      clientId: `orq-worker-${options.task}`,
      brokers: options.brokers ?? [],
      logLevel: logLevel.WARN,
      // A fresh cluster answers "coordinator loading" for a while: keep trying (about 2 minutes).
      retry: { retries: 12, maxRetryTime: 30_000 },
    });
  const topic = options.topic ?? taskTopicFor(options.task);
  const concurrency = Math.max(1, options.concurrency ?? 16);
  // eslint-disable-next-line no-restricted-properties -- a worker runs in other services, outside the engine's Clock
  const now = options.now ?? (() => Date.now());
  const stats = { ok: 0, failed: 0, expired: 0, malformed: 0 };
  let consumer: Consumer | null = null;
  let producer: Producer | null = null;
  let replies: ReplySender | null = null;

  const runOne = async (message: KafkaMessage): Promise<void> => {
    const started = performance.now();
    const headers = stringHeaders(message);
    let task: TaskMessage;
    try {
      task = parseTaskMessage(JSON.parse(message.value?.toString('utf8') ?? 'null'));
    } catch (err) {
      stats.malformed += 1;
      options.onOutcome?.({
        task: null,
        outcome: 'malformed',
        durationMs: 0,
        error: (err as Error).message,
      });
      return;
    }
    const remainingMs = task.deadlineMs - now();
    if (remainingMs <= 0) {
      // The engine stopped waiting for this attempt; a retry (if any) is already on its way.
      stats.expired += 1;
      options.onOutcome?.({ task, outcome: 'expired', durationMs: 0 });
      return;
    }
    const traceparent = headers[HEADER_TRACEPARENT];
    const ctx: TaskContext = {
      idempotencyKey: task.activityId,
      attempt: task.attempt,
      activityType: task.activityType,
      instanceId: task.instanceId,
      machine: task.machine,
      deadlineMs: task.deadlineMs,
      signal: AbortSignal.timeout(remainingMs),
      traceparent,
      headers,
    };
    const base = {
      protocol: PROTOCOL_VERSION,
      kind: RESULT_KIND,
      activityId: task.activityId,
      attempt: task.attempt,
    } as const;
    let result: ResultMessage;
    try {
      const output = await options.handler(task.input as I, ctx);
      result = { ...base, ok: true, output: output ?? null };
      stats.ok += 1;
    } catch (err) {
      result = { ...base, ok: false, error: toWireError(err) };
      stats.failed += 1;
    }
    await replies!.send(task.replyTo, {
      key: task.instanceId,
      value: JSON.stringify(result),
      headers: {
        [HEADER_MESSAGE_ID]: `${task.activityId}#${task.attempt}:result`,
        [HEADER_INSTANCE_ID]: task.instanceId,
        [HEADER_ACTIVITY_ID]: task.activityId,
        [HEADER_ATTEMPT]: String(task.attempt),
        [HEADER_PROTOCOL]: String(PROTOCOL_VERSION),
        ...(traceparent ? { [HEADER_TRACEPARENT]: traceparent } : {}),
      },
    });
    options.onOutcome?.({
      task,
      outcome: result.ok ? 'ok' : 'failed',
      durationMs: performance.now() - started,
      ...(result.ok ? {} : { error: result.error.message }),
    });
  };

  const onBatch = async (payload: EachBatchPayload) => {
    const { batch } = payload;
    const alive = () => payload.isRunning() && !payload.isStale();
    let next = 0;
    const lanes = Array.from({ length: Math.min(concurrency, batch.messages.length) }, async () => {
      while (next < batch.messages.length && alive()) {
        const message = batch.messages[next++]!;
        await runOne(message);
        await payload.heartbeat();
      }
    });
    await Promise.all(lanes);
    if (next < batch.messages.length || !alive()) return;
    payload.resolveOffset(batch.lastOffset());
  };

  return {
    stats,
    async start() {
      producer = kafka.producer({
        allowAutoTopicCreation: true,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      replies = new ReplySender(producer);
      consumer = kafka.consumer({
        groupId: options.groupId ?? `orq-worker.${options.task}`,
        sessionTimeout: options.sessionTimeoutMs ?? 30_000,
        maxWaitTimeInMs: 250,
      });
      // Workers may start before the engine: create the task topic if needed.
      await ensureTopics(kafka, [{ topic, numPartitions: options.partitions ?? 8 }]);
      await producer.connect();
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        autoCommit: true,
        autoCommitInterval: 500,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: 4,
        eachBatch: onBatch,
      });
    },
    async stop() {
      await consumer?.disconnect();
      await producer?.disconnect();
      consumer = null;
      producer = null;
    },
  };
}

function stringHeaders(message: KafkaMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(message.headers ?? {})) {
    const value = Array.isArray(raw) ? raw.at(-1) : raw;
    if (value !== undefined) out[name] = typeof value === 'string' ? value : value.toString('utf8');
  }
  return out;
}

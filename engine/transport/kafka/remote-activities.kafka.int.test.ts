/**
 * Pins remote activities over a real Kafka broker and Postgres: a task reaches the worker with its
 * idempotency key, attempt and traceparent, and the worker's output comes back to the instance;
 * a retriable failure is retried under the same key; a non-retriable one takes the workflow's error
 * path at once; and a reply that comes after the attempt timed out is ignored while the retry's
 * reply is used. The outbox message of the finished step reaches Kafka with its message id and
 * the trace id of the event that started the work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assign, emit, fromPromise, setup } from 'xstate';
import { createTestDatabase, type TestDatabase } from '../../../test/setup/database.js';
import {
  randomKafkaName,
  testKafka,
  testKafkaBrokers,
} from '../../../test/setup/kafka-test-client.js';
import { createTopics, readTopics, type TopicReader } from '../../../test/kafka/topic-reader.js';
import { eventually } from '../../testing/eventually.js';
import { defineWorkflow } from '../../workflow/define-workflow.js';
import { message } from '../../workflow/publish.js';
import { createWorker, TaskError, type TaskContext, type Worker } from '../../worker/index.js';
import { startKafkaEngine, type KafkaEngine } from './kafka-engine.js';

const base = randomKafkaName('remote');
const OUT = `${base}.done`;
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

const remoteMachine = setup({
  types: { context: {} as { mode: string; result: unknown; error: string | null } },
  actors: { work: fromPromise(async () => Promise.resolve({ local: true })) },
}).createMachine({
  id: 'remote-test',
  context: ({ input }) => ({ mode: (input as { mode: string }).mode, result: null, error: null }),
  initial: 'idle',
  states: {
    idle: { on: { GO: 'working' } },
    working: {
      invoke: {
        src: 'work',
        input: ({ context }) => ({ mode: context.mode }),
        onDone: {
          target: 'done',
          actions: [
            assign({ result: ({ event }) => event.output }),
            emit(({ context }) => message({ topic: OUT, value: { mode: context.mode } })),
          ],
        },
        onError: {
          target: 'rejected',
          actions: assign({ error: ({ event }) => (event.error as { message: string }).message }),
        },
      },
    },
    done: { type: 'final' },
    rejected: { type: 'final' },
  },
});

const workflow = defineWorkflow({
  id: 'remote-test',
  version: 1,
  machine: remoteMachine,
  events: { GO: {} },
  activities: {
    work: { timeoutMs: 1_500, retry: { maxAttempts: 3, initialIntervalMs: 50 } },
  },
});

const seen: Array<{ mode: string; ctx: TaskContext }> = [];
let db: TestDatabase;
let orq: KafkaEngine;
let worker: Worker;
let out: TopicReader;

beforeAll(async () => {
  db = await createTestDatabase('remote');
  orq = await startKafkaEngine({
    knex: db.knex,
    brokers: testKafkaBrokers(),
    workflows: [workflow],
    routes: [],
    remoteActivities: { 'remote-test': 'all' },
    taskTopic: (type) => `${base}.tasks.${type}`,
    groupId: `${base}.engine`,
    kafka: { resultTopic: `${base}.results`, deadLetterTopic: `${base}.dlq`, partitions: 2 },
    engine: { activityPollMs: 100 },
  });
  worker = createWorker<{ mode: string }>({
    brokers: testKafkaBrokers(),
    task: 'work',
    topic: `${base}.tasks.work`,
    groupId: `${base}.worker`,
    sessionTimeoutMs: 10_000,
    handler: async ({ mode }, ctx) => {
      seen.push({ mode, ctx });
      if (mode === 'flaky' && ctx.attempt === 1) throw new Error('warehouse busy');
      if (mode === 'declined')
        throw new TaskError('CARD_DECLINED', 'card declined', { retriable: false });
      if (mode === 'slow' && ctx.attempt === 1) await new Promise((r) => setTimeout(r, 2_500));
      return { mode, attempt: ctx.attempt };
    },
  });
  await worker.start();
  await createTopics(testKafka(), [OUT], 2);
  out = await readTopics(testKafka(), [OUT]);
});

afterAll(async () => {
  await out?.stop();
  await worker?.stop();
  await orq?.stop();
  await db?.drop();
});

async function run(mode: string, traceparent?: string) {
  const { engine } = orq;
  const { instance } = await engine.startInstance({ machine: 'remote-test', input: { mode } });
  await engine.sendEvent(instance.id, { type: 'GO' }, traceparent ? { traceparent } : {});
  return eventually(
    async () => {
      const view = await engine.getInstance(instance.id);
      return view?.status === 'done' ? view : null;
    },
    20_000,
    `${mode} instance to finish`,
  );
}

describe('remote activities over Kafka', () => {
  it('runs the task on the worker and feeds its output back, with key, attempt and traceparent', async () => {
    const view = await run('plain', TRACEPARENT);
    expect(view.value).toBe('done');
    expect(view.context).toMatchObject({ result: { mode: 'plain', attempt: 1 } });
    const task = seen.find((s) => s.mode === 'plain')!;
    expect(task.ctx).toMatchObject({
      attempt: 1,
      activityType: 'work',
      instanceId: view.id,
      machine: 'remote-test',
      traceparent: TRACEPARENT,
    });
    expect(task.ctx.idempotencyKey).toContain(view.id);
    const published = await eventually(() =>
      out.messages.find((m) => (m.value as { mode?: string }).mode === 'plain'),
    );
    expect(published.headers['orq-message-id']).toMatch(new RegExp(`^${view.id}:`));
    expect(published.headers['orq-instance-id']).toBe(view.id);
    expect(published.key).toBe(view.id);
    // The trace continues from the event that started the work to the message it produced.
    expect(published.headers.traceparent?.split('-')[1]).toBe(TRACEPARENT.split('-')[1]);
  });

  it('retries a retriable failure under the same idempotency key', async () => {
    const view = await run('flaky');
    expect(view.context).toMatchObject({ result: { mode: 'flaky', attempt: 2 } });
    const attempts = seen.filter((s) => s.mode === 'flaky');
    expect(attempts.map((a) => a.ctx.attempt)).toEqual([1, 2]);
    expect(new Set(attempts.map((a) => a.ctx.idempotencyKey)).size).toBe(1);
  });

  it('takes the error path at once on a non-retriable failure', async () => {
    const view = await run('declined');
    expect(view.value).toBe('rejected');
    expect(view.context).toMatchObject({
      error: 'Activity work failed after 1 attempt(s): card declined',
    });
    expect(seen.filter((s) => s.mode === 'declined')).toHaveLength(1);
  });

  it('ignores a reply that arrives after its attempt timed out and uses the retry', async () => {
    const ignoredBefore = orq.transport.remoteActivities.ignoredReplies;
    const view = await run('slow');
    expect(view.context).toMatchObject({ result: { mode: 'slow', attempt: 2 } });
    await eventually(
      () => orq.transport.remoteActivities.ignoredReplies > ignoredBefore,
      10_000,
      'the late reply of attempt 1 to arrive and be ignored',
    );
    expect((await orq.engine.getInstance(view.id))?.context).toMatchObject({
      result: { attempt: 2 },
    });
  });
});

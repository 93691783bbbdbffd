/**
 * The demo's consumer service: a worker for each task of the order workflow (reserveStock,
 * chargePayment, shipOrder, releaseStock) built with createWorker. A few ms of simulated work, an
 * occasional simulated outage (retriable: the engine retries it under the same idempotency key),
 * and a declined card for large amounts (not retriable: the order compensates and is cancelled).
 * Side effects are deduped by idempotency key, as a real service would.
 */
import type { Kafka } from 'kafkajs';
import {
  createWorker,
  TaskError,
  type TaskContext,
  type Worker,
} from '../../engine/worker/index.js';

export interface OrderWorkersOptions {
  kafka: Kafka;
  /** Task topic of an activity type. @default `orq.tasks.<type>` */
  taskTopic?: (type: string) => string;
  /** Consumer group of a task's workers. @default `orq-worker.<type>` */
  groupId?: (type: string) => string;
  /** Simulated work per task, drawn from [0, workMs], in ms. @default 5 */
  workMs?: number;
  /** Share of first attempts that fail with a retriable outage. @default 0.05 */
  outageRate?: number;
  /** Charges above this amount are declined (not retriable). @default 450 */
  declineAbove?: number;
  concurrency?: number;
  sessionTimeoutMs?: number;
}

export interface OrderWorkers {
  readonly stats: { tasks: number; outages: number; declined: number; deduped: number };
  stop(): Promise<void>;
}

type Handler = (input: Record<string, unknown>, ctx: TaskContext) => Promise<unknown>;

export async function startOrderWorkers(options: OrderWorkersOptions): Promise<OrderWorkers> {
  const workMs = options.workMs ?? 5;
  const outageRate = options.outageRate ?? 0.05;
  const declineAbove = options.declineAbove ?? 450;
  const stats = { tasks: 0, outages: 0, declined: 0, deduped: 0 };
  const done = new Map<string, unknown>(); // idempotency key → result of the side effect

  const work = async (ctx: TaskContext, effect: () => unknown): Promise<unknown> => {
    stats.tasks += 1;
    await new Promise((resolve) => setTimeout(resolve, Math.random() * workMs));
    if (ctx.attempt === 1 && Math.random() < outageRate) {
      stats.outages += 1;
      throw new TaskError('SERVICE_UNAVAILABLE', 'simulated outage, try again');
    }
    if (done.has(ctx.idempotencyKey)) {
      stats.deduped += 1;
      return done.get(ctx.idempotencyKey);
    }
    const result = effect();
    done.set(ctx.idempotencyKey, result);
    return result;
  };

  const handlers: Record<string, Handler> = {
    reserveStock: (input, ctx) =>
      work(ctx, () => ({ reservationId: `rsv_${String(input.orderId)}` })),
    chargePayment: (input, ctx) =>
      work(ctx, () => {
        if (Number(input.amount) > declineAbove) {
          stats.declined += 1;
          throw new TaskError('CARD_DECLINED', `card declined for ${String(input.amount)}`, {
            retriable: false,
          });
        }
        return { chargeId: `ch_${String(input.orderId)}` };
      }),
    shipOrder: (input, ctx) =>
      work(ctx, () => ({ trackingNumber: `TRK-${String(input.orderId)}` })),
    releaseStock: (input, ctx) => work(ctx, () => ({ released: input.reservationId ?? null })),
  };

  const workers: Worker[] = Object.entries(handlers).map(([task, handler]) =>
    createWorker<Record<string, unknown>>({
      kafka: options.kafka,
      task,
      ...(options.taskTopic ? { topic: options.taskTopic(task) } : {}),
      ...(options.groupId ? { groupId: options.groupId(task) } : {}),
      handler,
      concurrency: options.concurrency ?? 32,
      ...(options.sessionTimeoutMs ? { sessionTimeoutMs: options.sessionTimeoutMs } : {}),
    }),
  );
  await Promise.all(workers.map((w) => w.start()));
  return {
    stats,
    stop: async () => {
      await Promise.all(workers.map((w) => w.stop()));
    },
  };
}

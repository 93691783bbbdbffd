/**
 * The demo's producer service: publishes OrderPlaced for random orders at a chosen rate, then,
 * after a short random delay, PaymentReceived for each. It knows nothing of the orchestrator but
 * the topics and the JSON it expects (kafkajs only). Each order carries a fresh `traceparent`, so
 * its whole path can be followed in traces.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';

export interface OrderProducerOptions {
  kafka: Kafka;
  /** @default { placed: 'orders.placed', payments: 'payments.received' } */
  topics?: { placed: string; payments: string };
  /** Orders per second. */
  ratePerSecond: number;
  /** Stop after this many orders. @default unbounded (until stop()) */
  count?: number;
  /** PaymentReceived follows OrderPlaced after a delay drawn from this range, in ms. @default [0, 500] */
  paymentDelayMs?: [number, number];
  /** Order ids are `<prefix>-<n>`. @default a random prefix */
  orderIdPrefix?: string;
  /** Amounts are drawn from this range. @default [5, 500] */
  amountRange?: [number, number];
  /** Share of orders that never pay (they show the payment timeout and compensation). @default 0 */
  unpaidShare?: number;
  /** Sent as the order's paymentTimeoutMs when set, in ms. @default the workflow's (15 minutes) */
  paymentTimeoutMs?: number;
  /** Called when an order's OrderPlaced was acknowledged by the broker. */
  onPlaced?: (order: PlacedOrder) => void;
}

export interface PlacedOrder {
  orderId: string;
  amount: number;
  /** False for the orders that never pay (see unpaidShare). */
  pays: boolean;
  traceparent: string;
}

export interface ProducerStats {
  placed: number;
  paid: number;
}

export interface OrderProducer {
  readonly stats: ProducerStats;
  /** Resolves when `count` orders and their payments are sent, or after stop(). */
  run(): Promise<ProducerStats>;
  stop(): void;
}

const TICK_MS = 10;

export function createOrderProducer(options: OrderProducerOptions): OrderProducer {
  const topics = options.topics ?? { placed: 'orders.placed', payments: 'payments.received' };
  const [minDelay, maxDelay] = options.paymentDelayMs ?? [0, 500];
  const [minAmount, maxAmount] = options.amountRange ?? [5, 500];
  const prefix = options.orderIdPrefix ?? `o${randomBytes(3).toString('hex')}`;
  const stats: ProducerStats = { placed: 0, paid: 0 };
  const pendingPayments: Array<{ dueAt: number; message: Message }> = [];
  let stopped = false;

  const newOrder = (
    n: number,
  ): { order: PlacedOrder; placed: Message; payment: Message | null } => {
    const orderId = `${prefix}-${n}`;
    const amount = Math.round(minAmount + Math.random() * (maxAmount - minAmount));
    const traceparent = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
    const headers = { traceparent };
    const pays = Math.random() >= (options.unpaidShare ?? 0);
    const items = [
      { sku: `SKU-${1 + Math.floor(Math.random() * 50)}`, qty: 1 + Math.floor(Math.random() * 3) },
    ];
    return {
      order: { orderId, amount, pays, traceparent },
      placed: {
        key: orderId,
        value: JSON.stringify({
          type: 'OrderPlaced',
          orderId,
          customerId: `c-${n % 97}`,
          items,
          amount,
          ...(options.paymentTimeoutMs ? { paymentTimeoutMs: options.paymentTimeoutMs } : {}),
        }),
        headers,
      },
      payment: !pays
        ? null
        : {
            key: orderId,
            value: JSON.stringify({
              type: 'PaymentReceived',
              orderId,
              paymentId: `pay_${randomUUID()}`,
              amount,
            }),
            headers,
          },
    };
  };

  const run = async (): Promise<ProducerStats> => {
    const producer: Producer = options.kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    const started = performance.now();
    let next = 0;
    try {
      while (!stopped) {
        const now = performance.now();
        const due = Math.floor(((now - started) / 1000) * options.ratePerSecond);
        const placed: Message[] = [];
        const orders: PlacedOrder[] = [];
        while (next < due && (options.count === undefined || next < options.count)) {
          const { order, placed: p, payment } = newOrder(next++);
          placed.push(p);
          orders.push(order);
          if (payment)
            pendingPayments.push({
              dueAt: now + minDelay + Math.random() * (maxDelay - minDelay),
              message: payment,
            });
        }
        pendingPayments.sort((a, b) => a.dueAt - b.dueAt);
        let paidNow = 0;
        while (paidNow < pendingPayments.length && pendingPayments[paidNow]!.dueAt <= now)
          paidNow++;
        const payments = pendingPayments.splice(0, paidNow).map((p) => p.message);
        const topicMessages = [
          ...(placed.length ? [{ topic: topics.placed, messages: placed }] : []),
          ...(payments.length ? [{ topic: topics.payments, messages: payments }] : []),
        ];
        if (topicMessages.length) {
          await producer.sendBatch({ topicMessages });
          stats.placed += placed.length;
          stats.paid += payments.length;
          for (const order of orders) options.onPlaced?.(order);
        }
        const finished = options.count !== undefined && next >= options.count;
        if (finished && pendingPayments.length === 0) break;
        await new Promise((resolve) => setTimeout(resolve, TICK_MS));
      }
    } finally {
      await producer.disconnect();
    }
    return stats;
  };

  return {
    stats,
    run,
    stop: () => {
      stopped = true;
    },
  };
}

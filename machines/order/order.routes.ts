/**
 * How Kafka records drive the order workflow (Kafka mode):
 *   orders.placed      OrderPlaced → start an order, business key = orderId
 *   payments.received  PaymentReceived → the order whose key is orderId
 *   orders.commands    { type, orderId, … } → that event (e.g. CancelOrder) for the order
 * Payloads are validated by the workflow's schemas; a record that fails goes to the dead-letter
 * topic with its reason.
 */
import { defineRoute } from '../../engine/ingress/routes.js';

export const ORDER_TOPICS = {
  placed: 'orders.placed',
  payments: 'payments.received',
  commands: 'orders.commands',
  completed: 'orders.completed',
  cancelled: 'orders.cancelled',
} as const;

type Fields = Record<string, unknown>;
const fields = (value: unknown): Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : {};
const orderIdOf = (value: unknown) => fields(value).orderId as string;

/** Copies the named fields that are present. */
function pick(value: unknown, names: readonly string[]): Fields {
  const source = fields(value);
  const out: Fields = {};
  for (const name of names) if (source[name] !== undefined) out[name] = source[name];
  return out;
}

/** The routes, on the default topics or on others (tests use random names). */
export function orderRoutesOn(topics: { placed: string; payments: string; commands: string }) {
  return [
    defineRoute({
      name: 'OrderPlaced',
      topic: topics.placed,
      start: {
        machine: 'order',
        key: (msg) => orderIdOf(msg.value),
        input: (msg) =>
          pick(msg.value, ['orderId', 'customerId', 'items', 'amount', 'paymentTimeoutMs']),
      },
    }),
    defineRoute({
      name: 'PaymentReceived',
      topic: topics.payments,
      event: {
        machine: 'order',
        correlationKey: (msg) => orderIdOf(msg.value),
        type: 'PaymentReceived',
        payload: (msg) => pick(msg.value, ['paymentId', 'amount']),
      },
    }),
    defineRoute({
      name: 'OrderCommand',
      topic: topics.commands,
      event: {
        machine: 'order',
        correlationKey: (msg) => orderIdOf(msg.value),
        type: (msg) => fields(msg.value).type as string,
        payload: (msg) => {
          const { type: _type, orderId: _orderId, ...rest } = fields(msg.value);
          return rest;
        },
      },
    }),
  ];
}

export const orderRoutes = orderRoutesOn(ORDER_TOPICS);

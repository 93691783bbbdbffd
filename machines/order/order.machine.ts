/**
 * The order workflow of the demo: reserve stock, wait for the payment (with a timeout), charge,
 * ship. A missing payment or a failed charge takes the compensation path: the reserved stock is
 * released and the order is cancelled. Every step is an activity the engine runs durably (locally
 * in embedded mode, or on a remote worker over Kafka), and milestones are published as messages.
 */
import { assign, emit, fromPromise, setup } from 'xstate';
import { message } from '../../engine/workflow/index.js';

export interface OrderInput {
  orderId: string;
  customerId?: string;
  items?: Array<{ sku: string; qty: number }>;
  amount?: number;
  /** How long to wait for the payment, in ms. @default 15 minutes */
  paymentTimeoutMs?: number;
}

export interface OrderContext {
  orderId: string;
  customerId: string;
  items: Array<{ sku: string; qty: number }>;
  amount: number;
  paymentTimeoutMs: number;
  reservationId: string | null;
  paymentId: string | null;
  chargeId: string | null;
  trackingNumber: string | null;
  failureReason: string | null;
}

export type OrderEvent =
  | { type: 'PaymentReceived'; paymentId: string; amount?: number }
  | { type: 'CancelOrder'; reason?: string };

/** Local stand-ins for the demo's services (the Kafka demo replaces them with a remote worker). */
export const orderActivities = {
  reserveStock: fromPromise(
    async ({ input }: { input: { orderId: string; items: OrderContext['items'] } }) => ({
      reservationId: `rsv_${input.orderId}`,
    }),
  ),
  chargePayment: fromPromise(
    async ({ input }: { input: { orderId: string; amount: number; paymentId: string | null } }) => {
      if (input.amount < 0) throw new Error(`invalid amount ${input.amount}`);
      return { chargeId: `ch_${input.orderId}` };
    },
  ),
  shipOrder: fromPromise(async ({ input }: { input: { orderId: string } }) => ({
    trackingNumber: `TRK-${input.orderId}`,
  })),
  releaseStock: fromPromise(async ({ input }: { input: { reservationId: string | null } }) => ({
    released: input.reservationId,
  })),
};

export const orderMachine = setup({
  types: {
    context: {} as OrderContext,
    events: {} as OrderEvent,
    input: {} as OrderInput,
  },
  actors: orderActivities,
  delays: {
    paymentTimeout: ({ context }) => context.paymentTimeoutMs,
  },
  guards: {
    // Payment and stock travel on different topics: the payment may arrive while reserving.
    paidAlready: ({ context }) => context.paymentId !== null,
  },
}).createMachine({
  id: 'order',
  context: ({ input }) => ({
    orderId: input.orderId,
    customerId: input.customerId ?? 'anonymous',
    items: input.items ?? [],
    amount: input.amount ?? 0,
    paymentTimeoutMs: input.paymentTimeoutMs ?? 15 * 60_000,
    reservationId: null,
    paymentId: null,
    chargeId: null,
    trackingNumber: null,
    failureReason: null,
  }),
  initial: 'reserving',
  states: {
    reserving: {
      description: 'Reserving the items in the warehouse (an early payment is kept for later)',
      on: {
        PaymentReceived: { actions: assign({ paymentId: ({ event }) => event.paymentId }) },
      },
      invoke: {
        id: 'reserveStock',
        src: 'reserveStock',
        input: ({ context }) => ({ orderId: context.orderId, items: context.items }),
        onDone: [
          {
            guard: 'paidAlready',
            target: 'charging',
            actions: assign({ reservationId: ({ event }) => event.output.reservationId }),
          },
          {
            target: 'awaitingPayment',
            actions: assign({ reservationId: ({ event }) => event.output.reservationId }),
          },
        ],
        onError: {
          target: 'rejected',
          actions: assign({ failureReason: ({ event }) => describe(event.error) }),
        },
      },
    },
    awaitingPayment: {
      description: 'Waiting for PaymentReceived; gives up after the payment timeout',
      after: {
        paymentTimeout: {
          target: 'compensating',
          actions: assign({ failureReason: 'payment timed out' }),
        },
      },
      on: {
        PaymentReceived: {
          target: 'charging',
          actions: assign({ paymentId: ({ event }) => event.paymentId }),
        },
        CancelOrder: {
          target: 'compensating',
          actions: assign({
            failureReason: ({ event }) => event.reason ?? 'cancelled by customer',
          }),
        },
      },
    },
    charging: {
      invoke: {
        id: 'chargePayment',
        src: 'chargePayment',
        input: ({ context }) => ({
          orderId: context.orderId,
          amount: context.amount,
          paymentId: context.paymentId,
        }),
        onDone: {
          target: 'shipping',
          actions: assign({ chargeId: ({ event }) => event.output.chargeId }),
        },
        onError: {
          target: 'compensating',
          actions: assign({ failureReason: ({ event }) => describe(event.error) }),
        },
      },
    },
    shipping: {
      invoke: {
        id: 'shipOrder',
        src: 'shipOrder',
        input: ({ context }) => ({ orderId: context.orderId }),
        onDone: {
          target: 'completed',
          actions: assign({ trackingNumber: ({ event }) => event.output.trackingNumber }),
        },
      },
    },
    compensating: {
      description: 'Releasing the reserved stock',
      invoke: {
        id: 'releaseStock',
        src: 'releaseStock',
        input: ({ context }) => ({ reservationId: context.reservationId }),
        onDone: 'cancelled',
      },
    },
    completed: {
      type: 'final',
      entry: emit(({ context }) =>
        message({
          topic: 'orders.completed',
          key: context.orderId,
          value: {
            orderId: context.orderId,
            chargeId: context.chargeId,
            trackingNumber: context.trackingNumber,
          },
        }),
      ),
    },
    cancelled: {
      type: 'final',
      entry: emit(({ context }) =>
        message({
          topic: 'orders.cancelled',
          key: context.orderId,
          value: { orderId: context.orderId, reason: context.failureReason },
        }),
      ),
    },
    rejected: { type: 'final' },
  },
});

function describe(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error)
    return String(error.message);
  return String(error);
}

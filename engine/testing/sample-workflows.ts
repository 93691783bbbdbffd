/**
 * Small workflows that exercise every engine path (timers, activities, child machines, outbox,
 * errors). Used by engine tests and benchmarks; never registered in production.
 */
import { assign, emit, fromPromise, sendTo, setup } from 'xstate';
import { defineWorkflow } from '../workflow/define-workflow.js';
import { message } from '../workflow/publish.js';

/** Records every activity execution so tests can count side effects per idempotency key. */
export const activityCalls: Array<{
  type: string;
  input: unknown;
  idempotencyKey: string | undefined;
}> = [];

const reviewer = setup({}).createMachine({
  id: 'reviewer',
  initial: 'waiting',
  states: {
    waiting: { on: { PING: 'pinged' } },
    pinged: { on: { APPROVE: 'approved' } },
    approved: { type: 'final' },
  },
});

const sampleMachine = setup({
  types: {
    context: {} as { orderId: string; charged: unknown; reminders: number; note?: string },
    input: {} as { orderId: string },
  },
  actors: {
    charge: fromPromise(async ({ input, ...rest }: { input: { orderId: string } }) => {
      const key = (rest as { idempotencyKey?: string }).idempotencyKey;
      activityCalls.push({ type: 'charge', input, idempotencyKey: key });
      await Promise.resolve();
      if (input.orderId.startsWith('fail')) throw new Error('card declined');
      return { chargeId: `ch_${input.orderId}` };
    }),
    reviewer,
  },
  actions: {
    boom: () => {
      throw new Error('machine code exploded');
    },
  },
}).createMachine({
  id: 'sample',
  context: ({ input }) => ({ orderId: input.orderId, charged: null, reminders: 0 }),
  initial: 'draft',
  states: {
    draft: {
      on: {
        SUBMIT: 'awaitingPayment',
        EXPLODE: { actions: 'boom' },
        NOTE: {
          actions: assign({ note: ({ event }) => (event as { type: 'NOTE'; text: string }).text }),
        },
      },
    },
    awaitingPayment: {
      after: { 60_000: 'expired' },
      on: {
        REMIND: { actions: assign({ reminders: ({ context }) => context.reminders + 1 }) },
        PAY: 'charging',
      },
    },
    charging: {
      invoke: {
        id: 'charge',
        src: 'charge',
        input: ({ context }) => ({ orderId: context.orderId }),
        onDone: {
          target: 'review',
          actions: [
            assign({ charged: ({ event }) => event.output }),
            emit(({ context }) =>
              message({
                topic: 'orders.charged',
                key: context.orderId,
                value: { orderId: context.orderId },
              }),
            ),
          ],
        },
      },
    },
    review: {
      invoke: { id: 'reviewer', src: 'reviewer', onDone: 'done' },
      entry: sendTo('reviewer', { type: 'PING' }, { delay: 1000 }),
      on: { APPROVE: { actions: sendTo('reviewer', { type: 'APPROVE' }) } },
    },
    expired: { type: 'final' },
    done: { type: 'final' },
  },
});

export const sampleWorkflow = defineWorkflow({
  id: 'sample',
  version: 1,
  description: 'Exercises timers, activities, child machines and the outbox.',
  machine: sampleMachine,
  input: { type: 'object', required: ['orderId'], properties: { orderId: { type: 'string' } } },
  events: {
    SUBMIT: {},
    PAY: {},
    REMIND: {},
    APPROVE: {},
    EXPLODE: {},
    NOTE: {
      schema: {
        type: 'object',
        required: ['text'],
        properties: { text: { type: 'string', maxLength: 100 } },
      },
    },
  },
  activities: { charge: { retry: { maxAttempts: 2, initialIntervalMs: 10 }, timeoutMs: 2000 } },
});

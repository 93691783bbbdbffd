/**
 * A workflow made for the dashboard's browser tests: a compound review state with a delayed
 * escalation, a guarded transition, and a payout activity that fails for keys the test lists in
 * `failingPayouts` (no onError: the instance goes to the failed status, and retry re-runs it).
 */
import { assign, fromPromise, setup } from 'xstate';
import { defineWorkflow } from '../../../engine/index.js';

/** Business keys whose payout fails; the test removes a key before it clicks retry. */
export const failingPayouts = new Set<string>();

interface ApprovalContext {
  requestId: string;
  amount: number;
  reviewer: string | null;
  reason: string | null;
  payoutId: string | null;
}

type ApprovalEvent =
  | { type: 'Submit' }
  | { type: 'Escalate' }
  | { type: 'Approve'; reviewer: string }
  | { type: 'Reject'; reason?: string };

const approvalMachine = setup({
  types: {
    context: {} as ApprovalContext,
    events: {} as ApprovalEvent,
    input: {} as { requestId: string; amount?: number },
  },
  actors: {
    processPayout: fromPromise(({ input }: { input: { requestId: string } }) => {
      if (failingPayouts.has(input.requestId)) {
        return Promise.reject(new Error(`payout provider refused request ${input.requestId}`));
      }
      return Promise.resolve({ payoutId: `po_${input.requestId}` });
    }),
  },
  guards: {
    hasReason: ({ event }) => event.type === 'Reject' && typeof event.reason === 'string',
  },
}).createMachine({
  id: 'approval',
  context: ({ input }) => ({
    requestId: input.requestId,
    amount: input.amount ?? 0,
    reviewer: null,
    reason: null,
    payoutId: null,
  }),
  initial: 'draft',
  states: {
    draft: { on: { Submit: 'review' } },
    review: {
      initial: 'pending',
      states: {
        pending: { after: { 3_600_000: 'escalated' }, on: { Escalate: 'escalated' } },
        escalated: {},
      },
      on: {
        Approve: {
          target: 'processing',
          actions: assign({ reviewer: ({ event }) => event.reviewer }),
        },
        Reject: {
          target: 'rejected',
          guard: 'hasReason',
          actions: assign({ reason: ({ event }) => event.reason ?? null }),
        },
      },
    },
    processing: {
      invoke: {
        id: 'processPayout',
        src: 'processPayout',
        input: ({ context }) => ({ requestId: context.requestId }),
        onDone: {
          target: 'paid',
          actions: assign({ payoutId: ({ event }) => event.output.payoutId }),
        },
      },
    },
    paid: { type: 'final' },
    rejected: { type: 'final' },
  },
});

export const approvalWorkflow = defineWorkflow({
  id: 'approval',
  version: 1,
  description: 'Submit, review (escalates after an hour), approve and pay out, or reject.',
  machine: approvalMachine,
  input: {
    type: 'object',
    required: ['requestId'],
    properties: { requestId: { type: 'string', minLength: 1 }, amount: { type: 'number' } },
  },
  events: {
    Submit: { description: 'The requester submits the draft' },
    Escalate: { description: 'Escalate the review now' },
    Approve: {
      description: 'A reviewer approves',
      schema: {
        type: 'object',
        required: ['reviewer'],
        properties: { reviewer: { type: 'string', minLength: 1, description: 'Who approves' } },
      },
    },
    Reject: {
      description: 'A reviewer rejects, with a reason',
      schema: { type: 'object', properties: { reason: { type: 'string' } } },
    },
  },
  activities: {
    processPayout: {
      retry: { maxAttempts: 2, initialIntervalMs: 50, backoffCoefficient: 1, maxIntervalMs: 50 },
      timeoutMs: 5_000,
    },
  },
});

/**
 * Customer onboarding: documents and a background check run in parallel regions; when both are
 * done the account is activated. Shows nested and parallel states, a reminder timer and an
 * expiry in the visualizer.
 */
import { assign, fromPromise, setup } from 'xstate';

export interface OnboardingContext {
  customerId: string;
  reminders: number;
  checkResult: string | null;
  accountId: string | null;
}

export type OnboardingEvent =
  | { type: 'DocumentUploaded'; documentId: string }
  | { type: 'DocumentApproved' }
  | { type: 'DocumentRejected'; reason?: string }
  | { type: 'ManualReviewPassed' };

export const onboardingMachine = setup({
  types: {
    context: {} as OnboardingContext,
    events: {} as OnboardingEvent,
    input: {} as { customerId: string },
  },
  actors: {
    runBackgroundCheck: fromPromise(async ({ input }: { input: { customerId: string } }) => ({
      result: input.customerId.startsWith('flag') ? 'flagged' : 'clear',
    })),
    activateAccount: fromPromise(async ({ input }: { input: { customerId: string } }) => ({
      accountId: `acc_${input.customerId}`,
    })),
  },
  guards: {
    isClear: ({ event }) =>
      (event as unknown as { output: { result: string } }).output.result === 'clear',
  },
}).createMachine({
  id: 'onboarding',
  context: ({ input }) => ({
    customerId: input.customerId,
    reminders: 0,
    checkResult: null,
    accountId: null,
  }),
  initial: 'collecting',
  states: {
    collecting: {
      type: 'parallel',
      after: { 604_800_000: 'expired' },
      onDone: 'activating',
      states: {
        documents: {
          initial: 'waiting',
          states: {
            waiting: {
              after: {
                86_400_000: {
                  target: 'waiting',
                  reenter: true,
                  actions: assign({ reminders: ({ context }) => context.reminders + 1 }),
                },
              },
              on: { DocumentUploaded: 'reviewing' },
            },
            reviewing: { on: { DocumentApproved: 'approved', DocumentRejected: 'waiting' } },
            approved: { type: 'final' },
          },
        },
        backgroundCheck: {
          initial: 'running',
          states: {
            running: {
              invoke: {
                id: 'backgroundCheck',
                src: 'runBackgroundCheck',
                input: ({ context }) => ({ customerId: context.customerId }),
                onDone: [
                  { guard: 'isClear', target: 'clear', actions: assign({ checkResult: 'clear' }) },
                  { target: 'manualReview', actions: assign({ checkResult: 'flagged' }) },
                ],
              },
            },
            manualReview: { on: { ManualReviewPassed: 'clear' } },
            clear: { type: 'final' },
          },
        },
      },
    },
    activating: {
      invoke: {
        id: 'activateAccount',
        src: 'activateAccount',
        input: ({ context }) => ({ customerId: context.customerId }),
        onDone: {
          target: 'active',
          actions: assign({ accountId: ({ event }) => event.output.accountId }),
        },
      },
    },
    active: { type: 'final' },
    expired: { type: 'final' },
  },
});

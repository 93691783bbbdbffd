/** Workflows the benchmark drives: counting events, three no-op activities, and a single wait. */
import { assign, fromPromise, setup } from 'xstate';
import { defineWorkflow } from '../engine/index.js';

export const counterWorkflow = defineWorkflow({
  id: 'bench-counter',
  version: 1,
  machine: setup({ types: { context: {} as { n: number } } }).createMachine({
    id: 'bench-counter',
    context: { n: 0 },
    initial: 'counting',
    states: {
      counting: { on: { TICK: { actions: assign({ n: ({ context }) => context.n + 1 }) } } },
    },
  }),
  events: { TICK: {} },
});

const noop = fromPromise(async () => ({ ok: true }));
export const threeStepsWorkflow = defineWorkflow({
  id: 'bench-three-steps',
  version: 1,
  machine: setup({ actors: { stepA: noop, stepB: noop, stepC: noop } }).createMachine({
    id: 'bench-three-steps',
    initial: 'a',
    states: {
      a: { invoke: { id: 'a', src: 'stepA', onDone: 'b' } },
      b: { invoke: { id: 'b', src: 'stepB', onDone: 'c' } },
      c: { invoke: { id: 'c', src: 'stepC', onDone: 'done' } },
      done: { type: 'final' },
    },
  }),
});

export const waitWorkflow = defineWorkflow({
  id: 'bench-wait',
  version: 1,
  machine: setup({}).createMachine({
    id: 'bench-wait',
    initial: 'waiting',
    states: { waiting: { on: { GO: 'done' } }, done: { type: 'final' } },
  }),
  events: { GO: {} },
});

export const timerWorkflow = defineWorkflow({
  id: 'bench-timer',
  version: 1,
  machine: setup({
    delays: { at: ({ context }) => (context as { delayMs: number }).delayMs },
  }).createMachine({
    id: 'bench-timer',
    context: ({ input }) => ({ delayMs: (input as { delayMs: number }).delayMs }),
    initial: 'waiting',
    states: { waiting: { after: { at: 'done' } }, done: { type: 'final' } },
  }),
});

export const benchWorkflows = [counterWorkflow, threeStepsWorkflow, waitWorkflow, timerWorkflow];

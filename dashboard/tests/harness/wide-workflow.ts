/**
 * A 50-state workflow for the dashboard's scale test: eight stages (compound states) of five or
 * six steps each, a parallel stage with two regions, delays and guards, generated rather than
 * written by hand. It exists to prove the chart lays out and stays responsive at that size.
 */
import { createMachine } from 'xstate';
import { defineWorkflow } from '../../../engine/index.js';

const STAGES = ['intake', 'triage', 'quote', 'contract', 'build', 'verify', 'deliver', 'support'];
const STEPS_PER_STAGE = 5;

type StateConfig = Record<string, unknown>;

function stage(name: string, next: string): StateConfig {
  const states: Record<string, StateConfig> = {};
  for (let i = 0; i < STEPS_PER_STAGE; i++) {
    const step = `${name}${i + 1}`;
    const last = i === STEPS_PER_STAGE - 1;
    states[step] = last
      ? { type: 'final' }
      : {
          on: {
            Next: `${name}${i + 2}`,
            ...(i === 1 ? { Skip: `${name}${STEPS_PER_STAGE}` } : {}),
          },
          ...(i === 2 ? { after: { 30_000: `${name}${i + 2}` } } : {}),
        };
  }
  return { initial: `${name}1`, states, onDone: next, on: { Abort: '#wide.aborted' } };
}

const states: Record<string, StateConfig> = {};
STAGES.forEach((name, i) => {
  states[name] = stage(name, STAGES[i + 1] ?? 'closing');
});
states.closing = {
  type: 'parallel',
  states: {
    billing: {
      initial: 'invoice',
      states: { invoice: { on: { Paid: 'settled' } }, settled: { type: 'final' } },
    },
    archive: {
      initial: 'pack',
      states: { pack: { on: { Archived: 'stored' } }, stored: { type: 'final' } },
    },
  },
  onDone: 'finished',
};
states.finished = { type: 'final' };
states.aborted = { type: 'final' };

const wideMachine = createMachine({ id: 'wide', initial: 'intake', states } as never);

export const wideWorkflow = defineWorkflow({
  id: 'wide',
  version: 1,
  description: 'Eight stages of five steps, a parallel closing: a 50-state chart.',
  machine: wideMachine,
});

/**
 * The workflow the crash test runs in a child process: a timer (or an event), an activity with a
 * side effect deduped by its idempotency key, another timer, done.
 */
import type { Knex } from 'knex';
import { fromPromise, setup } from 'xstate';
import { defineWorkflow } from '../../engine/index.js';

export function crashWorkflow(knex: Knex) {
  const machine = setup({
    actors: {
      sideEffect: fromPromise(async (args: { input: { n: number } }) => {
        const key = (args as unknown as { idempotencyKey: string }).idempotencyKey;
        await knex('crash_attempts').insert({ key });
        await new Promise((r) => setTimeout(r, 20 + (args.input.n % 5) * 20));
        await knex.raw('INSERT INTO crash_effects (key) VALUES (?) ON CONFLICT (key) DO NOTHING', [
          key,
        ]);
        return { ok: true };
      }),
    },
    types: { context: {} as { n: number }, input: {} as { n: number } },
  }).createMachine({
    id: 'crash',
    context: ({ input }) => ({ n: input.n }),
    initial: 'waiting',
    states: {
      waiting: { after: { 1200: 'working' }, on: { GO: 'working' } },
      working: {
        invoke: {
          id: 'sideEffect',
          src: 'sideEffect',
          input: ({ context }) => ({ n: context.n }),
          onDone: 'cooling',
        },
      },
      cooling: { after: { 400: 'done' } },
      done: { type: 'final' },
    },
  });
  return defineWorkflow({
    id: 'crash',
    version: 1,
    machine,
    events: { GO: {} },
    activities: {
      sideEffect: { timeoutMs: 2_000, retry: { maxAttempts: 10, initialIntervalMs: 50 } },
    },
  });
}

export const CRASH_TABLES_SQL = `
  CREATE TABLE IF NOT EXISTS crash_attempts (id bigserial PRIMARY KEY, key text NOT NULL);
  CREATE TABLE IF NOT EXISTS crash_effects (key text PRIMARY KEY);
`;

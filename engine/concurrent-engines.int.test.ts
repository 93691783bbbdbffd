/**
 * Pins that two engines racing on one instance never corrupt it: both deliver events to the same
 * instance at once (each with its own cache); the optimistic version check turns every lost race
 * into a retry, so the instance ends with every event applied exactly once and a gapless history.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { createTestDatabase, type TestDatabase } from '../test/setup/database.js';
import { connectPostgres } from './store/postgres/connect.js';
import { createEngine, type OrqEngine } from './engine.js';
import { defineWorkflow } from './workflow/define-workflow.js';
import { silentLogger, type Logger } from './logger.js';

const tally = defineWorkflow({
  id: 'tally',
  version: 1,
  machine: setup({ types: { context: {} as { n: number; seen: string[] } } }).createMachine({
    id: 'tally',
    context: { n: 0, seen: [] },
    on: {
      INC: {
        actions: assign({
          n: ({ context }) => context.n + 1,
          seen: ({ context, event }) => [
            ...context.seen,
            (event as unknown as { from: string }).from,
          ],
        }),
      },
    },
  }),
  events: { INC: { schema: { type: 'object', properties: { from: { type: 'string' } } } } },
});

/** Counts lost races (commit conflicts) so the test proves the engines really raced. */
let conflicts = 0;
const countingLogger: Logger = {
  ...silentLogger,
  warn: (obj: object, msg?: string) => {
    if (msg?.includes('conflict')) conflicts += 1;
  },
  child: () => countingLogger,
};

let db: TestDatabase;
let a: OrqEngine;
let b: OrqEngine;
beforeAll(async () => {
  db = await createTestDatabase('race');
  a = createEngine({
    knex: db.knex,
    workflows: [tally],
    logger: countingLogger,
    config: { maxStepAttempts: 50, retryDelayMs: 5 },
  });
  b = createEngine({
    knex: connectPostgres({ url: db.url }),
    workflows: [tally],
    logger: countingLogger,
    migrate: false,
    config: { maxStepAttempts: 50, retryDelayMs: 5 },
  });
  await a.start();
  await b.start();
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
  await db?.drop();
});

it('keeps one instance consistent when two engines advance it at once', async () => {
  const { instance } = await a.startInstance({ machine: 'tally' });
  // Each engine now caches the instance; each warm-up step makes the other's cache stale, so the
  // other's next step is a lost race for certain. Then both fire at once.
  await b.sendEvent(instance.id, { type: 'INC', from: 'b-warm' });
  await a.sendEvent(instance.id, { type: 'INC', from: 'a-warm' });
  const perEngine = 60;
  await Promise.all([
    ...Array.from({ length: perEngine }, (_, i) =>
      a.sendEvent(instance.id, { type: 'INC', from: `a${i}` }),
    ),
    ...Array.from({ length: perEngine }, (_, i) =>
      b.sendEvent(instance.id, { type: 'INC', from: `b${i}` }),
    ),
  ]);
  const view = await a.getInstance(instance.id);
  const ctx = view?.context as { n: number; seen: string[] };
  expect(ctx.n).toBe(2 * perEngine + 2);
  expect(new Set(ctx.seen).size).toBe(2 * perEngine + 2);
  const history = await a.getHistory(instance.id, { limit: 1000 });
  expect(history.map((h) => h.seq)).toEqual(
    Array.from({ length: 2 * perEngine + 3 }, (_, i) => i + 1),
  );
  console.log(`[race] ${conflicts} lost races retried`);
  expect(conflicts).toBeGreaterThan(0);
  const rows = await db
    .knex('orq_history')
    .where({ instance_id: instance.id })
    .count('* as n')
    .first();
  expect(Number(rows?.n)).toBe(2 * perEngine + 3);
});

/**
 * Pins exactly-once application: over random sequences of events in which envelopes are delivered
 * again (at random, also concurrently), every instance ends as if each envelope had been
 * delivered once, in the order of first delivery. A property-style test (fast-check) on a real Postgres.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { createTestDatabase, type TestDatabase } from '../test/setup/database.js';
import { createEngine, type OrqEngine } from './engine.js';
import { defineWorkflow } from './workflow/define-workflow.js';

const counter = defineWorkflow({
  id: 'counter',
  version: 1,
  machine: setup({ types: { context: {} as { log: string[] } } }).createMachine({
    id: 'counter',
    context: { log: [] },
    on: {
      ADD: {
        actions: assign({
          log: ({ context, event }) => [...context.log, (event as unknown as { tag: string }).tag],
        }),
      },
    },
  }),
  events: {
    ADD: { schema: { type: 'object', required: ['tag'], properties: { tag: { type: 'string' } } } },
  },
});

let db: TestDatabase;
let engine: OrqEngine;
beforeAll(async () => {
  db = await createTestDatabase('dedup');
  engine = createEngine({ knex: db.knex, workflows: [counter] });
  await engine.start();
});
afterAll(async () => {
  await engine?.stop();
  await db?.drop();
});

it('applies each envelope once whatever the redeliveries', async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.nat({ max: 7 }), { minLength: 1, maxLength: 25 }),
      fc.array(fc.nat({ max: 24 }), { maxLength: 15 }),
      async (tags, redeliver) => {
        run += 1;
        const { instance } = await engine.startInstance({ machine: 'counter' });
        const envelopes = tags.map((t, i) => ({ id: `r${run}-e${i}`, tag: `t${t}-${i}` }));
        const deliveries = [...envelopes];
        for (const r of redeliver) {
          const e = envelopes[r % envelopes.length]!;
          deliveries.splice(Math.min(deliveries.length, envelopes.indexOf(e) + 1 + (r % 3)), 0, e);
        }
        // sequential deliveries, plus one burst of concurrent duplicates of the first envelope
        for (const e of deliveries)
          await engine.sendEvent(instance.id, { type: 'ADD', tag: e.tag }, { envelopeId: e.id });
        await Promise.all(
          [0, 1, 2].map(() =>
            engine.sendEvent(
              instance.id,
              { type: 'ADD', tag: envelopes[0]!.tag },
              { envelopeId: envelopes[0]!.id },
            ),
          ),
        );
        const view = await engine.getInstance(instance.id);
        const firstDeliveries = deliveries.filter((e, i) => deliveries.indexOf(e) === i);
        expect((view?.context as { log: string[] }).log).toEqual(firstDeliveries.map((e) => e.tag));
        const history = await engine.getHistory(instance.id, { limit: 1000 });
        expect(history.map((h) => h.seq)).toEqual(history.map((_, i) => i + 1));
        expect(history).toHaveLength(envelopes.length + 1);
      },
    ),
    { numRuns: 40 },
  );
});

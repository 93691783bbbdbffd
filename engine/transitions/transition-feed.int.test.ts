/**
 * Pins that with several engine replicas the live stream of any node carries every replica's
 * transitions: a node fed from the database (LISTEN/NOTIFY + history) sees the transitions
 * another engine commits, once each and in position order.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/setup/database.js';
import { createEngine, type OrqEngine } from '../engine.js';
import { connectPostgres } from '../store/postgres/connect.js';
import { eventually } from '../testing/eventually.js';
import { sampleWorkflow } from '../testing/sample-workflows.js';
import type { TransitionRecord } from '../types.js';

let db: TestDatabase;
let writer: OrqEngine;
let reader: OrqEngine;
beforeAll(async () => {
  db = await createTestDatabase('feed');
  writer = createEngine({ knex: db.knex, workflows: [sampleWorkflow] });
  await writer.start();
  reader = createEngine({
    knex: connectPostgres({ url: db.url }),
    workflows: [sampleWorkflow],
    migrate: false,
    transitionFeed: 'database',
  });
  await reader.start();
});
afterAll(async () => {
  await reader?.stop();
  await writer?.stop();
  await db?.drop();
});

it("streams another replica's transitions in position order", async () => {
  const seen: TransitionRecord[] = [];
  const unsubscribe = reader.subscribe((t) => seen.push(t));
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const { instance } = await writer.startInstance({
      machine: 'sample',
      input: { orderId: `feed-${i}` },
    });
    ids.push(instance.id);
    await writer.sendEvent(instance.id, { type: 'SUBMIT' });
  }
  await eventually(() => seen.length >= 10, 10_000, '10 transitions on the reader');
  unsubscribe();
  expect(seen).toHaveLength(10);
  const positions = seen.map((t) => BigInt(t.position));
  expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  expect(new Set(seen.map((t) => t.position)).size).toBe(10);
  expect(new Set(seen.map((t) => t.instanceId))).toEqual(new Set(ids));
});

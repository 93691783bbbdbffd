/**
 * Pins the durability promise: a process running many instances mid-flight (timers pending,
 * activities running) is killed with SIGKILL; a new process resumes them all. Every instance
 * reaches its final state along exactly the expected path (no transition lost or recorded twice),
 * and each activity's side effect happens once per idempotency key even though some activities
 * ran more than once (at least once, deduped by the key).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually } from '../../engine/testing/eventually.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';
import { CRASH_TABLES_SQL } from './crash-workflow.js';

const N = 200;
let db: TestDatabase;
const children: ChildProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase('crash');
  await db.knex.raw(CRASH_TABLES_SQL);
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await db?.drop();
});

function child(env: Record<string, string>): ChildProcess {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/crash/crash-child.ts'], {
    env: { ...process.env, DATABASE_URL: db.url, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(proc);
  return proc;
}

it('resumes every instance after SIGKILL, with no transition lost or doubled and side effects once per key', async () => {
  const first = child({ START: String(N) });
  let out = '';
  first.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  await eventually(() => out.includes('STARTED'), 60_000, 'first process to start instances');
  // Let some activities start and some timers get close, then kill mid-flight.
  await eventually(
    async () => Number((await db.knex('crash_attempts').count('* as n').first())?.n) > 10,
    20_000,
    'activities running',
  );
  first.kill('SIGKILL');
  await once(first, 'exit');
  const midFlight = await db
    .knex('orq_instances')
    .where({ status: 'active' })
    .count('* as n')
    .first();
  expect(Number(midFlight?.n)).toBeGreaterThan(0);

  child({ START: '0' });
  await eventually(
    async () =>
      Number(
        (await db.knex('orq_instances').where({ status: 'done' }).count('* as n').first())?.n,
      ) === N,
    60_000,
    'every instance done after restart',
  );

  const paths = await db.knex.raw<{ rows: Array<{ instance_id: string; path: string[] }> }>(
    `SELECT instance_id, array_agg(to_value #>> '{}' ORDER BY seq) AS path FROM orq_history GROUP BY instance_id`,
  );
  expect(paths.rows).toHaveLength(N);
  for (const r of paths.rows) expect(r.path).toEqual(['waiting', 'working', 'cooling', 'done']);
  const dupes = await db.knex.raw<{ rows: unknown[] }>(
    `SELECT instance_id, seq FROM orq_history GROUP BY instance_id, seq HAVING count(*) > 1`,
  );
  expect(dupes.rows).toEqual([]);
  const effects = Number((await db.knex('crash_effects').count('* as n').first())?.n);
  const attempts = Number((await db.knex('crash_attempts').count('* as n').first())?.n);
  expect(effects).toBe(N);
  expect(attempts).toBeGreaterThanOrEqual(N);
  console.log(
    `[crash] ${N} instances resumed; ${attempts} activity attempts for ${effects} effects`,
  );
}, 180_000);

/**
 * Pins that the schema applies on a real PostgreSQL from nothing, and rolls back cleanly: a new
 * deployment and `orq migrate` both depend on it.
 */
import { afterAll, expect, inject, it } from 'vitest';
import { migrateLatest, migrateRollbackAll } from '../engine/store/postgres/migrate.js';
import { createTestDatabase, type TestDatabase } from '../test/setup/database.js';

let db: TestDatabase;
afterAll(async () => db?.drop());

it('creates every table, is idempotent, and rolls back', async () => {
  console.log(`[postgres] tests run against ${inject('postgresVersion')}`);
  db = await createTestDatabase('mig');
  const tables = await db.knex('pg_tables').where({ schemaname: 'public' }).pluck('tablename');
  expect(tables).toEqual(
    expect.arrayContaining([
      'orq_instances',
      'orq_history',
      'orq_inbox',
      'orq_outbox',
      'orq_timers',
      'orq_activities',
    ]),
  );
  expect(await migrateLatest(db.knex)).toEqual([]);
  await migrateRollbackAll(db.knex);
  const after = await db.knex('pg_tables').where({ schemaname: 'public' }).pluck('tablename');
  expect(after.filter((t: string) => t.startsWith('orq_') && !t.startsWith('orq_knex'))).toEqual(
    [],
  );
});

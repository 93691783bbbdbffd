/** A fresh, migrated database per test file, on the server of the global setup. */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { inject } from 'vitest';
import { connectPostgres } from '../../engine/store/postgres/connect.js';
import { ensureDatabase } from '../../engine/store/postgres/embedded-postgres.js';
import { migrateLatest } from '../../engine/store/postgres/migrate.js';

export interface TestDatabase {
  url: string;
  knex: Knex;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix = 't'): Promise<TestDatabase> {
  const serverUrl = inject('databaseUrl');
  const name = `orq_${prefix}_${randomBytes(6).toString('hex')}`;
  const url = await ensureDatabase(serverUrl, name);
  const knex = connectPostgres({ url, poolMax: 5 });
  await migrateLatest(knex);
  return {
    url,
    knex,
    async drop() {
      await knex.destroy();
      const admin = connectPostgres({ url: serverUrl, poolMax: 1 });
      try {
        await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.destroy();
      }
    },
  };
}

/** Instances whose business key starts with `${keyPrefix}-`, in one status. */
export async function countInstances(
  knex: Knex,
  keyPrefix: string,
  status: string,
): Promise<number> {
  const row = await knex('orq_instances')
    .where('business_key', 'like', `${keyPrefix}-%`)
    .where({ status })
    .count('* as n')
    .first();
  return Number(row?.n ?? 0);
}

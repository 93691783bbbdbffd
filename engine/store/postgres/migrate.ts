/** Applies the knex migrations of ../../../migrations (the only place the schema is defined). */
import type { Knex } from 'knex';
import { migrations } from '../../../migrations/index.js';

const migrationSource: Knex.MigrationSource<(typeof migrations)[number]> = {
  getMigrations: () => Promise.resolve([...migrations]),
  getMigrationName: (m) => m.name,
  getMigration: (m) => Promise.resolve(m),
};

const config: Knex.MigratorConfig = {
  migrationSource,
  tableName: 'orq_knex_migrations',
};

/** Runs pending migrations; returns the names applied. */
export async function migrateLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest(config)) as [number, string[]];
  return applied;
}

export async function migrateRollbackAll(knex: Knex): Promise<void> {
  await knex.migrate.rollback(config, true);
}

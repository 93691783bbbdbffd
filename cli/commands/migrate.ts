/** `orq migrate`: applies pending migrations to DATABASE_URL (or the embedded database) and exits. */
import { join } from 'node:path';
import { connectPostgres, migrateLatest, startEmbeddedPostgres } from '../../engine/index.js';
import type { Settings } from '../settings.js';

export async function migrate(settings: Settings): Promise<void> {
  let url = settings.databaseUrl;
  const pg = url
    ? null
    : await startEmbeddedPostgres({
        dataDir: join(settings.dataDir, 'pgdata'),
        port: settings.embeddedPgPort,
      });
  if (pg) url = await pg.ensureDatabase('orquestador');
  const knex = connectPostgres({ url: url!, poolMax: 1 });
  try {
    const applied = await migrateLatest(knex);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
  } finally {
    await knex.destroy();
    await pg?.stop();
  }
}

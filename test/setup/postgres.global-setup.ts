/**
 * vitest global setup: a real PostgreSQL for the integration tests. Uses DATABASE_URL when set,
 * otherwise starts an embedded server (real binaries, no Docker) in a temporary directory and
 * stops it afterwards. Each test file then creates its own database (see ./database.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../engine/store/postgres/embedded-postgres.js';
import { freePort } from './free-port.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.DATABASE_URL;
  if (external) {
    project.provide('databaseUrl', external);
    project.provide('postgresVersion', 'external (DATABASE_URL)');
    console.log(`[postgres] using DATABASE_URL`);
    return () => Promise.resolve();
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'orq-test-pg-'));
  const started = Date.now();
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  console.log(
    `[postgres] ${pg.version} (embedded) on 127.0.0.1:${pg.port}, ready in ${Date.now() - started} ms`,
  );
  project.provide('databaseUrl', pg.url);
  project.provide('postgresVersion', pg.version);
  return async () => {
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

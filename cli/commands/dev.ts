/**
 * `orq dev` (what `npm start` runs): one process with an embedded PostgreSQL (real binaries, data
 * under ORQ_DATA_DIR), the in-process transport, the engine, the API and the dashboard on
 * ORQ_PORT (5000). DATABASE_URL, when set, replaces the embedded server. Ctrl-C stops everything.
 */
import { join } from 'node:path';
import { startEmbeddedPostgres, type RunningPostgres } from '../../engine/index.js';
import { startDemoTraffic } from '../demo-traffic.js';
import { runServer } from '../run-server.js';
import type { Settings } from '../settings.js';

export async function dev(settings: Settings): Promise<void> {
  const started = Date.now();
  let pg: RunningPostgres | null = null;
  let databaseUrl = settings.databaseUrl;
  if (!databaseUrl) {
    pg = await startEmbeddedPostgres({
      dataDir: join(settings.dataDir, 'pgdata'),
      port: settings.embeddedPgPort,
    });
    databaseUrl = await pg.ensureDatabase('orquestador');
    console.log(
      `[orq] ${pg.version} (embedded) on 127.0.0.1:${pg.port}, data in ${join(settings.dataDir, 'pgdata')}`,
    );
  }
  await runServer({
    settings,
    databaseUrl,
    mode: 'embedded',
    onReady: (engine) => {
      console.log(
        `[orq] ready in ${Date.now() - started} ms: dashboard http://localhost:${settings.port}  API http://localhost:${settings.port}/api/docs`,
      );
      return settings.demoTraffic ? startDemoTraffic(engine) : () => undefined;
    },
    onStopped: async () => {
      await pg?.stop();
    },
  });
}

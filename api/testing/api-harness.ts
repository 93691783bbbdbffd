/**
 * For the API's integration tests: a real engine on a fresh Postgres database (one per test file),
 * and apps built on it. Each test builds its own app and closes it afterwards.
 */
import type { FastifyInstance } from 'fastify';
import { createEngine, type OrqEngine } from '../../engine/index.js';
import { sampleWorkflow } from '../../engine/testing/sample-workflows.js';
import { createTestDatabase, type TestDatabase } from '../../test/setup/database.js';
import { buildApp, type BuildAppOptions } from '../app.js';
import { ticketV1Workflow, ticketV2Workflow } from './test-workflows.js';

export interface ApiHarness {
  engine: OrqEngine;
  /** Builds an app on the engine; closed by `closeApps()` (call it in afterEach). */
  app(options?: Omit<BuildAppOptions, 'engine'>): Promise<FastifyInstance>;
  closeApps(): Promise<void>;
  stop(): Promise<void>;
}

export async function startApiHarness(prefix: string): Promise<ApiHarness> {
  const db: TestDatabase = await createTestDatabase(prefix);
  const engine = createEngine({
    knex: db.knex,
    workflows: [sampleWorkflow, ticketV1Workflow, ticketV2Workflow],
    config: { timerPollMs: 100 },
  });
  await engine.start();
  const apps: FastifyInstance[] = [];
  return {
    engine,
    async app(options = {}) {
      const app = await buildApp({ engine, ...options });
      apps.push(app);
      return app;
    },
    async closeApps() {
      await Promise.all(apps.splice(0).map((a) => a.close()));
    },
    async stop() {
      await Promise.all(apps.splice(0).map((a) => a.close()));
      await engine.stop();
      await db.drop();
    },
  };
}

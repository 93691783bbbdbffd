/**
 * The real thing for the browser tests: an engine on a real PostgreSQL database, the API built by
 * `buildApp`, serving the built dashboard, listening on a free port. No fixture server.
 */
import { resolve } from 'node:path';
import { buildApp } from '../../../api/index.js';
import { createEngine, type OrqEngine, type Workflow } from '../../../engine/index.js';
import { onboardingWorkflow } from '../../../machines/onboarding/onboarding.workflow.js';
import { orderWorkflow } from '../../../machines/order/order.workflow.js';
import { approvalWorkflow } from './approval-workflow.js';
import { wideWorkflow } from './wide-workflow.js';

export const DASHBOARD_DIST = resolve(import.meta.dirname, '../../dist');

export interface RunningStack {
  baseUrl: string;
  engine: OrqEngine;
  /** Closes the API (HTTP and WebSocket) while the engine keeps running. */
  stopApi(): Promise<void>;
  /** Serves the API again on the same port. */
  startApi(): Promise<void>;
  close(): Promise<void>;
}

export const E2E_WORKFLOWS: Workflow[] = [
  orderWorkflow,
  onboardingWorkflow,
  approvalWorkflow,
  wideWorkflow,
];

export async function startStack(options: {
  databaseUrl: string;
  workflows?: Workflow[];
}): Promise<RunningStack> {
  const engine = createEngine({
    databaseUrl: options.databaseUrl,
    workflows: options.workflows ?? E2E_WORKFLOWS,
    config: { timerPollMs: 200, activityPollMs: 100, outboxPollMs: 500 },
  });
  await engine.start();
  const serve = async (port: number) => {
    const app = await buildApp({ engine, config: { dashboardDir: DASHBOARD_DIST } });
    const address = await app.listen({ host: '127.0.0.1', port });
    return { app, address };
  };
  const first = await serve(0);
  const address = first.address;
  let app = first.app;
  let running = true;
  const port = Number(new URL(address).port);
  return {
    baseUrl: address,
    engine,
    async stopApi() {
      running = false;
      await app.close();
    },
    async startApi() {
      ({ app } = await serve(port));
      running = true;
    },
    async close() {
      if (running) await app.close();
      await engine.stop();
    },
  };
}

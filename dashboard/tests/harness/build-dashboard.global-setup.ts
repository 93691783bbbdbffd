/**
 * vitest global setup of the browser tests: builds the dashboard (vite build) so the tests always
 * run the current code. ORQ_E2E_SKIP_BUILD=1 reuses dashboard/dist as it is.
 */
import { resolve } from 'node:path';
import { build } from 'vite';

export default async function setup(): Promise<void> {
  if (process.env.ORQ_E2E_SKIP_BUILD === '1') return;
  const started = Date.now();
  await build({
    configFile: resolve(import.meta.dirname, '../../vite.config.ts'),
    logLevel: 'warn',
  });
  console.log(`[dashboard] built in ${Date.now() - started} ms`);
}

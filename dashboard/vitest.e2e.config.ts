/**
 * The dashboard's browser tests: the built app, served by the real API (`buildApp`) over a real
 * engine and PostgreSQL, driven in Debian's chromium by playwright-core. The global setups start
 * (or reuse, with DATABASE_URL) a PostgreSQL server and build the dashboard once.
 * Run: `npx vitest run --config dashboard/vitest.e2e.config.ts`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'dashboard-e2e',
    include: ['tests/**/*.e2e.test.ts'],
    globalSetup: [
      '../test/setup/postgres.global-setup.ts',
      './tests/harness/build-dashboard.global-setup.ts',
    ],
    env: { TZ: 'UTC' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One chromium at a time: the machine has two cores.
    fileParallelism: false,
  },
});

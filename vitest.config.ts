/**
 * Test projects. `npm test` runs them all:
 *   unit       *.test.ts, pure, no services
 *   int        *.int.test.ts, on a real PostgreSQL (embedded unless DATABASE_URL is set)
 *   kafka      *.kafka.int.test.ts, on real PostgreSQL and a real Apache Kafka broker (started from
 *              Maven jars unless KAFKA_BROKERS is set)
 *   dashboard  the dashboard's unit tests; dashboard-e2e drives the built app in Debian's chromium
 */
import { defineConfig } from 'vitest/config';

const SOURCES = '{engine,machines,migrations,api,cli,test,scripts,examples,bench}';

export default defineConfig({
  test: {
    env: { TZ: 'UTC' },
    projects: [
      {
        test: {
          name: 'unit',
          include: [`${SOURCES}/**/*.test.ts`],
          exclude: ['**/*.int.test.ts', '**/*.e2e.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'int',
          include: [`${SOURCES}/**/*.int.test.ts`],
          exclude: ['**/*.kafka.int.test.ts', '**/node_modules/**'],
          globalSetup: ['test/setup/postgres.global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'kafka',
          include: [`${SOURCES}/**/*.kafka.int.test.ts`],
          globalSetup: ['test/setup/postgres.global-setup.ts', 'test/setup/kafka.global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      'dashboard/vitest.config.ts',
      'dashboard/vitest.e2e.config.ts',
    ],
  },
});

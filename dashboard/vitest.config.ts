/**
 * The dashboard's unit tests: pure logic next to the code (layout, diffing, filters, the stream
 * client's reconnect and resume), in node, TZ=UTC. Run alone with
 * `npx vitest run --config dashboard/vitest.config.ts`, or as a project of the root config.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'dashboard',
    include: ['src/**/*.test.ts'],
    exclude: ['**/*.int.test.ts', '**/*.e2e.test.ts', '**/node_modules/**'],
    environment: 'node',
    env: { TZ: 'UTC' },
  },
});

/**
 * Pins the error contract on a real engine: every failure answers application/problem+json with
 * `type`, `title`, `status`, `detail`, `code` and `instance` — an unknown route (404), a body over
 * the limit (413, default 1 MiB or as configured), and an unexpected failure (here: the database
 * gone), which is a 500 that names the request id and leaks no stack or internal message.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/index.js';
import { createTestDatabase } from '../../test/setup/database.js';
import { buildApp } from '../app.js';
import { startApiHarness, type ApiHarness } from '../testing/api-harness.js';
import { ticketV1Workflow } from '../testing/test-workflows.js';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness('api_problems');
});
afterEach(() => h.closeApps());
afterAll(() => h?.stop());

describe('problem+json errors', () => {
  it('answers an unknown route with a 404 problem naming it', async () => {
    const app = await h.app();
    const res = await app.inject({ method: 'DELETE', url: '/api/machines?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toEqual({
      type: 'urn:orquestador:error:ORQ_ERR_ROUTE_NOT_FOUND',
      title: 'Not found',
      status: 404,
      detail: 'No route DELETE /api/machines',
      code: 'ORQ_ERR_ROUTE_NOT_FOUND',
      instance: '/api/machines',
    });
  });

  it('refuses a body over the default 1 MiB limit with a 413 problem', async () => {
    const app = await h.app();
    const title = 'x'.repeat(1_048_576);
    const res = await app.inject({
      method: 'POST',
      url: '/api/instances',
      payload: { machine: 'ticket', input: { title } },
    });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'ORQ_ERR_BODY_TOO_LARGE', status: 413 });
  });

  it('applies a configured body limit to every route, events included', async () => {
    const app = await h.app({ config: { bodyLimitBytes: 1024 } });
    const { instance } = await h.engine.startInstance({
      machine: 'ticket',
      version: 1,
      input: { title: 'limits' },
    });
    const big = await app.inject({
      method: 'POST',
      url: `/api/instances/${instance.id}/events`,
      payload: { type: 'COMMENT', text: 'y'.repeat(2048) },
    });
    expect(big.statusCode).toBe(413);
    const small = await app.inject({
      method: 'POST',
      url: `/api/instances/${instance.id}/events`,
      payload: { type: 'COMMENT', text: 'fits' },
    });
    expect(small.statusCode).toBe(202);
  });
});

describe('unexpected failures', () => {
  it('answer 500 with the request id and without a stack or internal message', async () => {
    const db = await createTestDatabase('api_gone');
    const engine = createEngine({ knex: db.knex, workflows: [ticketV1Workflow] });
    await engine.start();
    const app = await buildApp({ engine });
    try {
      await db.drop(); // the pool is destroyed: the next query fails inside the store
      const res = await app.inject({
        method: 'GET',
        url: '/api/instances',
        headers: { 'x-request-id': 'req-42' },
      });
      expect(res.statusCode).toBe(500);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = res.json<Record<string, unknown>>();
      expect(problem).toMatchObject({
        code: 'ORQ_ERR_INTERNAL',
        status: 500,
        title: 'Internal error',
      });
      expect(problem.detail).toContain('req-42');
      expect(res.body).not.toMatch(/at .+\.(ts|js):\d+/);
      expect(res.body.toLowerCase()).not.toContain('knex');
      expect(res.body.toLowerCase()).not.toContain('pool');
    } finally {
      await app.close();
      await engine.stop();
    }
  });
});

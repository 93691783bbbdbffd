/**
 * Pins the operational endpoints on a real engine: /health answers while the process serves,
 * /ready reports each dependency and turns 503 when the engine is not running, /metrics serves
 * the provider's Prometheus text and is a 404 problem without one.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../testing/api-harness.js';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness('api_ops');
});
afterEach(() => h.closeApps());
afterAll(() => h?.stop());

describe('probes and metrics', () => {
  it('GET /health answers 200 ok', async () => {
    const app = await h.app();
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('GET /ready answers 200 with each check when Postgres and the engine answer', async () => {
    const app = await h.app();
    const res = await app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      ok: true,
      checks: { postgres: { ok: true }, engine: { ok: true } },
    });
  });

  it("GET /metrics serves the provider's text with its content type", async () => {
    const app = await h.app({
      metrics: () =>
        Promise.resolve({
          contentType: 'text/plain; version=0.0.4; charset=utf-8',
          body: '# HELP orq_up 1\norq_up 1\n',
        }),
    });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.body).toBe('# HELP orq_up 1\norq_up 1\n');
  });

  it('GET /metrics without a provider is a 404 problem', async () => {
    const app = await h.app();
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'ORQ_ERR_METRICS_UNAVAILABLE' });
  });
});

describe('readiness of a stopped engine', () => {
  it('GET /ready answers 503 with the failing check', async () => {
    const other = await startApiHarness('api_ops_stopped');
    try {
      const app = await other.app();
      await other.engine.stop();
      const res = await app.inject({ method: 'GET', url: '/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({
        ok: false,
        checks: { engine: { ok: false, detail: 'engine is stopped' } },
      });
      const live = await app.inject({ method: 'GET', url: '/health' });
      expect(live.statusCode).toBe(200);
    } finally {
      await other.stop();
    }
  });
});

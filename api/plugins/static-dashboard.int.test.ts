/**
 * Pins how the built dashboard is served: its files at '/', index.html for client-side routes a
 * browser reloads (so deep links work), but never for /api paths, which keep their 404 problem;
 * and no dashboard at all when the directory holds no build.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../testing/api-harness.js';

let h: ApiHarness;
let dir: string;
beforeAll(async () => {
  h = await startApiHarness('api_static');
  dir = mkdtempSync(join(tmpdir(), 'orq-dashboard-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Orquestador</title>');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log("orq")');
});
afterEach(() => h.closeApps());
afterAll(async () => {
  await h?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('static dashboard', () => {
  it('serves index.html at / and the built assets', async () => {
    const app = await h.app({ config: { dashboardDir: dir } });
    const index = await app.inject({ method: 'GET', url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect(index.body).toContain('<title>Orquestador</title>');
    const asset = await app.inject({ method: 'GET', url: '/assets/app.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe('console.log("orq")');
  });

  it('answers a client-side route with index.html when the browser asks for HTML', async () => {
    const app = await h.app({ config: { dashboardDir: dir } });
    const res = await app.inject({
      method: 'GET',
      url: '/machines/order/instances/123',
      headers: { accept: 'text/html,application/xhtml+xml' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>Orquestador</title>');
  });

  it('keeps 404 problems for unknown /api paths and non-HTML requests', async () => {
    const app = await h.app({ config: { dashboardDir: dir } });
    const api = await app.inject({
      method: 'GET',
      url: '/api/nope',
      headers: { accept: 'text/html' },
    });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    const asset = await app.inject({
      method: 'GET',
      url: '/assets/missing.js',
      headers: { accept: '*/*' },
    });
    expect(asset.statusCode).toBe(404);
  });

  it('serves no dashboard when the directory holds no build', async () => {
    const app = await h.app({ config: { dashboardDir: join(dir, 'does-not-exist') } });
    const res = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'ORQ_ERR_ROUTE_NOT_FOUND' });
  });
});

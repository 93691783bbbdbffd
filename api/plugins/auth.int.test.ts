/**
 * Pins the API token: with `apiToken` set, every /api route and the WebSocket stream refuse a
 * missing or wrong token with a 401 problem (WWW-Authenticate: Bearer), accept the right one (the
 * stream also as ?token=), while /health, /ready, /metrics and the API docs stay open. Without a
 * token configured, nothing asks for one.
 */
import { WebSocket } from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../testing/api-harness.js';

const TOKEN = 's3cret-token';
let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness('api_auth');
});
afterEach(() => h.closeApps());
afterAll(() => h?.stop());

const securedApp = () =>
  h.app({
    config: { apiToken: TOKEN },
    metrics: () => Promise.resolve({ contentType: 'text/plain', body: 'orq_up 1\n' }),
  });

const API_ROUTES: Array<{ method: 'GET' | 'POST'; url: string }> = [
  { method: 'GET', url: '/api/machines' },
  { method: 'GET', url: '/api/machines/ticket' },
  { method: 'GET', url: '/api/machines/ticket/stats' },
  { method: 'POST', url: '/api/instances' },
  { method: 'GET', url: '/api/instances' },
  { method: 'GET', url: '/api/instances/00000000-0000-4000-8000-000000000000' },
  { method: 'GET', url: '/api/instances/00000000-0000-4000-8000-000000000000/history' },
  { method: 'POST', url: '/api/instances/00000000-0000-4000-8000-000000000000/events' },
  { method: 'POST', url: '/api/instances/00000000-0000-4000-8000-000000000000/cancel' },
  { method: 'POST', url: '/api/instances/00000000-0000-4000-8000-000000000000/pause' },
  { method: 'POST', url: '/api/instances/00000000-0000-4000-8000-000000000000/resume' },
  { method: 'POST', url: '/api/instances/00000000-0000-4000-8000-000000000000/retry' },
  { method: 'GET', url: '/api/stream' },
  { method: 'GET', url: '/api/nothing-here' },
];

describe('with an API token', () => {
  it('refuses every /api route without a token: 401 problem with WWW-Authenticate', async () => {
    const app = await securedApp();
    for (const route of API_ROUTES) {
      const res = await app.inject(route);
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.json()).toMatchObject({ code: 'ORQ_ERR_UNAUTHORIZED', status: 401 });
    }
  });

  it('refuses a wrong token and a malformed Authorization header', async () => {
    const app = await securedApp();
    const wrong = await app.inject({
      method: 'GET',
      url: '/api/machines',
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ detail: 'The token is not valid.' });
    const basic = await app.inject({
      method: 'GET',
      url: '/api/machines',
      headers: { authorization: `Basic ${TOKEN}` },
    });
    expect(basic.statusCode).toBe(401);
  });

  it('accepts the right token', async () => {
    const app = await securedApp();
    const res = await app.inject({
      method: 'GET',
      url: '/api/machines',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['www-authenticate']).toBeUndefined();
  });

  it('accepts ?token= on the stream only', async () => {
    const app = await securedApp();
    const rest = await app.inject({ method: 'GET', url: `/api/machines?token=${TOKEN}` });
    expect(rest.statusCode).toBe(401);
    await app.ready();
    const ws = await app.injectWS(`/api/stream?token=${TOKEN}`);
    const hello = await new Promise<unknown>((resolve) =>
      ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()))),
    );
    expect(hello).toMatchObject({ type: 'orq.hello' });
    ws.terminate();
  });

  it('refuses the stream without a token before upgrading', async () => {
    const app = await securedApp();
    await app.ready();
    await expect(app.injectWS('/api/stream')).rejects.toThrow(/401/);
    await expect(app.injectWS('/api/stream?token=wrong')).rejects.toThrow(/401/);
  });

  it('ends the connection of a refused upgrade, so the server can still shut down', async () => {
    const app = await securedApp();
    const url = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws');
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${url}/api/stream`);
      ws.on('unexpected-response', (_req, res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      ws.on('error', () => undefined);
    });
    expect(status).toBe(401);
    const closed = await Promise.race([
      app.close().then(() => 'closed'),
      new Promise((r) => setTimeout(() => r('still open after 5 s'), 5_000)),
    ]);
    expect(closed).toBe('closed');
  });

  it('leaves /health, /ready, /metrics and the API docs open', async () => {
    const app = await securedApp();
    for (const url of ['/health', '/ready', '/metrics', '/api/openapi.json', '/api/docs/json']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
    }
  });
});

describe('without an API token', () => {
  it('serves /api routes to anyone', async () => {
    const app = await h.app();
    const res = await app.inject({ method: 'GET', url: '/api/machines' });
    expect(res.statusCode).toBe(200);
  });
});

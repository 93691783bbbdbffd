/**
 * Pins the machine routes against a real engine on Postgres: the catalogue lists every workflow
 * with its versions, accepted events and counts; the graph route returns one version's statechart
 * (nesting, parallel regions, guards, delays) and refuses unknown machines and versions with a
 * problem+json 404; stats answer per state for the dashboard's heatmap.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../testing/api-harness.js';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness('api_machines');
});
afterEach(() => h.closeApps());
afterAll(() => h?.stop());

describe('GET /api/machines', () => {
  it('lists every workflow with versions, events and counts by status', async () => {
    const app = await h.app();
    await h.engine.startInstance({ machine: 'ticket', input: { title: 'printer' } });
    const res = await app.inject({ method: 'GET', url: '/api/machines' });
    expect(res.statusCode).toBe(200);
    const { items } = res.json<{ items: Array<Record<string, unknown>> }>();
    const ticket = items.find((m) => m.id === 'ticket');
    expect(ticket).toMatchObject({
      id: 'ticket',
      latestVersion: 2,
      versions: [1, 2],
      description: 'A support ticket with an SLA clock.',
      counts: { active: 1, paused: 0, done: 0, failed: 0, cancelled: 0 },
    });
    expect(ticket?.events).toContainEqual(
      expect.objectContaining({ type: 'ASSIGN', description: 'Give the ticket to someone.' }),
    );
    expect(items.map((m) => m.id).sort()).toEqual(['sample', 'ticket']);
  });
});

describe('GET /api/machines/:id', () => {
  it('returns the latest version as a graph with parallel regions, guards and delays', async () => {
    const app = await h.app();
    const res = await app.inject({ method: 'GET', url: '/api/machines/ticket' });
    expect(res.statusCode).toBe(200);
    const graph = res.json<{
      version: number;
      nodes: Array<{ path: string; type: string; initial: string | null; parent: string | null }>;
      edges: Array<{
        source: string;
        targets: string[];
        label: string;
        guard: string | null;
        delayMs: number | null;
      }>;
    }>();
    expect(graph.version).toBe(2);
    expect(graph.nodes.find((n) => n.path === '')?.type).toBe('parallel');
    expect(graph.nodes.find((n) => n.path === 'work')).toMatchObject({
      type: 'compound',
      initial: 'work.open',
      parent: '',
    });
    expect(graph.nodes.find((n) => n.path === 'work.resolved')?.type).toBe('final');
    expect(graph.edges).toContainEqual(
      expect.objectContaining({
        source: 'work.assigned',
        guard: 'hasAssignee',
        label: 'RESOLVE [hasAssignee]',
      }),
    );
    expect(graph.edges).toContainEqual(
      expect.objectContaining({
        source: 'sla.running',
        targets: ['sla.breached'],
        delayMs: 3_600_000,
        label: 'after 1h',
      }),
    );
  });

  it('returns an older version with ?version=', async () => {
    const app = await h.app();
    const res = await app.inject({ method: 'GET', url: '/api/machines/ticket?version=1' });
    expect(res.statusCode).toBe(200);
    const graph = res.json<{ version: number; nodes: Array<{ path: string; type: string }> }>();
    expect(graph.version).toBe(1);
    expect(graph.nodes.find((n) => n.path === '')?.type).toBe('compound');
  });

  it('answers an unknown machine with a 404 problem naming it', async () => {
    const app = await h.app();
    const res = await app.inject({ method: 'GET', url: '/api/machines/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      status: 404,
      code: 'ORQ_ERR_MACHINE_NOT_FOUND',
      detail: 'No workflow named nope',
      instance: '/api/machines/nope',
    });
  });

  it('answers an unknown version with a 404 problem', async () => {
    const app = await h.app();
    const res = await app.inject({ method: 'GET', url: '/api/machines/ticket?version=9' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'ORQ_ERR_MACHINE_VERSION_NOT_FOUND' });
  });

  it('refuses a version that is not a positive integer, naming the field', async () => {
    const app = await h.app();
    const res = await app.inject({ method: 'GET', url: '/api/machines/ticket?version=abc' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'ORQ_ERR_REQUEST_INVALID',
      errors: [{ field: 'querystring.version', message: 'must be integer' }],
    });
  });
});

describe('GET /api/machines/:id/stats', () => {
  it('counts current instances per state and reports time spent there', async () => {
    const app = await h.app();
    const { instance } = await h.engine.startInstance({
      machine: 'ticket',
      version: 1,
      input: { title: 'a' },
    });
    await h.engine.sendEvent(
      instance.id,
      { type: 'ASSIGN', assignee: 'ana' },
      { waitForCommit: true },
    );
    const res = await app.inject({ method: 'GET', url: '/api/machines/ticket/stats?version=1' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      machine: string;
      version: number;
      states: Array<Record<string, unknown>>;
    }>();
    expect(body).toMatchObject({ machine: 'ticket', version: 1 });
    const assigned = body.states.find((s) => s.state === 'assigned');
    expect(assigned).toMatchObject({ current: 1 });
    expect(typeof assigned?.oldestMs).toBe('number');
    const open = body.states.find((s) => s.state === 'open');
    expect(open?.current).toBe(0);
    expect(typeof open?.p50Ms).toBe('number');
  });

  it('answers stats of an unknown machine with a 404 problem', async () => {
    const app = await h.app();
    const res = await app.inject({ method: 'GET', url: '/api/machines/nope/stats' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'ORQ_ERR_MACHINE_NOT_FOUND' });
  });
});

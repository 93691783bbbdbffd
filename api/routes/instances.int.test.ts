/**
 * Pins the instance routes against a real engine on Postgres: starting (201, or 200 with the
 * existing instance for a reused business key), listing newest first with filters and cursor
 * pagination, reading one instance and its history in order, and refusing bad input (unknown
 * machine, input failing its schema, unknown fields, bad cursor, malformed ids) as problem+json.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../testing/api-harness.js';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness('api_instances');
});
afterEach(() => h.closeApps());
afterAll(() => h?.stop());

interface InstanceBody {
  id: string;
  machine: string;
  version: number;
  key: string | null;
  status: string;
  value: unknown;
  context: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

describe('POST /api/instances', () => {
  it('starts an instance and answers 201 with it and its location', async () => {
    const app = await h.app();
    const res = await app.inject({
      method: 'POST',
      url: '/api/instances',
      payload: { machine: 'ticket', input: { title: 'printer on fire' } },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json<InstanceBody>();
    expect(body).toMatchObject({
      machine: 'ticket',
      version: 2,
      key: null,
      status: 'active',
      value: { work: 'open', sla: 'running' },
      context: { title: 'printer on fire', assignee: null },
    });
    expect(res.headers.location).toBe(`/api/instances/${body.id}`);
    expect(Date.parse(body.createdAt)).not.toBeNaN();
  });

  it('starts on an older version when asked', async () => {
    const app = await h.app();
    const res = await app.inject({
      method: 'POST',
      url: '/api/instances',
      payload: { machine: 'ticket', version: 1, input: { title: 'old' } },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ version: 1, value: 'open' });
  });

  it('answers 200 with the first instance when a business key is reused', async () => {
    const app = await h.app();
    const payload = { machine: 'ticket', key: 'T-1', input: { title: 'once' } };
    const first = await app.inject({ method: 'POST', url: '/api/instances', payload });
    const second = await app.inject({ method: 'POST', url: '/api/instances', payload });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json<InstanceBody>().id).toBe(first.json<InstanceBody>().id);
    expect(second.json<InstanceBody>().key).toBe('T-1');
  });

  it('answers an unknown machine with a 404 problem', async () => {
    const app = await h.app();
    const res = await app.inject({
      method: 'POST',
      url: '/api/instances',
      payload: { machine: 'nope' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      code: 'ORQ_ERR_MACHINE_NOT_FOUND',
      detail: 'No workflow named nope',
    });
  });

  it("refuses input failing the machine's input schema with a 400 naming the problem", async () => {
    const app = await h.app();
    const res = await app.inject({
      method: 'POST',
      url: '/api/instances',
      payload: { machine: 'ticket', input: { title: 42 } },
    });
    expect(res.statusCode).toBe(400);
    const problem = res.json<{ code: string; detail: string }>();
    expect(problem.code).toBe('ORQ_ERR_INPUT_INVALID');
    expect(problem.detail).toContain('title');
  });

  it('refuses a body without machine, naming the missing field', async () => {
    const app = await h.app();
    const res = await app.inject({ method: 'POST', url: '/api/instances', payload: { input: {} } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'ORQ_ERR_REQUEST_INVALID',
      errors: [{ field: 'body.machine', message: "must have required property 'machine'" }],
    });
  });

  it('refuses unknown fields instead of dropping them', async () => {
    const app = await h.app();
    const res = await app.inject({
      method: 'POST',
      url: '/api/instances',
      payload: { machine: 'ticket', input: { title: 'x' }, priority: 'high' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      errors: [{ field: 'body.priority', message: 'is not allowed' }],
    });
  });

  it('does not coerce body types: a version given as a string is refused', async () => {
    const app = await h.app();
    const res = await app.inject({
      method: 'POST',
      url: '/api/instances',
      payload: { machine: 'ticket', version: '1', input: { title: 'x' } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      errors: [{ field: 'body.version', message: 'must be integer' }],
    });
  });

  it('refuses malformed JSON with a 400 problem', async () => {
    const app = await h.app();
    const res = await app.inject({
      method: 'POST',
      url: '/api/instances',
      headers: { 'content-type': 'application/json' },
      payload: '{"machine": "ticket",',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'ORQ_ERR_REQUEST_INVALID' });
  });

  it('refuses a body that is not JSON with a 415 problem', async () => {
    const app = await h.app();
    const res = await app.inject({
      method: 'POST',
      url: '/api/instances',
      headers: { 'content-type': 'text/csv' },
      payload: 'machine,ticket',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'ORQ_ERR_UNSUPPORTED_MEDIA_TYPE' });
  });
});

describe('GET /api/instances', () => {
  it('lists newest first and pages with an opaque cursor until nextCursor is null', async () => {
    const app = await h.app();
    const key = `page-${randomUUID()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { instance } = await h.engine.startInstance({
        machine: 'sample',
        key: `${key}-${i}`,
        input: { orderId: `${key}-${i}` },
      });
      ids.push(instance.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/instances?machine=sample&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      const page = res.json<{ items: InstanceBody[]; nextCursor: string | null }>();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    const mine = seen.filter((id) => ids.includes(id));
    expect(mine).toEqual([...ids].reverse());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('filters by status, state and key', async () => {
    const app = await h.app();
    const key = `filter-${randomUUID()}`;
    const { instance } = await h.engine.startInstance({
      machine: 'ticket',
      version: 1,
      key,
      input: { title: 'f' },
    });
    await h.engine.sendEvent(
      instance.id,
      { type: 'ASSIGN', assignee: 'bo' },
      { waitForCommit: true },
    );
    const byKey = await app.inject({
      method: 'GET',
      url: `/api/instances?machine=ticket&key=${key}`,
    });
    expect(byKey.json<{ items: InstanceBody[] }>().items.map((i) => i.id)).toEqual([instance.id]);
    const byState = await app.inject({
      method: 'GET',
      url: '/api/instances?machine=ticket&state=assigned',
    });
    expect(byState.json<{ items: InstanceBody[] }>().items.map((i) => i.id)).toContain(instance.id);
    const byStatus = await app.inject({
      method: 'GET',
      url: '/api/instances?machine=ticket&status=done',
    });
    expect(byStatus.json<{ items: InstanceBody[] }>().items.map((i) => i.id)).not.toContain(
      instance.id,
    );
  });

  it('refuses a bad cursor with a 400 problem', async () => {
    const app = await h.app();
    const res = await app.inject({ method: 'GET', url: '/api/instances?cursor=not-a-cursor' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'ORQ_ERR_BAD_CURSOR' });
  });

  it('refuses an unknown status, a limit out of range and unknown parameters', async () => {
    const app = await h.app();
    const status = await app.inject({ method: 'GET', url: '/api/instances?status=sleeping' });
    expect(status.statusCode).toBe(400);
    expect(status.json()).toMatchObject({ errors: [{ field: 'querystring.status' }] });
    const limit = await app.inject({ method: 'GET', url: '/api/instances?limit=100000' });
    expect(limit.statusCode).toBe(400);
    expect(limit.json()).toMatchObject({ errors: [{ field: 'querystring.limit' }] });
    const unknown = await app.inject({ method: 'GET', url: '/api/instances?colour=red' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({
      errors: [{ field: 'querystring.colour', message: 'is not allowed' }],
    });
  });

  it('answers a filter on an unknown machine with a 404 problem', async () => {
    const app = await h.app();
    const res = await app.inject({ method: 'GET', url: '/api/instances?machine=nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'ORQ_ERR_MACHINE_NOT_FOUND' });
  });
});

describe('GET /api/instances/:id', () => {
  it('returns the instance with state, context and timestamps', async () => {
    const app = await h.app();
    const { instance } = await h.engine.startInstance({
      machine: 'ticket',
      version: 1,
      input: { title: 'g' },
    });
    const res = await app.inject({ method: 'GET', url: `/api/instances/${instance.id}` });
    expect(res.statusCode).toBe(200);
    const body = res.json<InstanceBody>();
    expect(Object.keys(body)).toEqual(
      expect.arrayContaining([
        'id',
        'machine',
        'version',
        'key',
        'status',
        'value',
        'context',
        'createdAt',
        'updatedAt',
      ]),
    );
    expect(body).toMatchObject({
      id: instance.id,
      status: 'active',
      value: 'open',
      context: { title: 'g' },
    });
  });

  it('answers an unknown id with a 404 problem', async () => {
    const app = await h.app();
    const id = randomUUID();
    const res = await app.inject({ method: 'GET', url: `/api/instances/${id}` });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({
      code: 'ORQ_ERR_INSTANCE_NOT_FOUND',
      detail: `No instance ${id}`,
    });
  });

  it('refuses an id that is not a UUID with a 400 problem', async () => {
    const app = await h.app();
    const res = await app.inject({ method: 'GET', url: '/api/instances/42' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      errors: [{ field: 'params.id', message: 'must match format "uuid"' }],
    });
  });
});

describe('GET /api/instances/:id/history', () => {
  it('returns the transitions in order and pages with after/limit', async () => {
    const app = await h.app();
    const { instance } = await h.engine.startInstance({
      machine: 'ticket',
      version: 1,
      input: { title: 'h' },
    });
    await h.engine.sendEvent(
      instance.id,
      { type: 'ASSIGN', assignee: 'cy' },
      { waitForCommit: true },
    );
    await h.engine.sendEvent(instance.id, { type: 'RESOLVE' }, { waitForCommit: true });
    const all = await app.inject({ method: 'GET', url: `/api/instances/${instance.id}/history` });
    expect(all.statusCode).toBe(200);
    const items = all.json<{
      items: Array<{ seq: number; from: unknown; to: unknown; event: { type: string } }>;
      nextAfter: number | null;
    }>();
    expect(items.items.map((t) => [t.seq, t.from, t.to, t.event.type])).toEqual([
      [1, null, 'open', 'xstate.init'],
      [2, 'open', 'assigned', 'ASSIGN'],
      [3, 'assigned', 'resolved', 'RESOLVE'],
    ]);
    expect(items.nextAfter).toBeNull();
    const page = await app.inject({
      method: 'GET',
      url: `/api/instances/${instance.id}/history?after=1&limit=1`,
    });
    const body = page.json<{ items: Array<{ seq: number }>; nextAfter: number | null }>();
    expect(body.items.map((t) => t.seq)).toEqual([2]);
    expect(body.nextAfter).toBe(2);
  });

  it('answers the history of an unknown instance with a 404 problem', async () => {
    const app = await h.app();
    const res = await app.inject({ method: 'GET', url: `/api/instances/${randomUUID()}/history` });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'ORQ_ERR_INSTANCE_NOT_FOUND' });
  });

  it('refuses a negative after', async () => {
    const app = await h.app();
    const res = await app.inject({
      method: 'GET',
      url: `/api/instances/${randomUUID()}/history?after=-1`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ errors: [{ field: 'querystring.after' }] });
  });
});

/**
 * Pins the operator controls against a real engine on Postgres: pause holds an active instance,
 * resume releases it, cancel ends it, retry re-runs a failed one; each answers the instance, and a
 * control that does not fit the status is a 409 problem, an unknown instance a 404.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../engine/testing/eventually.js';
import { startApiHarness, type ApiHarness } from '../testing/api-harness.js';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness('api_controls');
});
afterEach(() => h.closeApps());
afterAll(() => h?.stop());

const newTicket = async () =>
  (await h.engine.startInstance({ machine: 'ticket', version: 1, input: { title: 'c' } })).instance;
const statusOf = async (id: string) => (await h.engine.getInstance(id))?.status;

describe('POST /api/instances/:id/{pause,resume,cancel,retry}', () => {
  it('pauses an active instance and resumes it, answering the instance each time', async () => {
    const app = await h.app();
    const ticket = await newTicket();
    const paused = await app.inject({ method: 'POST', url: `/api/instances/${ticket.id}/pause` });
    expect(paused.statusCode).toBe(200);
    expect(paused.json()).toMatchObject({ id: ticket.id });
    await eventually(async () => (await statusOf(ticket.id)) === 'paused');
    const resumed = await app.inject({ method: 'POST', url: `/api/instances/${ticket.id}/resume` });
    expect(resumed.statusCode).toBe(200);
    await eventually(async () => (await statusOf(ticket.id)) === 'active');
  });

  it('refuses to resume an instance that is not paused with a 409 problem', async () => {
    const app = await h.app();
    const ticket = await newTicket();
    const res = await app.inject({ method: 'POST', url: `/api/instances/${ticket.id}/resume` });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'ORQ_ERR_INSTANCE_NOT_ACTIVE', retriable: false });
  });

  it('cancels an instance, after which events are refused', async () => {
    const app = await h.app();
    const ticket = await newTicket();
    const res = await app.inject({ method: 'POST', url: `/api/instances/${ticket.id}/cancel` });
    expect(res.statusCode).toBe(200);
    await eventually(async () => (await statusOf(ticket.id)) === 'cancelled');
    const again = await app.inject({ method: 'POST', url: `/api/instances/${ticket.id}/cancel` });
    expect(again.statusCode).toBe(409);
  });

  it('retries a failed instance and refuses to retry an active one', async () => {
    const app = await h.app();
    const { instance } = await h.engine.startInstance({
      machine: 'sample',
      input: { orderId: `r-${randomUUID()}` },
    });
    const active = await app.inject({ method: 'POST', url: `/api/instances/${instance.id}/retry` });
    expect(active.statusCode).toBe(409);
    await h.engine.sendEvent(instance.id, { type: 'EXPLODE' }, { waitForCommit: true });
    await eventually(async () => (await statusOf(instance.id)) === 'failed');
    const failed = await h
      .app()
      .then((a) => a.inject({ method: 'GET', url: `/api/instances/${instance.id}` }));
    expect(failed.json()).toMatchObject({
      status: 'failed',
      error: { code: 'ORQ_ERR_MACHINE_ERROR' },
    });
    const retried = await app.inject({
      method: 'POST',
      url: `/api/instances/${instance.id}/retry`,
    });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ id: instance.id });
  });

  it('answers a control of an unknown instance with a 404 problem', async () => {
    const app = await h.app();
    for (const action of ['pause', 'resume', 'cancel', 'retry']) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/instances/${randomUUID()}/${action}`,
      });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'ORQ_ERR_INSTANCE_NOT_FOUND' });
    }
  });
});

/**
 * Pins `POST /api/instances/:id/events` against a real engine on Postgres: an accepted event
 * answers 202 and is applied (at once with ?wait=true); an unknown event type, a payload failing
 * its schema, a missing type, an unknown instance and a finished instance are refused as
 * problem+json; an Idempotency-Key makes a retried request apply once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../engine/testing/eventually.js';
import { startApiHarness, type ApiHarness } from '../testing/api-harness.js';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness('api_events');
});
afterEach(() => h.closeApps());
afterAll(() => h?.stop());

const newTicket = async () =>
  (await h.engine.startInstance({ machine: 'ticket', version: 1, input: { title: 't' } })).instance;

describe('POST /api/instances/:id/events', () => {
  it('answers 202 and applies the event', async () => {
    const app = await h.app();
    const ticket = await newTicket();
    const res = await app.inject({
      method: 'POST',
      url: `/api/instances/${ticket.id}/events`,
      payload: { type: 'ASSIGN', assignee: 'ana' },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ instanceId: ticket.id, committed: false });
    await eventually(async () => (await h.engine.getInstance(ticket.id))?.value === 'assigned');
    expect((await h.engine.getInstance(ticket.id))?.context).toMatchObject({ assignee: 'ana' });
  });

  it('with ?wait=true answers after the event is committed', async () => {
    const app = await h.app();
    const ticket = await newTicket();
    const res = await app.inject({
      method: 'POST',
      url: `/api/instances/${ticket.id}/events?wait=true`,
      payload: { type: 'ASSIGN', assignee: 'bo' },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ committed: true });
    expect((await h.engine.getInstance(ticket.id))?.value).toBe('assigned');
  });

  it('refuses an event the machine does not accept', async () => {
    const app = await h.app();
    const ticket = await newTicket();
    const res = await app.inject({
      method: 'POST',
      url: `/api/instances/${ticket.id}/events`,
      payload: { type: 'DANCE' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      code: 'ORQ_ERR_UNKNOWN_EVENT',
      detail: 'Workflow ticket does not accept event DANCE',
    });
  });

  it('refuses a payload failing the event schema, saying which field', async () => {
    const app = await h.app();
    const ticket = await newTicket();
    const res = await app.inject({
      method: 'POST',
      url: `/api/instances/${ticket.id}/events`,
      payload: { type: 'ASSIGN', assignee: 7 },
    });
    expect(res.statusCode).toBe(400);
    const problem = res.json<{ code: string; detail: string }>();
    expect(problem.code).toBe('ORQ_ERR_EVENT_INVALID');
    expect(problem.detail).toContain('assignee');
    expect((await h.engine.getInstance(ticket.id))?.value).toBe('open');
  });

  it('refuses an event without a type', async () => {
    const app = await h.app();
    const ticket = await newTicket();
    const res = await app.inject({
      method: 'POST',
      url: `/api/instances/${ticket.id}/events`,
      payload: { assignee: 'x' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ errors: [{ field: 'body.type' }] });
  });

  it('answers an event for an unknown instance with a 404 problem', async () => {
    const app = await h.app();
    const res = await app.inject({
      method: 'POST',
      url: `/api/instances/${randomUUID()}/events`,
      payload: { type: 'RESOLVE' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'ORQ_ERR_INSTANCE_NOT_FOUND' });
  });

  it('refuses an event for a finished instance with a 409 problem', async () => {
    const app = await h.app();
    const ticket = await newTicket();
    await h.engine.sendEvent(ticket.id, { type: 'ASSIGN', assignee: 'c' }, { waitForCommit: true });
    await h.engine.sendEvent(ticket.id, { type: 'RESOLVE' }, { waitForCommit: true });
    const res = await app.inject({
      method: 'POST',
      url: `/api/instances/${ticket.id}/events`,
      payload: { type: 'COMMENT', text: 'too late' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ORQ_ERR_INSTANCE_NOT_ACTIVE' });
  });

  it('applies a request retried with the same Idempotency-Key once', async () => {
    const app = await h.app();
    const { instance } = await h.engine.startInstance({
      machine: 'sample',
      input: { orderId: `i-${randomUUID()}` },
    });
    await h.engine.sendEvent(instance.id, { type: 'SUBMIT' }, { waitForCommit: true });
    const send = () =>
      app.inject({
        method: 'POST',
        url: `/api/instances/${instance.id}/events?wait=true`,
        headers: { 'idempotency-key': 'remind-1' },
        payload: { type: 'REMIND' },
      });
    const first = await send();
    const second = await send();
    expect([first.statusCode, second.statusCode]).toEqual([202, 202]);
    expect(second.json<{ envelopeId: string }>().envelopeId).toBe(
      first.json<{ envelopeId: string }>().envelopeId,
    );
    expect((await h.engine.getInstance(instance.id))?.context).toMatchObject({ reminders: 1 });
  });
});

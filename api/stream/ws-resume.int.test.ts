/**
 * Pins the stream's resume guarantee on a real engine and a real socket: a client that is cut off
 * mid-stream while instances keep moving, and reconnects with `after=<last position seen>`,
 * receives every transition exactly once and in order — the two connections together equal the
 * committed history. Also pins the filters, `orq.resume` on an open socket, and the refusal of a
 * malformed `after`.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransitionRecord } from '../../engine/index.js';
import { startApiHarness, type ApiHarness } from '../testing/api-harness.js';
import { StreamRecorder } from '../testing/stream-recorder.js';
import type { StreamHello, StreamTransition } from './protocol.js';

let h: ApiHarness;
let app: FastifyInstance;
let baseUrl: string;

beforeAll(async () => {
  h = await startApiHarness('api_stream');
  app = await h.app();
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = address.replace(/^http/, 'ws');
});
afterAll(() => h?.stop());

/** Every committed transition matching the filter, from the database, in position order. */
async function committed(filter: {
  machine?: string;
  instanceId?: string;
}): Promise<TransitionRecord[]> {
  const all: TransitionRecord[] = [];
  let after = '0';
  for (;;) {
    const page = await h.engine.transitionsAfter(after, filter, 1000);
    all.push(...page);
    const last = page.at(-1);
    if (!last || page.length < 1000) return all;
    after = last.position;
  }
}

/** Starts `count` tickets and moves each through ASSIGN and RESOLVE, interleaved. */
async function driveTickets(count: number, tag: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { instance } = await h.engine.startInstance({
      machine: 'ticket',
      version: 1,
      input: { title: `${tag}-${i}` },
    });
    ids.push(instance.id);
  }
  await Promise.all(
    ids.map((id, i) =>
      h.engine.sendEvent(id, { type: 'ASSIGN', assignee: `a${i}` }, { waitForCommit: true }),
    ),
  );
  await Promise.all(
    ids.map((id) => h.engine.sendEvent(id, { type: 'RESOLVE' }, { waitForCommit: true })),
  );
  return ids;
}

function expectOrderedAndUnique(received: StreamTransition[]): void {
  const positions = received.map((t) => BigInt(t.position));
  for (let i = 1; i < positions.length; i++) expect(positions[i]! > positions[i - 1]!).toBe(true);
  const bySeq = new Map<string, number[]>();
  for (const t of received) bySeq.set(t.instanceId, [...(bySeq.get(t.instanceId) ?? []), t.seq]);
  for (const seqs of bySeq.values()) expect(seqs).toEqual(seqs.map((_, i) => i + 1));
}

describe('WS /api/stream resume', () => {
  it('delivers every transition exactly once and in order across a dropped connection', async () => {
    const first = new StreamRecorder(`${baseUrl}/api/stream?machine=ticket&after=0`);
    await first.until((r) => r.messages.some((m) => m.type === 'orq.live'), 15_000, 'orq.live');
    const hello = first.messages[0] as StreamHello;
    expect(hello).toMatchObject({
      type: 'orq.hello',
      resumeFrom: '0',
      filter: { machine: 'ticket', instanceId: null },
    });

    // Phase 1, connected: 25 starts; the connection drops after 20 of them arrived.
    const ids: string[] = [];
    const starting = (async () => {
      for (let i = 0; i < 25; i++) {
        const { instance } = await h.engine.startInstance({
          machine: 'ticket',
          version: 1,
          input: { title: `resume-${i}` },
        });
        ids.push(instance.id);
      }
    })();
    await first.until((r) => r.transitions.length >= 20, 15_000, '20 transitions');
    first.drop();
    const seenBeforeDrop = [...first.transitions];
    const lastPosition = seenBeforeDrop.at(-1)!.position;
    await starting;

    // Phase 2, disconnected: every ticket is assigned.
    await Promise.all(
      ids.map((id, i) =>
        h.engine.sendEvent(id, { type: 'ASSIGN', assignee: `a${i}` }, { waitForCommit: true }),
      ),
    );

    // Phase 3: reconnect with after=<last seen> while the tickets are resolved (replay races live).
    const second = new StreamRecorder(`${baseUrl}/api/stream?machine=ticket&after=${lastPosition}`);
    await Promise.all(
      ids.map((id) => h.engine.sendEvent(id, { type: 'RESOLVE' }, { waitForCommit: true })),
    );
    const expected = await committed({ machine: 'ticket' });
    expect(expected.length).toBe(75);
    await second.until(
      (r) => seenBeforeDrop.length + r.transitions.length >= expected.length,
      20_000,
      `all ${expected.length} transitions`,
    );
    const received = [...seenBeforeDrop, ...second.transitions];
    expect(received.map((t) => t.position)).toEqual(expected.map((t) => t.position));
    expect(received.map((t) => `${t.instanceId}#${t.seq}`)).toEqual(
      expected.map((t) => `${t.instanceId}#${t.seq}`),
    );
    expectOrderedAndUnique(received);
    expect(second.messages[0]).toMatchObject({ type: 'orq.hello', resumeFrom: lastPosition });
    const live = second.messages.find((m) => m.type === 'orq.live');
    expect(BigInt(live!.position)).toBeGreaterThanOrEqual(BigInt(expected[49]!.position));

    const sample = received.find((t) => t.event.type === 'ASSIGN')!;
    expect(sample).toMatchObject({
      type: 'orq.transition',
      machine: 'ticket',
      version: 1,
      from: 'open',
      to: 'assigned',
      status: 'active',
    });
    expect(sample.contextChanges).toContainEqual(
      expect.objectContaining({ path: 'assignee', op: 'replace' }),
    );
    await second.close();
  });

  it('streams live transitions only for the filtered instance', async () => {
    const { instance } = await h.engine.startInstance({
      machine: 'ticket',
      version: 1,
      input: { title: 'solo' },
    });
    const other = await h.engine.startInstance({
      machine: 'ticket',
      version: 1,
      input: { title: 'other' },
    });
    const client = new StreamRecorder(`${baseUrl}/api/stream?instance=${instance.id}`);
    await client.until((r) => r.messages.length > 0, 5_000, 'hello');
    await h.engine.sendEvent(
      other.instance.id,
      { type: 'ASSIGN', assignee: 'x' },
      { waitForCommit: true },
    );
    await h.engine.sendEvent(
      instance.id,
      { type: 'ASSIGN', assignee: 'y' },
      { waitForCommit: true },
    );
    await h.engine.sendEvent(instance.id, { type: 'RESOLVE' }, { waitForCommit: true });
    await client.until((r) => r.transitions.length >= 2, 10_000, 'two transitions');
    expect(client.transitions.map((t) => [t.instanceId, t.seq, t.to, t.status])).toEqual([
      [instance.id, 2, 'assigned', 'active'],
      [instance.id, 3, 'resolved', 'done'],
    ]);
    await client.close();
  });

  it('restarts from a position when the client sends orq.resume on an open socket', async () => {
    const ids = await driveTickets(2, 'same-socket');
    const history = await committed({ instanceId: ids[0]! });
    const client = new StreamRecorder(`${baseUrl}/api/stream?instance=${ids[0]}`);
    await client.until((r) => r.messages.length > 0, 5_000, 'hello');
    client.send({ type: 'orq.resume', after: history[0]!.position });
    await client.until((r) => r.transitions.length >= 2, 10_000, 'replayed transitions');
    expect(client.transitions.map((t) => t.seq)).toEqual([2, 3]);
    client.send({ type: 'orq.resume', after: 'yesterday' });
    await client.until((r) => r.messages.some((m) => m.type === 'orq.error'), 5_000, 'orq.error');
    await client.close();
  });

  it('refuses a malformed after with a 400 before upgrading', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/stream?after=-5' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ errors: [{ field: 'querystring.after' }] });
  });

  it('answers a plain GET without the upgrade with a 426 problem', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/stream' });
    expect(res.statusCode).toBe(426);
    expect(res.json()).toMatchObject({ code: 'ORQ_ERR_UPGRADE_REQUIRED' });
  });
});

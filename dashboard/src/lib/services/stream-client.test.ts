/**
 * Pins the stream client's recovery logic, the heart of "live everywhere": after a dropped
 * connection it resumes from the last position it saw (missing nothing, applying nothing twice),
 * backs off while the API is down and says so (reconnecting, then offline), and after a resync
 * starts live and asks the views to refetch. The socket is a hand-driven fake and time is manual,
 * so every schedule is checked exactly; the browser tests cover the real socket.
 */
import { describe, expect, it } from 'vitest';
import type { StreamTransition } from '../api-types.js';
import { FakeSocket } from '../testing/fake-socket.js';
import { ManualTimers } from '../testing/manual-timers.js';
import { startStreamClient, type StreamStatus } from './stream-client.js';

function setup(options: { filter?: { machine?: string; instance?: string }; token?: string } = {}) {
  const sockets: FakeSocket[] = [];
  const received: string[] = [];
  const statuses: StreamStatus[] = [];
  let resyncs = 0;
  const timers = new ManualTimers();
  const controller = new AbortController();
  const client = startStreamClient({
    url: 'ws://dash.test/api/stream',
    ...(options.filter ? { filter: options.filter } : {}),
    token: () => options.token ?? null,
    signal: controller.signal,
    onTransition: (t) => received.push(t.position),
    onResync: () => resyncs++,
    onStatus: (s) => statuses.push(s),
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    timers,
    random: () => 0,
  });
  const last = () => sockets.at(-1)!;
  return { client, sockets, last, received, statuses, timers, controller, resyncs: () => resyncs };
}

const hello = (position: string, resumeFrom: string | null = null) => ({
  type: 'orq.hello',
  position,
  resumeFrom,
  filter: { machine: null, instanceId: null },
});

const transition = (position: string): StreamTransition => ({
  type: 'orq.transition',
  instanceId: 'i-1',
  machine: 'order',
  version: 1,
  seq: Number(position),
  event: { type: 'E' },
  from: 'a',
  to: 'b',
  status: 'active',
  at: '2026-03-01T12:00:00.000Z',
  position,
  contextChanges: [],
});

describe('startStreamClient', () => {
  it('connects live with the filter and token, and is live after hello', () => {
    const s = setup({ filter: { machine: 'order' }, token: 'secret' });
    expect(s.last().query.get('machine')).toBe('order');
    expect(s.last().query.get('token')).toBe('secret');
    expect(s.last().query.has('after')).toBe(false);
    expect(s.client.status().state).toBe('connecting');
    s.last().receive(hello('41'));
    expect(s.client.status()).toMatchObject({ state: 'live', lastPosition: '41' });
  });

  it('delivers transitions once, in order, dropping replays it already saw', () => {
    const s = setup();
    s.last().receive(hello('10'));
    for (const p of ['11', '12', '12', '9', '13']) s.last().receive(transition(p));
    expect(s.received).toEqual(['11', '12', '13']);
  });

  it('resumes after the last position seen when the connection drops', () => {
    const s = setup();
    s.last().receive(hello('10'));
    s.last().receive(transition('11'));
    s.last().receive(transition('12'));
    s.last().drop();
    expect(s.client.status().state).toBe('reconnecting');
    expect(s.timers.pendingDelays()).toEqual([250]);
    s.timers.advance(250);
    expect(s.sockets).toHaveLength(2);
    expect(s.last().query.get('after')).toBe('12');
    s.last().receive(hello('15', '12'));
    expect(s.client.status().state).toBe('reconnecting');
    for (const p of ['12', '13', '14', '15']) s.last().receive(transition(p));
    s.last().receive({ type: 'orq.live', position: '15' });
    expect(s.client.status()).toMatchObject({ state: 'live', attempt: 0 });
    expect(s.received).toEqual(['11', '12', '13', '14', '15']);
    expect(s.resyncs()).toBe(0);
  });

  it('backs off while the API is down, says offline after three failures, and recovers', () => {
    const s = setup();
    s.last().receive(hello('1'));
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      s.last().drop();
      delays.push(...s.timers.pendingDelays());
      s.timers.advance(s.timers.pendingDelays()[0]!);
    }
    expect(delays).toEqual([250, 500, 1_000, 2_000, 4_000]);
    expect(s.statuses.map((st) => st.state)).toContain('offline');
    expect(s.client.status().attempt).toBe(5);
    s.last().receive(hello('1', '1'));
    s.last().receive({ type: 'orq.live', position: '1' });
    expect(s.client.status()).toMatchObject({ state: 'live', attempt: 0 });
    expect(s.last().query.get('after')).toBe('1');
  });

  it('on resync, reconnects live at once and asks the views to refetch after hello', () => {
    const s = setup();
    s.last().receive(hello('10'));
    s.last().receive(transition('11'));
    const behind = s.last();
    behind.receive({ type: 'orq.resync', reason: 'buffer-overflow', position: '11' });
    expect(behind.closedWith?.code).toBe(4000);
    expect(s.sockets).toHaveLength(2);
    expect(s.last().query.has('after')).toBe(false);
    expect(s.resyncs()).toBe(0);
    s.last().receive(hello('900'));
    expect(s.resyncs()).toBe(1);
    expect(s.client.status()).toMatchObject({ state: 'live', lastPosition: '900' });
    s.last().receive(transition('500'));
    s.last().receive(transition('901'));
    expect(s.received).toEqual(['11', '901']);
  });

  it('starts live and refetches after a replay the server could not complete', () => {
    const s = setup();
    s.last().receive(hello('10'));
    s.last().drop();
    s.timers.advance(250);
    s.last().receive(hello('20', '10'));
    s.last().receive({ type: 'orq.error', code: 'ORQ_ERR_INTERNAL', detail: 'replay failed' });
    s.last().drop(1011);
    s.timers.advance(s.timers.pendingDelays()[0]!);
    expect(s.last().query.has('after')).toBe(false);
    s.last().receive(hello('25'));
    expect(s.resyncs()).toBe(1);
  });

  it('reconnects at once when asked, skipping the wait', () => {
    const s = setup();
    s.last().drop();
    expect(s.sockets).toHaveLength(1);
    s.client.reconnectNow();
    expect(s.sockets).toHaveLength(2);
    expect(s.timers.pendingDelays()).toEqual([]);
  });

  it('closes the socket and stops retrying when aborted', () => {
    const s = setup();
    s.last().receive(hello('1'));
    const socket = s.last();
    s.controller.abort();
    expect(socket.closedWith?.code).toBe(1000);
    socket.drop();
    s.timers.advance(60_000);
    expect(s.sockets).toHaveLength(1);
    expect(s.client.status().state).toBe('stopped');
  });
});

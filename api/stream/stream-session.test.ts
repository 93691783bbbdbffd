/**
 * Pins the stream session's bookkeeping, deterministically: a transition that arrives live while
 * the replay also returns it is sent once; the replay pages through `after` in order and then
 * hands over to live; a client whose queue or socket buffer overflows gets one `orq.resync` with
 * the last position it was sent and nothing more; the engine's listener never sends by itself.
 * The source here is an in-memory log (the real engine is in ws-resume.int.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { StreamFilter, TransitionRecord } from '../../engine/index.js';
import type { StreamServerMessage, StreamTransition } from './protocol.js';
import { StreamSession, type StreamSocket, type TransitionSource } from './stream-session.js';

function record(position: number, instanceId = 'i1', seq = position): TransitionRecord {
  return {
    instanceId,
    machine: 'm',
    version: 1,
    seq,
    position: String(position),
    event: { type: 'E' },
    from: 'a',
    to: 'b',
    status: 'active',
    contextChanges: [],
    envelopeId: null,
    source: 'api',
    at: '2026-01-01T00:00:00.000Z',
  };
}

/** An in-memory committed log with live fan-out, like the engine's. */
class MemoryLog implements TransitionSource {
  readonly rows: TransitionRecord[] = [];
  readonly listeners = new Set<(t: TransitionRecord) => void>();
  /** Called inside transitionsAfter, before it answers: lets a test commit mid-replay. */
  onReplayQuery: (() => void) | null = null;
  replayQueries = 0;

  commit(t: TransitionRecord): void {
    this.rows.push(t);
    for (const l of this.listeners) l(t);
  }
  subscribe(listener: (t: TransitionRecord) => void, _filter?: StreamFilter): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  transitionsAfter(
    position: string,
    _filter?: StreamFilter,
    limit = 500,
  ): Promise<TransitionRecord[]> {
    this.replayQueries++;
    this.onReplayQuery?.();
    const after = BigInt(position);
    return Promise.resolve(this.rows.filter((r) => BigInt(r.position) > after).slice(0, limit));
  }
  latestPosition(): Promise<string> {
    return Promise.resolve(this.rows.at(-1)?.position ?? '0');
  }
}

/** A socket whose buffer a test fills and flushes by hand. */
class ManualSocket implements StreamSocket {
  bufferedAmount = 0;
  readonly sent: StreamServerMessage[] = [];
  readonly pending: Array<() => void> = [];
  autoFlush = true;

  send(data: string, callback: (err?: Error) => void): void {
    this.sent.push(JSON.parse(data) as StreamServerMessage);
    if (this.autoFlush) queueMicrotask(() => callback());
    else {
      this.bufferedAmount += data.length;
      this.pending.push(() => {
        this.bufferedAmount -= data.length;
        callback();
      });
    }
  }
  flushAll(): void {
    for (const flush of this.pending.splice(0)) flush();
  }
  get transitions(): StreamTransition[] {
    return this.sent.filter((m): m is StreamTransition => m.type === 'orq.transition');
  }
}

const settle = () => new Promise((r) => setImmediate(r));

function session(
  log: MemoryLog,
  socket: ManualSocket,
  overrides: Partial<ConstructorParameters<typeof StreamSession>[0]> = {},
) {
  return new StreamSession({
    source: log,
    socket,
    filter: {},
    maxQueuedTransitions: 100,
    maxBufferedBytes: 10_000,
    replayPageSize: 3,
    onError: (err) => {
      throw err;
    },
    ...overrides,
  });
}

describe('StreamSession', () => {
  it('replays after a position in pages, then sends live transitions', async () => {
    const log = new MemoryLog();
    for (let p = 1; p <= 8; p++) log.commit(record(p));
    const socket = new ManualSocket();
    const s = session(log, socket);
    await s.open('2');
    expect(log.replayQueries).toBe(3);
    log.commit(record(9));
    await settle();
    expect(socket.sent[0]).toMatchObject({ type: 'orq.hello', position: '8', resumeFrom: '2' });
    expect(socket.transitions.map((t) => t.position)).toEqual(['3', '4', '5', '6', '7', '8', '9']);
    const liveAt = socket.sent.findIndex((m) => m.type === 'orq.live');
    expect(socket.sent[liveAt]).toEqual({ type: 'orq.live', position: '8' });
    expect(liveAt).toBe(7);
  });

  it('sends a transition once when it arrives live during the replay and the replay returns it too', async () => {
    const log = new MemoryLog();
    for (let p = 1; p <= 4; p++) log.commit(record(p));
    let committedDuringReplay = false;
    log.onReplayQuery = () => {
      if (committedDuringReplay) return;
      committedDuringReplay = true;
      log.commit(record(5)); // queued by the listener AND visible to this replay query
    };
    const socket = new ManualSocket();
    await session(log, socket).open('1');
    log.commit(record(6));
    await settle();
    expect(socket.transitions.map((t) => t.position)).toEqual(['2', '3', '4', '5', '6']);
  });

  it('starts live without replay when no position is given', async () => {
    const log = new MemoryLog();
    log.commit(record(1));
    const socket = new ManualSocket();
    await session(log, socket).open(null);
    log.commit(record(2));
    await settle();
    expect(socket.sent.map((m) => m.type)).toEqual(['orq.hello', 'orq.transition']);
    expect(socket.transitions[0]?.position).toBe('2');
  });

  it('never sends from inside the engine listener', async () => {
    const log = new MemoryLog();
    const socket = new ManualSocket();
    await session(log, socket).open(null);
    const before = socket.sent.length;
    log.commit(record(1));
    expect(socket.sent.length).toBe(before);
    await settle();
    expect(socket.sent.length).toBe(before + 1);
  });

  it('pauses while the socket buffer is full and resumes when it drains', async () => {
    const log = new MemoryLog();
    const socket = new ManualSocket();
    await session(log, socket, { maxBufferedBytes: 1 }).open(null);
    socket.autoFlush = false;
    socket.flushAll();
    for (let p = 1; p <= 3; p++) log.commit(record(p));
    await settle();
    expect(socket.transitions.map((t) => t.position)).toEqual(['1']);
    socket.flushAll();
    await settle();
    expect(socket.transitions.map((t) => t.position)).toEqual(['1', '2']);
    socket.flushAll();
    socket.flushAll();
    await settle();
    expect(socket.transitions.map((t) => t.position)).toEqual(['1', '2', '3']);
  });

  it('tells a client that fell behind to resync from the last position it was sent, then stops', async () => {
    const log = new MemoryLog();
    const socket = new ManualSocket();
    const s = session(log, socket, { maxBufferedBytes: 1, maxQueuedTransitions: 3 });
    await s.open(null);
    socket.autoFlush = false;
    log.commit(record(1));
    await settle(); // sent, and still in the socket's buffer
    for (let p = 2; p <= 10; p++) log.commit(record(p));
    await settle();
    expect(s.state).toBe('resynced');
    expect(log.listeners.size).toBe(0);
    const resyncs = socket.sent.filter((m) => m.type === 'orq.resync');
    expect(resyncs).toEqual([{ type: 'orq.resync', reason: 'socket-backpressure', position: '1' }]);
    socket.flushAll();
    log.commit(record(11));
    await settle();
    expect(socket.transitions.map((t) => t.position)).toEqual(['1']);
  });

  it('resyncs from the resume point when nothing was sent yet', async () => {
    const log = new MemoryLog();
    log.commit(record(1));
    const socket = new ManualSocket();
    const s = session(log, socket, { maxQueuedTransitions: 2 });
    log.onReplayQuery = () => {
      for (let p = 2; p <= 5; p++) log.commit(record(p));
    };
    await s.open('1');
    expect(socket.sent.filter((m) => m.type === 'orq.resync')).toEqual([
      { type: 'orq.resync', reason: 'buffer-overflow', position: '1' },
    ]);
    expect(socket.transitions).toEqual([]);
  });

  it('can be reopened after a resync and resumes without a gap', async () => {
    const log = new MemoryLog();
    const socket = new ManualSocket();
    const s = session(log, socket, { maxBufferedBytes: 1, maxQueuedTransitions: 2 });
    await s.open(null);
    socket.autoFlush = false;
    for (let p = 1; p <= 5; p++) log.commit(record(p));
    await settle();
    const resync = socket.sent.find((m) => m.type === 'orq.resync');
    socket.autoFlush = true;
    socket.flushAll();
    await s.open(resync!.position);
    await settle();
    expect(socket.transitions.map((t) => t.position)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('unsubscribes and sends nothing more once closed', async () => {
    const log = new MemoryLog();
    const socket = new ManualSocket();
    const s = session(log, socket);
    await s.open(null);
    s.close();
    expect(log.listeners.size).toBe(0);
    log.commit(record(1));
    await settle();
    expect(socket.transitions).toEqual([]);
  });
});

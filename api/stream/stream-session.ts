/**
 * One client's stream: subscribe first and buffer, replay from `after` in pages, then drain the
 * buffer skipping what the replay already sent, then go live. The engine's listener only enqueues
 * (a slow client never slows the engine); the queue and the socket's buffer are both bounded, and a
 * client that overflows them gets `orq.resync` and no more transitions until it resumes.
 */
import type { StreamFilter, TransitionRecord } from '../../engine/index.js';
import type { ResyncReason, StreamServerMessage, StreamTransition } from './protocol.js';

/** What the session needs of the engine. */
export interface TransitionSource {
  subscribe(listener: (t: TransitionRecord) => void, filter?: StreamFilter): () => void;
  transitionsAfter(
    position: string,
    filter?: StreamFilter,
    limit?: number,
  ): Promise<TransitionRecord[]>;
  latestPosition(): Promise<string>;
}

/** What the session needs of the socket (a `ws` WebSocket fits). */
export interface StreamSocket {
  /** Bytes queued by send() and not yet handed to the network. */
  readonly bufferedAmount: number;
  send(data: string, callback: (err?: Error) => void): void;
}

export interface StreamSessionOptions {
  source: TransitionSource;
  socket: StreamSocket;
  filter: StreamFilter;
  /** Transitions waiting to be sent before the client is told to resync. */
  maxQueuedTransitions: number;
  /** Bytes in the socket's buffer above which sending pauses. */
  maxBufferedBytes: number;
  /** Transitions read per replay query. */
  replayPageSize: number;
  onError(err: unknown): void;
}

type SessionState = 'idle' | 'replaying' | 'live' | 'resynced' | 'closed';

export class StreamSession {
  #state: SessionState = 'idle';
  #queue: TransitionRecord[] = [];
  /** Highest position sent on this connection (BigInt: positions are decimal strings). */
  #lastSent: bigint | null = null;
  /** Where a client that must resync resumes when nothing was sent yet. */
  #resumePoint = '0';
  #unsubscribe: (() => void) | null = null;
  #pumpScheduled = false;
  #drainWaiters: Array<() => void> = [];
  /** Bumped on every open() and close(): an older replay loop sees it and stops. */
  #generation = 0;

  constructor(private readonly options: StreamSessionOptions) {}

  get state(): SessionState {
    return this.#state;
  }

  get queued(): number {
    return this.#queue.length;
  }

  /** Starts (or restarts) the stream: from `after` when given, otherwise live. */
  async open(after: string | null): Promise<void> {
    if (this.#state === 'closed') return;
    const generation = ++this.#generation;
    this.#unsubscribe?.();
    this.#queue = [];
    this.#lastSent = null;
    this.#state = 'replaying';
    const { source, filter } = this.options;
    this.#unsubscribe = source.subscribe((t) => this.#enqueue(t), filter);
    const latest = await source.latestPosition();
    if (!this.#current(generation)) return;
    this.#resumePoint = after ?? latest;
    this.#send({
      type: 'orq.hello',
      position: latest,
      resumeFrom: after,
      filter: { machine: filter.machine ?? null, instanceId: filter.instanceId ?? null },
    });
    if (after !== null) {
      let cursor = after;
      for (;;) {
        const page = await source.transitionsAfter(cursor, filter, this.options.replayPageSize);
        if (!this.#current(generation)) return;
        for (const t of page) this.#sendTransition(t);
        const last = page.at(-1);
        if (!last || page.length < this.options.replayPageSize) break;
        cursor = last.position;
        await this.#drained();
        if (!this.#current(generation)) return;
      }
      this.#send({ type: 'orq.live', position: this.#lastSentPosition() ?? after });
    }
    this.#state = 'live';
    this.#pump();
  }

  close(): void {
    this.#generation++;
    this.#state = 'closed';
    this.#stop();
  }

  #lastSentPosition(): string | null {
    return this.#lastSent === null ? null : this.#lastSent.toString();
  }

  #current(generation: number): boolean {
    return generation === this.#generation && this.#state === 'replaying';
  }

  /** The engine's listener: enqueue, never block. */
  #enqueue(t: TransitionRecord): void {
    if (this.#state !== 'replaying' && this.#state !== 'live') return;
    this.#queue.push(t);
    if (this.#queue.length > this.options.maxQueuedTransitions) {
      const reason: ResyncReason =
        this.options.socket.bufferedAmount > this.options.maxBufferedBytes
          ? 'socket-backpressure'
          : 'buffer-overflow';
      this.#resync(reason);
      return;
    }
    if (this.#state === 'live' && !this.#pumpScheduled) {
      this.#pumpScheduled = true;
      queueMicrotask(() => {
        this.#pumpScheduled = false;
        this.#pump();
      });
    }
  }

  #pump(): void {
    while (this.#state === 'live' && this.#queue.length > 0) {
      if (this.options.socket.bufferedAmount > this.options.maxBufferedBytes) return; // resumes on drain
      const t = this.#queue.shift()!;
      this.#sendTransition(t);
    }
  }

  #sendTransition(t: TransitionRecord): void {
    const position = BigInt(t.position);
    if (this.#lastSent !== null && position <= this.#lastSent) return; // replayed already
    this.#lastSent = position;
    this.#send(toStreamTransition(t));
  }

  #resync(reason: ResyncReason): void {
    this.#generation++;
    this.#state = 'resynced';
    const position = this.#lastSentPosition() ?? this.#resumePoint;
    this.#stop();
    this.#send({ type: 'orq.resync', reason, position });
  }

  #stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#queue = [];
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const wake of waiters) wake();
  }

  #send(message: StreamServerMessage): void {
    this.options.socket.send(JSON.stringify(message), (err) => {
      if (err) {
        this.options.onError(err);
        return;
      }
      this.#onFlushed();
    });
  }

  #onFlushed(): void {
    if (this.options.socket.bufferedAmount > this.options.maxBufferedBytes) return;
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const wake of waiters) wake();
    this.#pump();
  }

  /** Resolves once the socket's buffer is under the limit (at once when it is). */
  #drained(): Promise<void> {
    if (this.options.socket.bufferedAmount <= this.options.maxBufferedBytes) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }
}

export function toStreamTransition(t: TransitionRecord): StreamTransition {
  return {
    type: 'orq.transition',
    instanceId: t.instanceId,
    machine: t.machine,
    version: t.version,
    seq: t.seq,
    event: t.event,
    from: t.from,
    to: t.to,
    status: t.status,
    at: t.at,
    position: t.position,
    contextChanges: t.contextChanges,
  };
}

/** A WebSocket client for the stream tests: records every message and waits on conditions. */
import { WebSocket } from 'ws';
import type { StreamServerMessage, StreamTransition } from '../stream/protocol.js';

export class StreamRecorder {
  readonly messages: StreamServerMessage[] = [];
  readonly socket: WebSocket;
  readonly #waiters = new Set<() => void>();
  #closed = false;

  constructor(url: string, headers: Record<string, string> = {}) {
    this.socket = new WebSocket(url, { headers });
    this.socket.on('message', (data: Buffer) => {
      this.messages.push(JSON.parse(data.toString('utf8')) as StreamServerMessage);
      this.#wake();
    });
    this.socket.on('close', () => {
      this.#closed = true;
      this.#wake();
    });
  }

  get transitions(): StreamTransition[] {
    return this.messages.filter((m): m is StreamTransition => m.type === 'orq.transition');
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Resolves when `check` holds after some message arrived; rejects after `timeoutMs`. */
  until(
    check: (r: StreamRecorder) => boolean,
    timeoutMs = 15_000,
    what = 'stream condition',
  ): Promise<void> {
    if (check(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(
          new Error(
            `Timed out after ${timeoutMs} ms waiting for ${what} (${this.messages.length} messages)`,
          ),
        );
      }, timeoutMs);
      const waiter = () => {
        if (!check(this)) return;
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        resolve();
      };
      this.#waiters.add(waiter);
    });
  }

  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Drops the connection without a closing handshake, as a network failure would. */
  drop(): void {
    this.socket.terminate();
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    const closed = this.until((r) => r.closed, 5_000, 'close');
    this.socket.close();
    return closed;
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}

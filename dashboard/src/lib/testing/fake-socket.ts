/**
 * A stand-in for the browser's WebSocket, for the stream client's pure unit tests only (the
 * browser tests use the real stream of a real API). The test plays the server: it opens, sends
 * messages and closes each socket by hand.
 */
import type { SocketLike } from '../services/stream-client.js';

export class FakeSocket implements SocketLike {
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  closedWith: { code?: number; reason?: string } | null = null;

  constructor(readonly url: string) {}

  get query(): URLSearchParams {
    return new URL(this.url).searchParams;
  }

  close(code?: number, reason?: string): void {
    this.closedWith = {
      ...(code !== undefined ? { code } : {}),
      ...(reason !== undefined ? { reason } : {}),
    };
  }

  /** The server sends a message. */
  receive(message: object): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }

  /** The connection drops (or the server closes it). */
  drop(code = 1006): void {
    this.onclose?.({ code, reason: '' });
  }
}

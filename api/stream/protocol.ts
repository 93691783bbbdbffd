/**
 * The WebSocket stream's messages (`/api/stream`), a union on `type`. The dashboard and the CLI
 * import these with `import type`; keep this file free of runtime imports.
 *
 * Server → client:
 * - `orq.hello` once on connect: the newest stream position, and where replay starts.
 * - `orq.transition` for every committed transition matching the filter, in position order.
 * - `orq.live` once the replay requested with `after` has been sent: from here on, live.
 * - `orq.resync` when the client fell behind (its buffer overflowed): no more transitions are sent
 *   on this connection until it resumes. Refetch state over REST, then reconnect with
 *   `?after=<position>` or send `orq.resume` on the same socket.
 * - `orq.error` for a bad client message or a failed replay.
 *
 * Client → server:
 * - `orq.resume { after }` restarts the stream on the same socket from a position.
 */

export type StateValue = string | { [region: string]: StateValue };

export interface StreamContextChange {
  path: string;
  op: 'add' | 'remove' | 'replace';
  from?: unknown;
  to?: unknown;
}

export interface StreamHello {
  type: 'orq.hello';
  /** The newest committed position when the connection opened. */
  position: string;
  /** The `after` the client asked for, or null when it started live. */
  resumeFrom: string | null;
  filter: { machine: string | null; instanceId: string | null };
}

export interface StreamTransition {
  type: 'orq.transition';
  instanceId: string;
  machine: string;
  version: number;
  /** Counts this instance's transitions from 1. */
  seq: number;
  event: { type: string; [key: string]: unknown };
  from: StateValue | null;
  to: StateValue;
  status: 'active' | 'paused' | 'done' | 'failed' | 'cancelled';
  at: string;
  /** Orders the whole stream; pass the last one seen as `after` to resume. */
  position: string;
  contextChanges: StreamContextChange[];
}

export interface StreamLive {
  type: 'orq.live';
  /** The last position replayed (the `after` asked for when there was nothing to replay). */
  position: string;
}

export type ResyncReason = 'buffer-overflow' | 'socket-backpressure';

export interface StreamResync {
  type: 'orq.resync';
  reason: ResyncReason;
  /** The last position this client was sent: resume after it. */
  position: string;
}

export interface StreamError {
  type: 'orq.error';
  code: string;
  detail: string;
}

export type StreamServerMessage =
  StreamHello | StreamTransition | StreamLive | StreamResync | StreamError;

export interface StreamResume {
  type: 'orq.resume';
  after: string;
}

export type StreamClientMessage = StreamResume;

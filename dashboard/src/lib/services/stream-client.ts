/**
 * The live side of the API: one WebSocket on `/api/stream` that never gives up.
 *
 * - Reconnects with exponential backoff and jitter; the status says `reconnecting`, then `offline`
 *   after a few failed attempts (it keeps trying, at the capped delay).
 * - Resumes with `?after=<last position seen>`, so a dropped connection loses no transition; the
 *   replay overlaps nothing because positions at or before the last one are dropped.
 * - On `orq.resync` (this client fell behind and the server stopped sending) or a failed replay,
 *   it reconnects live (no `after`) and, once the server said hello, calls `onResync` so the views
 *   refetch over REST. Transitions after that hello arrive live, so the refetch misses nothing.
 *
 * Timers, randomness and the socket are injectable: the unit tests drive it by hand.
 */
import type { StreamServerMessage, StreamTransition } from '../api-types.js';
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffPolicy } from '../utilities/backoff.js';
import { isAfter } from '../utilities/compare-positions.js';
import { browserTimers, type Timers } from '../utilities/throttle.js';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'stopped';

export interface StreamStatus {
  state: ConnectionState;
  /** Failed connection attempts in a row. */
  attempt: number;
  lastPosition: string | null;
  /** When the next attempt is due (ms since epoch, per the injected clock), while waiting. */
  retryAt: number | null;
}

/** The part of the browser's WebSocket the client uses. */
export interface SocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(code?: number, reason?: string): void;
}

export interface StreamClientOptions {
  /** ws:// or wss:// URL of `/api/stream`. */
  url: string;
  filter?: { machine?: string; instance?: string };
  token?: () => string | null;
  signal: AbortSignal;
  onTransition(transition: StreamTransition): void;
  /** The client missed transitions it cannot replay: refetch state over REST. */
  onResync?(): void;
  onStatus?(status: StreamStatus): void;
  createSocket?(url: string): SocketLike;
  timers?: Timers;
  random?: () => number;
  backoff?: BackoffPolicy;
  /** Failed attempts in a row after which the status says offline. @default 3 */
  offlineAfterAttempts?: number;
}

export interface StreamClient {
  status(): StreamStatus;
  /** Skips the wait of a pending retry. */
  reconnectNow(): void;
}

const CLOSE_RESYNC = 4000;

export function startStreamClient(options: StreamClientOptions): StreamClient {
  const timers = options.timers ?? browserTimers;
  const createSocket = (url: string): SocketLike =>
    options.createSocket ? options.createSocket(url) : (new WebSocket(url) as SocketLike);
  const offlineAfter = options.offlineAfterAttempts ?? 3;
  const status: StreamStatus = {
    state: 'connecting',
    attempt: 0,
    lastPosition: null,
    retryAt: null,
  };
  let socket: SocketLike | null = null;
  let retryTimer: unknown = null;
  /** The next connection starts live and tells the views to refetch. */
  let needsResync = false;

  const publish = (patch: Partial<StreamStatus>) => {
    Object.assign(status, patch);
    options.onStatus?.({ ...status });
  };

  const urlFor = (after: string | null) => {
    const url = new URL(options.url);
    if (options.filter?.machine) url.searchParams.set('machine', options.filter.machine);
    if (options.filter?.instance) url.searchParams.set('instance', options.filter.instance);
    if (after !== null) url.searchParams.set('after', after);
    const token = options.token?.();
    if (token) url.searchParams.set('token', token);
    return url.toString();
  };

  const connect = () => {
    retryTimer = null;
    if (options.signal.aborted) return;
    const after = needsResync ? null : status.lastPosition;
    const ws = createSocket(urlFor(after));
    socket = ws;
    publish({ retryAt: null });
    ws.onmessage = (event) => {
      if (socket !== ws) return;
      const message = parse(event.data);
      if (message) onMessage(ws, message);
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = null;
      if (options.signal.aborted) return;
      if (event.code === CLOSE_RESYNC) connect();
      else scheduleRetry();
    };
    ws.onerror = () => undefined; // a close event always follows
  };

  const onMessage = (ws: SocketLike, message: StreamServerMessage) => {
    switch (message.type) {
      case 'orq.hello': {
        const resync = needsResync;
        if (status.lastPosition === null || resync) status.lastPosition = message.position;
        needsResync = false;
        publish({
          attempt: 0,
          state: message.resumeFrom === null ? 'live' : status.state,
        });
        if (resync) options.onResync?.();
        return;
      }
      case 'orq.live':
        publish({ state: 'live', attempt: 0 });
        return;
      case 'orq.transition':
        if (!isAfter(message.position, status.lastPosition)) return;
        status.lastPosition = message.position;
        options.onTransition(message);
        return;
      case 'orq.resync':
        needsResync = true;
        ws.close(CLOSE_RESYNC, 'resync');
        // Browsers fire onclose asynchronously; do not wait for it.
        if (socket === ws) {
          socket = null;
          connect();
        }
        return;
      case 'orq.error':
        // A failed replay cannot be trusted: start live and refetch instead.
        needsResync = true;
        return;
    }
  };

  const scheduleRetry = () => {
    const attempt = status.attempt + 1;
    const delay = backoffDelayMs(attempt, options.backoff ?? DEFAULT_BACKOFF, options.random);
    publish({
      attempt,
      state: attempt > offlineAfter ? 'offline' : 'reconnecting',
      retryAt: timers.now() + delay,
    });
    retryTimer = timers.set(connect, delay);
  };

  options.signal.addEventListener(
    'abort',
    () => {
      if (retryTimer !== null) timers.clear(retryTimer);
      retryTimer = null;
      const ws = socket;
      socket = null;
      ws?.close(1000, 'done');
      publish({ state: 'stopped', retryAt: null });
    },
    { once: true },
  );

  connect();
  return {
    status: () => ({ ...status }),
    reconnectNow() {
      if (retryTimer === null || options.signal.aborted) return;
      timers.clear(retryTimer);
      connect();
    },
  };
}

function parse(data: unknown): StreamServerMessage | null {
  if (typeof data !== 'string') return null;
  try {
    const message = JSON.parse(data) as { type?: unknown };
    return typeof message.type === 'string' ? (message as StreamServerMessage) : null;
  } catch {
    return null;
  }
}

/**
 * The app's single live stream: one WebSocket for every view, its status for the connection
 * indicator, and a small fan-out so views subscribe to transitions and to resyncs (after which
 * they refetch over REST) and unsubscribe when they unmount.
 */
import type { StreamTransition } from '../api-types.js';
import {
  startStreamClient,
  type StreamClient,
  type StreamStatus,
} from '../services/stream-client.js';
import { apiToken } from './api.js';

type TransitionListener = (t: StreamTransition) => void;
type ResyncListener = () => void;

const transitionListeners = new Set<TransitionListener>();
const resyncListeners = new Set<ResyncListener>();

export const connection = $state<{ status: StreamStatus; transitionsSeen: number }>({
  status: { state: 'connecting', attempt: 0, lastPosition: null, retryAt: null },
  transitionsSeen: 0,
});

let client: StreamClient | null = null;

/** Starts the stream once for the app; returns the stopper. */
export function startLive(): () => void {
  const controller = new AbortController();
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  client = startStreamClient({
    url: `${scheme}//${window.location.host}/api/stream`,
    token: apiToken,
    signal: controller.signal,
    onTransition: (t) => {
      connection.transitionsSeen += 1;
      for (const l of transitionListeners) l(t);
    },
    onResync: () => {
      for (const l of resyncListeners) l();
    },
    onStatus: (status) => {
      connection.status = status;
    },
  });
  const online = () => client?.reconnectNow();
  window.addEventListener('online', online);
  return () => {
    window.removeEventListener('online', online);
    controller.abort();
    client = null;
  };
}

export function reconnectNow(): void {
  client?.reconnectNow();
}

export function onTransition(listener: TransitionListener): () => void {
  transitionListeners.add(listener);
  return () => transitionListeners.delete(listener);
}

export function onResync(listener: ResyncListener): () => void {
  resyncListeners.add(listener);
  return () => resyncListeners.delete(listener);
}

/**
 * Fan-out of committed transitions to live subscribers (the WebSocket stream, the CLI's watch).
 * Listeners are called synchronously after the commit and must only enqueue: a slow subscriber
 * must never slow the engine. A throwing listener is isolated.
 */
import type { Logger } from '../logger.js';
import type { TransitionRecord } from '../types.js';

export interface TransitionFilter {
  machine?: string;
  instanceId?: string;
}

type Listener = (t: TransitionRecord) => void;

export class TransitionBus {
  readonly #listeners = new Map<Listener, TransitionFilter>();

  constructor(private readonly logger: Logger) {}

  subscribe(listener: Listener, filter: TransitionFilter = {}): () => void {
    this.#listeners.set(listener, filter);
    return () => this.#listeners.delete(listener);
  }

  publish(transitions: TransitionRecord[]): void {
    if (this.#listeners.size === 0) return;
    for (const t of transitions) {
      for (const [listener, f] of this.#listeners) {
        if (f.machine && f.machine !== t.machine) continue;
        if (f.instanceId && f.instanceId !== t.instanceId) continue;
        try {
          listener(t);
        } catch (err) {
          this.logger.warn({ err: (err as Error).message }, 'transition listener threw');
        }
      }
    }
  }

  get size(): number {
    return this.#listeners.size;
  }
}

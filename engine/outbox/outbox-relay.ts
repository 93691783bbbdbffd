/**
 * Publishes committed outbox rows, oldest first (so in order per instance), each with a message id
 * header; marks them published afterwards. At least once: a crash between publish and mark
 * publishes again, and consumers dedupe by message id. Runs after each commit that wrote messages,
 * and on a poll for rows a crashed process left behind.
 */
import type { Clock, TimerHandle } from '../clock.js';
import type { Logger } from '../logger.js';
import type { InstanceStore } from '../store/store.js';
import type { EngineMetrics } from '../telemetry/metrics.js';
import {
  HEADER_INSTANCE_ID,
  HEADER_MESSAGE_ID,
  type MessagePublisher,
} from '../transport/transport.js';

export interface OutboxRelayOptions {
  pollIntervalMs: number;
  batchSize: number;
}

export class OutboxRelay {
  #running = false;
  #flushing: Promise<void> | null = null;
  #again = false;
  #pollHandle: TimerHandle | null = null;

  constructor(
    private readonly deps: {
      store: InstanceStore;
      publisher: MessagePublisher;
      clock: Clock;
      logger: Logger;
      metrics: EngineMetrics;
      options: OutboxRelayOptions;
    },
  ) {}

  start(): void {
    this.#running = true;
    this.kick();
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#pollHandle !== null) this.deps.clock.clearTimeout(this.#pollHandle);
    await this.#flushing;
  }

  kick(): void {
    if (!this.#running) return;
    if (this.#flushing) {
      this.#again = true;
      return;
    }
    this.#flushing = this.#flush().finally(() => {
      this.#flushing = null;
      if (this.#again) {
        this.#again = false;
        this.kick();
      }
    });
  }

  async #flush(): Promise<void> {
    try {
      for (;;) {
        const rows = await this.deps.store.unpublishedOutbox(this.deps.options.batchSize);
        if (rows.length === 0) break;
        await this.deps.publisher.publish(
          rows.map((r) => ({
            topic: r.topic,
            key: r.key,
            value: r.value,
            headers: {
              ...r.headers,
              [HEADER_MESSAGE_ID]: r.messageId,
              [HEADER_INSTANCE_ID]: r.instanceId,
            },
          })),
        );
        await this.deps.store.markPublished(
          rows.map((r) => r.id),
          this.deps.clock.now(),
        );
        for (const r of rows) this.deps.metrics.messagePublished(r.topic);
        if (rows.length < this.deps.options.batchSize || !this.#running) break;
      }
    } catch (err) {
      this.deps.metrics.error('outbox');
      this.deps.logger.warn({ err: (err as Error).message }, 'outbox publish failed; will retry');
    } finally {
      if (this.#pollHandle !== null) this.deps.clock.clearTimeout(this.#pollHandle);
      if (this.#running)
        this.#pollHandle = this.deps.clock.setTimeout(
          () => this.kick(),
          this.deps.options.pollIntervalMs,
        );
    }
  }
}

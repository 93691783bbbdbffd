/**
 * Commits applied offsets in the background, so the fetch loop never waits on an OffsetCommit
 * round trip (a broker hiccup there would stall every partition of the replica). Only offsets the
 * ingress marked applied are committed; a commit that fails, or one sent after the partition moved
 * to another replica, costs at most a redelivery, which the engine's inbox dedupes.
 */
import type { Consumer } from 'kafkajs';
import type { Logger } from '../../logger.js';

export class OffsetCommitter {
  readonly #pending = new Map<string, { topic: string; partition: number; offset: string }>();
  #flushing: Promise<void> | null = null;

  constructor(
    private readonly consumer: () => Consumer | null,
    private readonly logger: Logger,
  ) {}

  /** Records `offset` (the next one to read) as committable and starts a commit if none is out. */
  commit(topic: string, partition: number, offset: string): void {
    this.#pending.set(`${topic}\u0000${partition}`, { topic, partition, offset });
    if (!this.#flushing) this.#flushing = this.#flush();
  }

  /** Waits until everything recorded so far was committed (or failed). */
  async drain(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async #flush(): Promise<void> {
    try {
      while (this.#pending.size > 0) {
        const offsets = [...this.#pending.values()];
        this.#pending.clear();
        const consumer = this.consumer();
        if (!consumer) return;
        try {
          await consumer.commitOffsets(offsets);
        } catch (err) {
          this.logger.warn(
            { partitions: offsets.length, err: (err as Error).message },
            'offset commit failed; those records may be redelivered (and deduped)',
          );
        }
      }
    } finally {
      this.#flushing = null;
    }
  }
}

/**
 * The in-process transport of embedded mode: topics as in-memory fan-out, so `npm start` is a
 * complete orchestrator with no broker. Messages are delivered after the commit that produced them,
 * in order per topic; a failing subscriber never stops the others.
 */
import type { Logger } from '../../logger.js';
import type { MessagePublisher, OutgoingRecord } from '../transport.js';

export type TopicHandler = (record: OutgoingRecord) => void | Promise<void>;

export class LocalTopics implements MessagePublisher {
  readonly #subscribers = new Map<string, Set<TopicHandler>>();
  readonly #log: OutgoingRecord[] = [];

  constructor(
    private readonly logger?: Logger,
    private readonly keepLast = 1000,
  ) {}

  subscribe(topic: string, handler: TopicHandler): () => void {
    const set = this.#subscribers.get(topic) ?? new Set<TopicHandler>();
    set.add(handler);
    this.#subscribers.set(topic, set);
    return () => set.delete(handler);
  }

  async publish(records: OutgoingRecord[]): Promise<void> {
    for (const record of records) {
      this.#log.push(record);
      if (this.#log.length > this.keepLast) this.#log.shift();
      for (const handler of this.#subscribers.get(record.topic) ?? []) {
        try {
          await handler(record);
        } catch (err) {
          this.logger?.warn(
            { topic: record.topic, err: (err as Error).message },
            'local subscriber failed',
          );
        }
      }
    }
  }

  /** The most recent records (all topics, or one), oldest first. */
  recent(topic?: string): OutgoingRecord[] {
    return topic ? this.#log.filter((r) => r.topic === topic) : [...this.#log];
  }
}

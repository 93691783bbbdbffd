/**
 * One idempotent kafkajs producer shared by the outbox publisher, task dispatch and dead letters.
 * The idempotent producer allows one request in flight, so sends are grouped: while a request is
 * out, new messages queue up and leave together in the next `sendBatch` (the busier, the bigger
 * the batches: the producer-side twin of the engine's group commit). Order is kept per topic and
 * partition; each caller's promise settles with the request that carried its messages.
 */
import type { Message, Producer } from 'kafkajs';

interface Pending {
  topic: string;
  messages: Message[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class BatchingProducer {
  #queue: Pending[] = [];
  #flushing: Promise<void> | null = null;

  constructor(private readonly producer: Producer) {}

  /** Resolves once the broker acknowledged (acks = all) every message. */
  send(topic: string, messages: Message[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#queue.push({ topic, messages, resolve, reject });
      this.#flushing ??= this.#flush();
    });
  }

  /** Waits until everything queued so far has been sent (or failed). */
  async drain(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async #flush(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue;
        this.#queue = [];
        const byTopic = new Map<string, Message[]>();
        for (const p of batch) {
          const list = byTopic.get(p.topic) ?? [];
          list.push(...p.messages);
          byTopic.set(p.topic, list);
        }
        try {
          await this.producer.sendBatch({
            topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
            acks: -1,
          });
          for (const p of batch) p.resolve();
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.#flushing = null;
    }
  }
}

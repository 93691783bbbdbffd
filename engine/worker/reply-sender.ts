/**
 * Sends result messages in groups: while one request is out, replies queue and leave together in
 * the next. Each caller's promise settles with the request that carried its reply.
 */
import type { Message, Producer } from 'kafkajs';

interface Queued {
  topic: string;
  message: Message;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class ReplySender {
  #queue: Queued[] = [];
  #flushing: Promise<void> | null = null;

  constructor(private readonly producer: Producer) {}

  send(topic: string, message: Message): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ topic, message, resolve, reject });
      if (!this.#flushing) this.#flushing = this.#flush();
    });
  }

  async #flush(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue;
        this.#queue = [];
        const byTopic = new Map<string, Message[]>();
        for (const q of batch) byTopic.set(q.topic, [...(byTopic.get(q.topic) ?? []), q.message]);
        try {
          await this.producer.sendBatch({
            topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
          });
          for (const q of batch) q.resolve();
        } catch (err) {
          for (const q of batch) q.reject(err);
        }
      }
    } finally {
      this.#flushing = null;
    }
  }
}

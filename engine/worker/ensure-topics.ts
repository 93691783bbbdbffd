/**
 * Creates the topics that do not exist yet and waits until the broker serves metadata for all of
 * them. kafkajs's own `waitForLeaders` gives up when a fresh topic briefly answers "does not host
 * this topic-partition" (seen on Kafka 4.x), so readiness is polled here instead. Safe when several
 * processes create the same topics at once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ITopicConfig, Kafka } from 'kafkajs';

const READY_TIMEOUT_MS = 30_000;

export async function ensureTopics(kafka: Kafka, topics: ITopicConfig[]): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      await admin.createTopics({ topics: missing, waitForLeaders: false }).catch((err: unknown) => {
        if (!/already exists/i.test((err as Error).message)) throw err;
      });
    }
    const names = topics.map((t) => t.topic);
    const deadline = performance.now() + READY_TIMEOUT_MS;
    for (let delayMs = 20; ; delayMs = Math.min(delayMs * 2, 500)) {
      try {
        const { topics: meta } = await admin.fetchTopicMetadata({ topics: names });
        if (meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)))
          break;
      } catch (err) {
        if (performance.now() > deadline) throw err;
      }
      if (performance.now() > deadline)
        throw new Error(`topics not ready after ${READY_TIMEOUT_MS} ms: ${names.join(', ')}`);
      await sleep(delayMs); // waiting on the broker, not on workflow time
    }
    return missing.map((t) => t.topic);
  } finally {
    await admin.disconnect();
  }
}

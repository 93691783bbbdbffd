/** Waits until a Kafka broker answers Metadata requests as the cluster we formatted. */
import { setTimeout as delay } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';

export interface WaitForKafkaInput {
  broker: string;
  /** The cluster id we formatted the storage with; another broker on the port has another one. */
  clusterId: string;
  timeoutMs: number;
  /** Returns a reason when the broker process is gone, so we stop waiting at once. */
  exitReason: () => string | undefined;
}

const POLL_INTERVAL_MS = 100;

export async function waitForKafka(input: WaitForKafkaInput): Promise<void> {
  const deadline = Date.now() + input.timeoutMs;
  const kafka = new Kafka({
    clientId: 'orq-kafka-ready',
    brokers: [input.broker],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 2_000,
    retry: { retries: 0 },
  });
  let lastError = 'no answer yet';
  for (;;) {
    const exited = input.exitReason();
    if (exited) throw new Error(`the broker process ${exited}`);
    if (Date.now() > deadline) {
      throw new Error(`not ready after ${input.timeoutMs} ms (last check: ${lastError})`);
    }
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.clusterId !== input.clusterId) {
        throw new WrongClusterError(
          `${input.broker} answers as cluster ${cluster.clusterId}, not ${input.clusterId}: ` +
            'is another Kafka broker using this port?',
        );
      }
      if (cluster.brokers.length > 0) {
        await admin.listTopics();
        return;
      }
      lastError = 'the cluster lists no broker yet';
    } catch (err) {
      if (err instanceof WrongClusterError) throw err;
      lastError = err instanceof Error ? err.message : String(err);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await delay(POLL_INTERVAL_MS);
  }
}

class WrongClusterError extends Error {}

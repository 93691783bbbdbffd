/**
 * vitest global setup: a real Kafka broker for the integration tests. Uses KAFKA_BROKERS
 * (comma-separated host:port) when set, otherwise starts a single-node KRaft broker
 * (./kafka-broker.ts) on free loopback ports with a temporary data directory, and stops it
 * afterwards. Tests read `inject('kafkaBrokers')` (see ./kafka-test-client.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from './free-port.js';
import { startKafkaBroker } from './kafka-broker.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.KAFKA_BROKERS;
  if (external) {
    project.provide('kafkaBrokers', external);
    project.provide('kafkaVersion', 'external (KAFKA_BROKERS)');
    console.log(`[kafka] using KAFKA_BROKERS=${external}`);
    return () => Promise.resolve();
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'orq-test-kafka-'));
  const started = Date.now();
  const port = await freePort();
  let controllerPort = await freePort();
  while (controllerPort === port) controllerPort = await freePort();
  const broker = await startKafkaBroker({ dataDir, port, controllerPort }).catch((err: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  const brokers = broker.brokers.join(',');
  console.log(
    `[kafka] broker ${broker.version} at ${brokers}, ready in ${Date.now() - started} ms`,
  );
  project.provide('kafkaBrokers', brokers);
  project.provide('kafkaVersion', broker.version);
  return async () => {
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

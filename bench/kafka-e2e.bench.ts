/**
 * Kafka scenario of `npm run bench`: events produced to a route topic of a real broker until their
 * transition is committed (observed on the engine's transition stream, fed by its own commits).
 * Prints figures; asserts nothing. Uses DATABASE_URL and KAFKA_BROKERS when set, otherwise starts
 * an embedded PostgreSQL and a single-node Kafka broker on this machine.
 *   (k1) flat out: 100,000 TICK events for 10,000 counter instances → events/s, latency p50/p99
 *   (k2) paced at 2,000 events/s for 10 s → latency p50/p99/max
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, Partitioners, type Message, type Producer } from 'kafkajs';
import {
  noopEngineMetrics,
  startEmbeddedPostgres,
  type EngineMetrics,
  type OrqEngine,
} from '../engine/index.js';
import { defineRoute } from '../engine/ingress/routes.js';
import { startKafkaEngine, type KafkaEngine } from '../engine/transport/kafka/index.js';
import { freePort } from '../test/setup/free-port.js';
import { startKafkaBroker } from '../test/setup/kafka-broker.js';
import { counterWorkflow } from './bench-workflows.js';
import { pool, rate, summarize } from './stats.js';

const INSTANCES = 10_000;
const FLAT_EVENTS = 100_000;
const PACED_RATE = 2_000;
const PACED_SECONDS = 10;
const TOPIC = 'bench.ticks';
const line = (label: string, value: string) => console.log(`  ${label.padEnd(38)} ${value}`);

/** Group commits of the engine while a scenario runs: how much of the latency is Postgres. */
const commits = { sizes: [] as number[], ms: [] as number[] };
const probe: EngineMetrics = {
  ...noopEngineMetrics,
  commitBatch: (size, seconds) => {
    commits.sizes.push(size);
    commits.ms.push(seconds * 1000);
  },
};
const resetCommits = () => {
  commits.sizes.length = 0;
  commits.ms.length = 0;
};
const printCommits = () => {
  const c = summarize(commits.ms);
  const avg = commits.sizes.reduce((a, b) => a + b, 0) / Math.max(1, commits.sizes.length);
  line(
    'Postgres group commit p50 / p99',
    `${c.p50} / ${c.p99} (avg ${avg.toFixed(0)} events each)`,
  );
};

/** Event index → when it was handed to the producer; resolves latencies as transitions commit. */
class Tracker {
  readonly sentAt = new Map<number, number>();
  readonly latencies: number[] = [];
  lastCommitAt = 0;
  #waiting: { count: number; resolve: () => void } | null = null;

  constructor(engine: OrqEngine) {
    engine.subscribe((t) => {
      const i = (t.event as { i?: unknown }).i;
      if (typeof i !== 'number') return;
      const sent = this.sentAt.get(i);
      if (sent === undefined) return;
      this.sentAt.delete(i);
      const now = performance.now();
      this.latencies.push(now - sent);
      this.lastCommitAt = now;
      if (this.#waiting && this.latencies.length >= this.#waiting.count) this.#waiting.resolve();
    });
  }

  reset(): void {
    this.sentAt.clear();
    this.latencies.length = 0;
  }

  until(count: number): Promise<void> {
    if (this.latencies.length >= count) return Promise.resolve();
    return new Promise((resolve) => (this.#waiting = { count, resolve }));
  }
}

const tick = (i: number): Message => {
  const key = `k-${i % INSTANCES}`;
  return { key, value: JSON.stringify({ key, i }) };
};

async function flatOut(producer: Producer, tracker: Tracker, first: number): Promise<void> {
  console.log(
    `\n(k1) ${FLAT_EVENTS.toLocaleString('en-US')} events for ${INSTANCES.toLocaleString('en-US')} instances, flat out`,
  );
  tracker.reset();
  resetCommits();
  const started = performance.now();
  const chunks: number[][] = [];
  for (let i = 0; i < FLAT_EVENTS; i += 2_000)
    chunks.push(Array.from({ length: Math.min(2_000, FLAT_EVENTS - i) }, (_, j) => first + i + j));
  await pool(chunks, 2, async (chunk) => {
    const now = performance.now();
    for (const i of chunk) tracker.sentAt.set(i, now);
    await producer.send({ topic: TOPIC, messages: chunk.map(tick) });
  });
  const produced = performance.now();
  await tracker.until(FLAT_EVENTS);
  const l = summarize(tracker.latencies);
  line(
    'produced (acks=all)',
    `${((produced - started) / 1000).toFixed(1)} s (${rate(FLAT_EVENTS, produced - started)})`,
  );
  line('end to end: produce → committed', `${rate(FLAT_EVENTS, tracker.lastCommitAt - started)}`);
  line('latency p50 / p99 (queueing included)', `${l.p50} / ${l.p99}`);
  printCommits();
}

async function paced(producer: Producer, tracker: Tracker, first: number): Promise<void> {
  console.log(
    `\n(k2) paced at ${PACED_RATE.toLocaleString('en-US')} events/s for ${PACED_SECONDS} s`,
  );
  tracker.reset();
  resetCommits();
  const total = PACED_RATE * PACED_SECONDS;
  const started = performance.now();
  let next = 0;
  const sends: Array<Promise<unknown>> = [];
  while (next < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * PACED_RATE));
    if (due > next) {
      const now = performance.now();
      const messages: Message[] = [];
      for (; next < due; next++) {
        tracker.sentAt.set(first + next, now);
        messages.push(tick(first + next));
      }
      sends.push(producer.send({ topic: TOPIC, messages }));
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await Promise.all(sends);
  await tracker.until(total);
  const l = summarize(tracker.latencies);
  line('produce → committed p50 / p99 / max', `${l.p50} / ${l.p99} / ${l.max}`);
  line('achieved rate', rate(total, tracker.lastCommitAt - started));
  printCommits();
}

export async function runKafkaBench(): Promise<void> {
  console.log('\n(kafka) end to end through a real broker: produce → committed transition');
  const cleanups: Array<() => Promise<void>> = [];
  try {
    let url = process.env.DATABASE_URL;
    if (!url) {
      const dir = mkdtempSync(join(tmpdir(), 'orq-bench-kafka-pg-'));
      const pg = await startEmbeddedPostgres({ dataDir: dir, port: await freePort() });
      cleanups.push(async () => {
        await pg.stop();
        rmSync(dir, { recursive: true, force: true });
      });
      url = await pg.ensureDatabase('bench_kafka');
    }
    let brokers = process.env.KAFKA_BROKERS?.split(',');
    if (!brokers) {
      const dir = mkdtempSync(join(tmpdir(), 'orq-bench-kafka-'));
      const broker = await startKafkaBroker({
        dataDir: dir,
        port: await freePort(),
        controllerPort: await freePort(),
      });
      cleanups.push(async () => {
        await broker.stop();
        rmSync(dir, { recursive: true, force: true });
      });
      brokers = broker.brokers;
      console.log(`  Kafka ${broker.version} at ${brokers.join(',')} (same machine)`);
    }
    const orq: KafkaEngine = await startKafkaEngine({
      databaseUrl: url,
      brokers,
      workflows: [counterWorkflow],
      routes: [
        defineRoute({
          topic: TOPIC,
          event: {
            machine: 'bench-counter',
            correlationKey: (m) => m.key ?? '',
            type: 'TICK',
            payload: (m) => ({ i: (m.value as { i: number }).i }),
          },
        }),
      ],
      groupId: `bench-${Date.now()}`,
      transitionFeed: 'local',
      metrics: probe,
      kafka: { partitions: 8, partitionsConsumedConcurrently: 8 },
    });
    cleanups.unshift(() => orq.stop());
    const { engine } = orq;
    const t0 = performance.now();
    await pool(
      Array.from({ length: INSTANCES }, (_, i) => i),
      256,
      async (i) => {
        await engine.startInstance({ machine: 'bench-counter', key: `k-${i}` });
      },
    );
    line(
      `started ${INSTANCES.toLocaleString('en-US')} instances`,
      `${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const kafka = new Kafka({ clientId: 'bench-producer', brokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    cleanups.unshift(() => producer.disconnect());
    const tracker = new Tracker(engine);

    // Warm-up: one event per instance (fills the key → instance cache and the instance cache).
    const tw = performance.now();
    await flatWarmUp(producer, tracker);
    line('warm-up: one event per instance', `${((performance.now() - tw) / 1000).toFixed(1)} s`);

    await flatOut(producer, tracker, 1_000_000);
    await paced(producer, tracker, 2_000_000);
    line('ingress', JSON.stringify(orq.transport.ingressStats));
    console.log(
      '\n  Beside the embedded mode, scenario (a) above (events sent through engine.sendEvent in the same\n' +
        '  process): Kafka adds the produce (acks=all), the fetch and the offset commit to each event;\n' +
        '  the step and the group commit in Postgres are the same.',
    );
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

async function flatWarmUp(producer: Producer, tracker: Tracker): Promise<void> {
  tracker.reset();
  const chunk: Message[] = [];
  const now = performance.now();
  for (let i = 0; i < INSTANCES; i++) {
    tracker.sentAt.set(i, now);
    chunk.push(tick(i));
  }
  await producer.send({ topic: TOPIC, messages: chunk });
  await tracker.until(INSTANCES);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runKafkaBench();
  process.exit(0);
}

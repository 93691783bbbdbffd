/**
 * Engine benchmarks on a real PostgreSQL (embedded, or DATABASE_URL), in-process transport.
 * Prints figures; asserts nothing. Scenarios (issue 3):
 *   (a) 10,000 instances × 10 events, flat out, then paced at 2,000 events/s
 *   (b) 1 instance × 10,000 events
 *   (c) a workflow of three no-op activities: 64 in flight, and one at a time
 *   (d) a workflow waiting for one external event: event sent → done
 *   (e) 10,000 timers due in the same second: firing lag
 *   (f) 100,000 idle instances stored: process memory
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  connectPostgres,
  createEngine,
  noopEngineMetrics,
  startEmbeddedPostgres,
  type EngineMetrics,
  type OrqEngine,
} from '../engine/index.js';
import { benchWorkflows } from './bench-workflows.js';
import { pool, rate, summarize } from './stats.js';

interface Probe {
  steps: number[];
  batches: number[];
  commitsMs: number[];
  timerLagMs: number[];
}

function probeMetrics(probe: Probe): EngineMetrics {
  return {
    ...noopEngineMetrics,
    stepDuration: (_m, s) => probe.steps.push(s * 1000),
    commitBatch: (size, s) => {
      probe.batches.push(size);
      probe.commitsMs.push(s * 1000);
    },
    timerFired: (_m, lag) => probe.timerLagMs.push(lag * 1000),
  };
}

const resetProbe = (p: Probe) => {
  p.steps.length = 0;
  p.batches.length = 0;
  p.commitsMs.length = 0;
  p.timerLagMs.length = 0;
};

const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const line = (label: string, value: string) => console.log(`  ${label.padEnd(34)} ${value}`);

async function startMany(
  engine: OrqEngine,
  machine: string,
  count: number,
  inFlight = 256,
  input?: (i: number) => unknown,
) {
  const ids: string[] = new Array<string>(count);
  await pool(
    Array.from({ length: count }, (_, i) => i),
    inFlight,
    async (i) => {
      ids[i] = (await engine.startInstance({ machine, input: input ? input(i) : {} })).instance.id;
    },
  );
  return ids;
}

async function scenarioA(engine: OrqEngine, probe: Probe) {
  console.log('\n(a) 10,000 instances × 10 events');
  const t0 = performance.now();
  const ids = await startMany(engine, 'bench-counter', 10_000);
  line(
    'started 10,000 instances',
    `${((performance.now() - t0) / 1000).toFixed(1)} s (${rate(10_000, performance.now() - t0)})`,
  );
  resetProbe(probe);
  const sends: Array<[string, number]> = [];
  for (let round = 0; round < 10; round++) for (const id of ids) sends.push([id, round]);
  const latencies: number[] = [];
  const t1 = performance.now();
  await pool(sends, 2_000, async ([id]) => {
    const s = performance.now();
    await engine.sendEvent(id, { type: 'TICK' });
    latencies.push(performance.now() - s);
  });
  const elapsed = performance.now() - t1;
  const l = summarize(latencies);
  line(
    'throughput (flat out)',
    `${rate(sends.length, elapsed)} (${sends.length.toLocaleString('en-US')} events in ${(elapsed / 1000).toFixed(1)} s)`,
  );
  line('event → committed p50 / p99', `${l.p50} / ${l.p99}`);
  const st = summarize(probe.steps);
  line('step (XState) p50 / p99', `${st.p50} / ${st.p99}`);
  line(
    'commit batch avg / commit avg',
    `${avg(probe.batches).toFixed(0)} events / ${avg(probe.commitsMs).toFixed(1)} ms`,
  );

  resetProbe(probe);
  const paced: number[] = [];
  const ratePerS = 2_000;
  const durationS = 5;
  const t2 = performance.now();
  const inflight: Array<Promise<void>> = [];
  for (let i = 0; i < ratePerS * durationS; i++) {
    const due = t2 + (i * 1000) / ratePerS;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const id = ids[i % ids.length]!;
    const s = performance.now();
    inflight.push(
      engine.sendEvent(id, { type: 'TICK' }).then(() => void paced.push(performance.now() - s)),
    );
  }
  await Promise.all(inflight);
  const p = summarize(paced);
  line(`paced at ${ratePerS}/s: event → committed`, `p50 ${p.p50}, p99 ${p.p99}`);
  const ps = summarize(probe.steps);
  line('paced: step p50 / p99', `${ps.p50} / ${ps.p99}`);
}

async function scenarioB(engine: OrqEngine, probe: Probe) {
  console.log('\n(b) 1 instance × 10,000 events');
  const [id] = await startMany(engine, 'bench-counter', 1);
  resetProbe(probe);
  const latencies: number[] = [];
  const t = performance.now();
  await Promise.all(
    Array.from({ length: 10_000 }, async () => {
      const s = performance.now();
      await engine.sendEvent(id!, { type: 'TICK' });
      latencies.push(performance.now() - s);
    }),
  );
  const elapsed = performance.now() - t;
  const l = summarize(latencies);
  line('throughput', `${rate(10_000, elapsed)}`);
  line('event → committed p50 / p99', `${l.p50} / ${l.p99}`);
  const st = summarize(probe.steps);
  line('step (XState) p50 / p99', `${st.p50} / ${st.p99}`);
  const ctx = (await engine.getInstance(id!))?.context as { n: number };
  line('final count (must be 10,000)', String(ctx.n));
}

/** Resolves when an instance reaches done, whether before or after the caller asks. */
function doneWatcher(engine: OrqEngine) {
  const waiting = new Map<string, () => void>();
  const finished = new Set<string>();
  const unsubscribe = engine.subscribe((t) => {
    if (t.status !== 'done') return;
    const resolve = waiting.get(t.instanceId);
    if (resolve) {
      waiting.delete(t.instanceId);
      resolve();
    } else finished.add(t.instanceId);
  });
  const wait = (id: string) =>
    finished.delete(id)
      ? Promise.resolve()
      : new Promise<void>((resolve) => waiting.set(id, resolve));
  return { wait, unsubscribe };
}

async function scenarioC(engine: OrqEngine) {
  console.log('\n(c) three no-op activities in sequence');
  const { wait, unsubscribe } = doneWatcher(engine);
  const runOne = async () => {
    const s = performance.now();
    const { instance } = await engine.startInstance({ machine: 'bench-three-steps' });
    await wait(instance.id);
    return performance.now() - s;
  };
  for (const inFlight of [64, 1]) {
    const count = inFlight === 1 ? 300 : 3_000;
    const latencies: number[] = [];
    const t = performance.now();
    await pool(
      Array.from({ length: count }, (_, i) => i),
      inFlight,
      async () => {
        latencies.push(await runOne());
      },
    );
    const elapsed = performance.now() - t;
    const l = summarize(latencies);
    line(`${inFlight} in flight: workflows/s`, rate(count, elapsed));
    line(`${inFlight} in flight: start → done p50 / p99`, `${l.p50} / ${l.p99}`);
  }
  unsubscribe();
}

async function scenarioD(engine: OrqEngine) {
  console.log('\n(d) wait for one external event: event sent → done');
  const { wait, unsubscribe } = doneWatcher(engine);
  const ids = await startMany(engine, 'bench-wait', 500);
  const latencies: number[] = [];
  for (const id of ids) {
    const s = performance.now();
    const finished = wait(id);
    await engine.sendEvent(id, { type: 'GO' });
    await finished;
    latencies.push(performance.now() - s);
  }
  const l = summarize(latencies);
  line('one at a time: sent → done p50 / p99', `${l.p50} / ${l.p99}`);
  unsubscribe();
}

async function scenarioE(engine: OrqEngine, probe: Probe) {
  console.log('\n(e) 10,000 timers due in the same second');
  resetProbe(probe);
  const dueAt = Date.now() + 20_000;
  const t = performance.now();
  await startMany(engine, 'bench-timer', 10_000, 256, () => ({
    delayMs: Math.max(0, dueAt - Date.now()),
  }));
  line('armed 10,000 timers', `${((performance.now() - t) / 1000).toFixed(1)} s`);
  while (probe.timerLagMs.length < 10_000) await new Promise((r) => setTimeout(r, 100));
  const l = summarize(probe.timerLagMs);
  line('all fired; lag p50 / p99 / max', `${l.p50} / ${l.p99} / ${l.max}`);
  line('last firing after the deadline', `${(Date.now() - dueAt).toFixed(0)} ms`);
}

async function scenarioF(engine: OrqEngine) {
  console.log('\n(f) 100,000 idle instances: memory');
  const gc = (globalThis as { gc?: () => void }).gc;
  const mem = () => {
    gc?.();
    const m = process.memoryUsage();
    return `rss ${(m.rss / 2 ** 20).toFixed(0)} MiB, heap ${(m.heapUsed / 2 ** 20).toFixed(0)} MiB`;
  };
  line('before', mem());
  let stored = 0;
  for (const step of [10_000, 40_000, 50_000]) {
    const t = performance.now();
    await startMany(engine, 'bench-wait', step, 512);
    stored += step;
    line(
      `after ${stored.toLocaleString('en-US')} idle instances`,
      `${mem()} (+${step.toLocaleString('en-US')} in ${((performance.now() - t) / 1000).toFixed(1)} s)`,
    );
  }
}

export async function runEngineBench(only?: string[]): Promise<void> {
  let dataDir: string | null = null;
  let url = process.env.DATABASE_URL;
  let stopPg: (() => Promise<void>) | null = null;
  if (!url) {
    dataDir = mkdtempSync(join(tmpdir(), 'orq-bench-pg-'));
    const pg = await startEmbeddedPostgres({ dataDir, port: 54339 });
    url = await pg.ensureDatabase('bench');
    stopPg = () => pg.stop();
    console.log(
      `PostgreSQL: ${pg.version} (embedded, synchronous_commit on), Node ${process.version}`,
    );
  }
  const probe: Probe = { steps: [], batches: [], commitsMs: [], timerLagMs: [] };
  const knex = connectPostgres({ url, poolMax: 10 });
  const engine = createEngine({
    knex,
    workflows: benchWorkflows,
    metrics: probeMetrics(probe),
    config: { activityConcurrency: 256 },
  });
  await engine.start();
  const want = (k: string) => !only || only.length === 0 || only.includes(k);
  try {
    if (want('a')) await scenarioA(engine, probe);
    if (want('b')) await scenarioB(engine, probe);
    if (want('c')) await scenarioC(engine);
    if (want('d')) await scenarioD(engine);
    if (want('e')) await scenarioE(engine, probe);
    if (want('f')) await scenarioF(engine);
  } finally {
    await engine.stop();
    await knex.destroy().catch(() => undefined);
    await stopPg?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * `npm run demo [-- --rate 5 --unpaid 0.1 --payment-timeout-ms 20000 --port 5000]`
 *
 * The seed's demo in one terminal: a Kafka broker (KAFKA_BROKERS, or a fresh single-node KRaft
 * broker), a PostgreSQL (DATABASE_URL, or a fresh embedded one), the orchestrator in Kafka mode
 * (`orq serve` with the order workflow's activities on remote workers, dashboard on --port), the
 * consumer service (examples/consumer: the workers) and the producer service (examples/producer:
 * random orders). Open http://localhost:5000 and watch orders move. Ctrl-C stops everything and
 * removes the temporary data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedPostgres } from '../engine/index.js';
import { guardChild } from '../test/setup/child-guard.js';
import { freePort } from '../test/setup/free-port.js';
import { startKafkaBroker } from '../test/setup/kafka-broker.js';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '5' },
    unpaid: { type: 'string', default: '0.1' },
    'payment-timeout-ms': { type: 'string', default: '20000' },
    'outage-rate': { type: 'string', default: '0.05' },
    port: { type: 'string', default: process.env.ORQ_PORT ?? '5000' },
  },
});

const cleanups: Array<() => Promise<void>> = [];
const children: Array<{ name: string; child: ChildProcess }> = [];
let stopping = false;

function run(name: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // a terminal Ctrl-C reaches only this script, which stops the services in order
  });
  const guard = guardChild(child, 10_000);
  const prefix = `[${name}]`.padEnd(11);
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) if (l.trim()) console.log(`${prefix} ${l}`);
    });
  }
  child.once('exit', (code, signal) => {
    guard.release();
    if (!stopping) console.log(`${prefix} exited (${signal ?? code}); Ctrl-C to stop the demo`);
  });
  children.push({ name, child });
  return child;
}

async function waitReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function stop(code: number): Promise<never> {
  if (stopping) process.exit(code);
  stopping = true;
  console.log('');
  for (const { name, child } of [...children].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    console.log(`[demo] stopping ${name}…`);
    const asked = Date.now();
    child.kill('SIGTERM');
    await Promise.race([once(child, 'exit'), new Promise((r) => setTimeout(r, 15_000))]);
    const how = child.exitCode ?? child.signalCode ?? 'still running, left to its watchdog';
    console.log(`[demo] ${name} stopped (${how}) in ${((Date.now() - asked) / 1000).toFixed(1)} s`);
  }
  console.log('[demo] stopping Kafka and PostgreSQL…');
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  console.log('[demo] stopped');
  process.exit(code);
}
/** From here on this script stops everything itself, in order (the guards' watchdogs still cover a crash). */
function takeOverSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stop(0));
  }
}

try {
  let brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    const dir = mkdtempSync(join(tmpdir(), 'orq-demo-kafka-'));
    cleanups.push(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
    const broker = await startKafkaBroker({
      dataDir: dir,
      port: await freePort(),
      controllerPort: await freePort(),
    });
    cleanups.push(() => broker.stop());
    brokers = broker.brokers.join(',');
    console.log(`[demo] Kafka ${broker.version} at ${brokers}`);
  }
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'orq-demo-pg-'));
    cleanups.push(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
    const pg = await startEmbeddedPostgres({ dataDir: dir, port: await freePort() });
    cleanups.push(() => pg.stop());
    databaseUrl = await pg.ensureDatabase('orquestador_demo');
    console.log(`[demo] ${pg.version} (embedded) on 127.0.0.1:${pg.port}`);
  }

  takeOverSignals();
  run('orq', ['cli/main.ts', 'serve'], {
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: brokers,
    ORQ_REMOTE_ACTIVITIES: 'order',
    ORQ_PORT: values.port,
  });
  await waitReady(`http://127.0.0.1:${values.port}/ready`, 60_000);
  run(
    'consumer',
    ['examples/consumer/main.ts', '--brokers', brokers, '--outage-rate', values['outage-rate']],
    {},
  );
  run(
    'producer',
    [
      'examples/producer/main.ts',
      '--brokers',
      brokers,
      '--rate',
      values.rate,
      '--unpaid',
      values.unpaid,
      '--payment-timeout-ms',
      values['payment-timeout-ms'],
    ],
    {},
  );
  takeOverSignals();
  console.log(
    `[demo] running: dashboard http://localhost:${values.port}  (API docs /api/docs)  — Ctrl-C to stop`,
  );
} catch (err) {
  console.error(`[demo] ${err instanceof Error ? err.message : String(err)}`);
  await stop(1);
}

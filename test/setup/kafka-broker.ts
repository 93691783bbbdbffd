/**
 * A real Apache Kafka broker for tests and local development, without Docker: the jars come from
 * Maven Central (./kafka-jars.ts) and one JVM runs a single-node KRaft cluster (broker and
 * controller in one process) on 127.0.0.1. The storage is formatted on first use and kept in
 * `dataDir`, the broker's output goes to `<dataDir>/broker.log`, and the JVM never outlives the
 * Node process that started it (./child-guard.ts).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { guardChild } from './child-guard.js';
import { ensureKafkaJars, KAFKA_CACHE_DIR, resolveKafkaVersion } from './kafka-jars.js';
import { waitForKafka } from './kafka-ready.js';
import { serverProperties } from './kafka-server-properties.js';

export interface KafkaBrokerOptions {
  /** Logs, KRaft metadata, server.properties and broker.log; reused by the next start. @default '.orq/kafka/data' */
  dataDir?: string;
  /** PLAINTEXT listener on 127.0.0.1. @default 9092 */
  port?: number;
  /** KRaft controller listener on 127.0.0.1. @default port + 1 */
  controllerPort?: number;
  /** Apache Kafka version. @default KAFKA_VERSION, or ORQ_KAFKA_VERSION when set */
  version?: string;
  /** How long to wait for the broker to answer. @default 60_000 (ms) */
  readyTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL. @default 15_000 (ms) */
  stopGraceMs?: number;
}

export interface RunningKafkaBroker {
  /** kafkajs `brokers`, e.g. ['127.0.0.1:9092']. */
  brokers: string[];
  /** Apache Kafka version of the running broker, e.g. '4.4.0'. */
  version: string;
  clusterId: string;
  logFile: string;
  /** SIGTERM, wait for a clean exit, SIGKILL after the grace period. Idempotent. */
  stop(): Promise<void>;
}

const JVM_OPTIONS = [
  '-Xms128m',
  '-Xmx512m',
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-Djava.awt.headless=true',
  '-Dorg.slf4j.simpleLogger.showDateTime=true',
  '-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd HH:mm:ss.SSS',
];

export async function startKafkaBroker(
  options: KafkaBrokerOptions = {},
): Promise<RunningKafkaBroker> {
  const port = options.port ?? 9092;
  const controllerPort = options.controllerPort ?? port + 1;
  const dataDir = resolve(options.dataDir ?? join(KAFKA_CACHE_DIR, 'data'));
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const stopGraceMs = options.stopGraceMs ?? 15_000;

  const jars = await ensureKafkaJars(options.version ?? resolveKafkaVersion());
  const classpath = `${jars.dir}/*`;
  await assertPortFree(port, 'port');
  await assertPortFree(controllerPort, 'controllerPort');

  const logDir = join(dataDir, 'logs');
  const propsFile = join(dataDir, 'server.properties');
  const logFile = join(dataDir, 'broker.log');
  await mkdir(dataDir, { recursive: true });
  await writeFile(propsFile, serverProperties({ port, controllerPort, logDir }));
  const { clusterId, reused } = await formatStorage(classpath, propsFile, logDir);

  const out = openSync(logFile, 'w');
  const child = spawn(java(), [...JVM_OPTIONS, '-cp', classpath, 'kafka.Kafka', propsFile], {
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));
  const guard = guardChild(child, stopGraceMs);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const grace = delay(stopGraceMs, false, { ref: false }); // must not keep Node alive
        const graceful = await Promise.race([exited.then(() => true), grace]);
        if (!graceful) child.kill('SIGKILL');
        await exited;
      }
      guard.release();
    })();
    return stopping;
  };

  const broker = `127.0.0.1:${port}`;
  try {
    await waitForKafka({
      broker,
      clusterId,
      timeoutMs: readyTimeoutMs,
      exitReason: () => {
        if (spawnError) return `could not start (${spawnError.message})`;
        if (child.exitCode !== null) return `exited with code ${child.exitCode}`;
        if (child.signalCode !== null) return `was killed by ${child.signalCode}`;
        return undefined;
      },
    });
  } catch (err) {
    await stop();
    const reason = err instanceof Error ? err.message : String(err);
    const hint = reused
      ? `\n(${dataDir} was formatted by an earlier start; if another Kafka version wrote it, delete it)`
      : '';
    throw new Error(
      `Kafka ${jars.version} on ${broker} did not become ready: ${reason}${hint}\n${logExcerpt(logFile)}`,
      { cause: err },
    );
  }
  return { brokers: [broker], version: jars.version, clusterId, logFile, stop };
}

/** Formats the KRaft storage unless an earlier start did (`kafka-storage format`). */
async function formatStorage(
  classpath: string,
  propsFile: string,
  logDir: string,
): Promise<{ clusterId: string; reused: boolean }> {
  const meta = join(logDir, 'meta.properties');
  const reused = existsSync(meta);
  if (!reused) {
    const clusterId = randomBytes(16).toString('base64url'); // Kafka's Uuid format: 22 chars
    const args = ['-Xmx256m', '-cp', classpath, 'kafka.tools.StorageTool', 'format'];
    await run(java(), [...args, '--cluster-id', clusterId, '--config', propsFile]);
  }
  const match = /^cluster\.id=(.+)$/m.exec(readFileSync(meta, 'utf8'));
  if (!match?.[1]) throw new Error(`No cluster.id in ${meta}`);
  return { clusterId: match[1].trim(), reused };
}

function java(): string {
  const home = process.env.JAVA_HOME;
  return home ? join(home, 'bin', 'java') : 'java';
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((done, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8_000));
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', (err) =>
      reject(new Error(`Cannot run ${command} (Java 17+ on PATH or JAVA_HOME?)`, { cause: err })),
    );
    child.once('exit', (code) =>
      code === 0
        ? done()
        : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`)),
    );
  });
}

function assertPortFree(port: number, name: string): Promise<void> {
  return new Promise((done, reject) => {
    const server = createServer();
    server.once('error', (err) =>
      reject(
        new Error(`Kafka ${name} 127.0.0.1:${port} is not free (${err.message})`, { cause: err }),
      ),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => done()));
  });
}

/** The broker's first error lines and its last lines, for an error message. */
function logExcerpt(file: string): string {
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  } catch {
    return `(no log at ${file})`;
  }
  const errors = lines.filter((l) => /\b(ERROR|FATAL)\b|^Caused by:/.test(l)).slice(0, 8);
  return [
    ...(errors.length > 0 ? [`--- first errors in ${file} ---`, ...errors] : []),
    `--- last lines of ${file} ---`,
    ...lines.slice(-25),
  ].join('\n');
}

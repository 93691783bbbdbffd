/**
 * One `orq serve` process (engine + API) started the way the Dockerfile runs it, for tests that
 * need the real composition root: telemetry installed by cli/, /metrics served by the API. Guarded
 * so it never outlives the test process; its output is kept for failure messages.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { eventually } from '../../engine/testing/eventually.js';
import { guardChild } from '../setup/child-guard.js';
import { freePort } from '../setup/free-port.js';

const ROOT = join(import.meta.dirname, '..', '..');

export interface ServeReplica {
  url: string;
  /** host:port, as a Prometheus target. */
  target: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startServeReplica(env: Record<string, string>): Promise<ServeReplica> {
  const port = await freePort();
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('OTEL_') && !k.startsWith('ORQ_') && k !== 'KAFKA_BROKERS',
    ),
  );
  const child: ChildProcess = spawn(process.execPath, ['cli/bin.js', 'serve'], {
    cwd: ROOT,
    env: { ...clean, ORQ_HOST: '127.0.0.1', ORQ_PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const guard = guardChild(child, 5_000);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${port}`;
  try {
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`orq serve exited (${child.exitCode})`);
        return (await fetch(`${url}/ready`)).ok;
      },
      60_000,
      `orq serve on ${url} to be ready`,
    );
  } catch (err) {
    child.kill('SIGKILL');
    guard.release();
    throw new Error(`${(err as Error).message}\n--- output ---\n${output}`, { cause: err });
  }
  return {
    url,
    target: `127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      guard.release();
    },
  };
}

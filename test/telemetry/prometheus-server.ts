/**
 * The real Prometheus server (Debian's /usr/bin/prometheus, or PROMETHEUS_BIN) on a free loopback
 * port, with a temporary configuration and storage directory, scraping the given targets every
 * second. `query()` evaluates PromQL through the HTTP API (/api/v1/query).
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../../engine/testing/eventually.js';
import { guardChild } from '../setup/child-guard.js';
import { freePort } from '../setup/free-port.js';

export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';

export function prometheusAvailable(): boolean {
  return spawnSync(PROMETHEUS_BIN, ['--version'], { stdio: 'ignore' }).status === 0;
}

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface RunningPrometheus {
  url: string;
  query(expr: string): Promise<PromSample[]>;
  stop(): Promise<void>;
}

export async function startPrometheus(input: {
  job: string;
  targets: string[];
  scrapeIntervalS?: number;
}): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'orq-prometheus-'));
  const interval = `${input.scrapeIntervalS ?? 1}s`;
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global:',
      `  scrape_interval: ${interval}`,
      `  evaluation_interval: ${interval}`,
      'scrape_configs:',
      `  - job_name: ${input.job}`,
      `    scrape_timeout: ${interval}`,
      '    static_configs:',
      `      - targets: [${input.targets.map((t) => `'${t}'`).join(', ')}]`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const child = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const guard = guardChild(child, 5_000);
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-10_000)));
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    guard.release();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`prometheus exited: ${stderr}`);
        return (await fetch(`${url}/-/ready`)).ok;
      },
      30_000,
      'Prometheus to be ready',
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    async query(expr) {
      const res = await fetch(
        `${url}/api/v1/query?${new URLSearchParams({ query: expr }).toString()}`,
      );
      const body = (await res.json()) as {
        status: string;
        error?: string;
        data?: { resultType: string; result: PromSample[] };
      };
      if (body.status !== 'success') throw new Error(`${expr}: ${body.error ?? res.status}`);
      if (body.data?.resultType !== 'vector') throw new Error(`${expr}: ${body.data?.resultType}`);
      return body.data.result;
    },
    stop,
  };
}

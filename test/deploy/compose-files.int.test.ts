/**
 * Pins that the deployment files hold together without a Docker engine: every compose file (and
 * the dev and test overlays on top of the base) passes `docker-compose config -q`, with the
 * defaults and with .env.example; every variable the compose files or the processes read is listed
 * in .env.example; the Prometheus configuration passes `promtool check config`; the Grafana
 * dashboards are valid JSON, point at the provisioned datasource, and their PromQL reads only
 * metrics the code defines (engine/telemetry/metrics.ts, cli/telemetry) or known runtime metrics.
 * Whether the queries return data is pinned by test/telemetry/grafana-queries.int.test.ts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDashboards, metricNamesOf, panelsOf, queriesOf } from './dashboard-queries.js';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

function hasCommand(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}
const composeAvailable = hasCommand('docker-compose', ['version']);
const promtoolAvailable = hasCommand('promtool', ['--version']);
if (!composeAvailable)
  console.warn('[compose-files] docker-compose not found: compose validation skipped');
if (!promtoolAvailable)
  console.warn('[compose-files] promtool not found: Prometheus config check skipped');

const COMPOSE_SETS = [
  ['docker-compose.yml'],
  ['docker-compose.yml', 'docker-compose.dev.yml'],
  ['docker-compose.yml', 'docker-compose.test.yml'],
];

function composeConfig(files: string[], extra: string[] = []): string {
  const args = [...files.flatMap((f) => ['-f', f]), ...extra, 'config'];
  return execFileSync('docker-compose', args, { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
}

describe.skipIf(!composeAvailable)('compose files', () => {
  it.each(COMPOSE_SETS)('%s validates with the defaults (docker-compose config -q)', (...files) => {
    const args = [...files.flatMap((f) => ['-f', f]), 'config', '-q'];
    const run = spawnSync('docker-compose', args, { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it.each(COMPOSE_SETS)('%s validates with .env.example', (...files) => {
    expect(() => composeConfig(files, ['--env-file', '.env.example'])).not.toThrow();
  });

  it('defines the stack the README promises, with health-gated start-up', () => {
    const config = composeConfig(['docker-compose.yml']);
    for (const service of [
      'postgres:',
      'kafka:',
      'migrate:',
      'engine:',
      'api:',
      'kafka-ui:',
      'pgadmin:',
      'prometheus:',
      'grafana:',
    ])
      expect(config).toContain(`\n  ${service}`);
    for (const port of [
      'published: 5000',
      'published: 8080',
      'published: 8081',
      'published: 3000',
      'published: 9090',
    ])
      expect(config).toContain(port);
    expect(config).toContain('condition: service_completed_successfully');
    expect(config).toContain('condition: service_healthy');
    expect(config).toMatch(/replicas: 2/);
    expect(config).toContain('KAFKA_PROCESS_ROLES: broker,controller');
  });
});

describe('.env.example', () => {
  const listed = new Set(
    read('.env.example')
      .split('\n')
      .map((l) => /^([A-Z][A-Z0-9_]*)=/.exec(l)?.[1])
      .filter((v): v is string => Boolean(v)),
  );

  it('lists every variable the compose files interpolate', () => {
    const used = new Set<string>();
    for (const f of ['docker-compose.yml', 'docker-compose.dev.yml', 'docker-compose.test.yml'])
      for (const m of read(f).matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)) used.add(m[1]!);
    expect([...used].filter((v) => !listed.has(v)).sort()).toEqual([]);
  });

  it('lists every variable the processes read (cli/ is the only reader)', () => {
    const files = readdirSync(join(ROOT, 'cli'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const used = new Set<string>();
    for (const f of files) {
      const src = read(join('cli', f));
      for (const m of src.matchAll(/env\.([A-Z][A-Z0-9_]*)/g)) used.add(m[1]!);
      for (const m of src.matchAll(/[iI]nt\(env, '([A-Z][A-Z0-9_]*)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((v) => !listed.has(v)).sort()).toEqual([]);
  });
});

describe.skipIf(!promtoolAvailable)('prometheus configuration', () => {
  it('passes promtool check config', () => {
    const out = execFileSync('promtool', ['check', 'config', 'deploy/prometheus/prometheus.yml'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(out).toContain('SUCCESS');
  });
});

/** The metric names the code exports, as Prometheus sees them. */
function definedMetricNames(): Set<string> {
  const names = new Set<string>(['up']);
  const instruments =
    /create(Counter|Histogram|ObservableGauge|ObservableCounter|UpDownCounter)\(\s*'([a-z_:][a-z0-9_:]*)'/g;
  for (const file of ['engine/telemetry/metrics.ts', 'cli/telemetry/process-metrics.ts'])
    for (const [, kind, name] of read(file).matchAll(instruments)) {
      if (kind === 'Histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(name! + s);
      else names.add(name!);
    }
  // @opentelemetry/instrumentation-runtime-node (semantic conventions for Node.js and V8).
  for (const q of ['min', 'max', 'mean', 'stddev', 'p50', 'p90', 'p99'])
    names.add(`nodejs_eventloop_delay_${q}`);
  for (const n of [
    'nodejs_eventloop_utilization',
    'nodejs_eventloop_time_total',
    'v8js_memory_heap_used',
    'v8js_memory_heap_space_size',
    'v8js_memory_heap_space_available_size',
    'v8js_memory_heap_space_physical_size',
    'v8js_gc_duration_bucket',
    'v8js_gc_duration_sum',
    'v8js_gc_duration_count',
  ])
    names.add(n);
  return names;
}

describe('grafana dashboards', () => {
  const dashboards = loadDashboards();
  const datasourceUid = /uid:\s*(\S+)/.exec(
    read('deploy/grafana/provisioning/datasources/prometheus.yml'),
  )?.[1];

  it('ships Workflows and Engine, with unique uids and panel ids', () => {
    expect(dashboards.map((d) => d.file)).toEqual(['engine.json', 'workflows.json']);
    expect(new Set(dashboards.map((d) => d.dashboard.uid)).size).toBe(2);
    for (const { dashboard } of dashboards) {
      const ids = panelsOf(dashboard).map((p) => (p as { id?: number }).id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('points every panel at the provisioned Prometheus datasource', () => {
    expect(datasourceUid).toBe('prometheus');
    for (const { dashboard } of dashboards)
      for (const panel of panelsOf(dashboard).filter((p) => p.type !== 'row'))
        expect((panel as { datasource?: { uid?: string } }).datasource?.uid, panel.title).toBe(
          datasourceUid,
        );
  });

  it('reads only metrics the code defines or the Node runtime exports', () => {
    const defined = definedMetricNames();
    const unknown: string[] = [];
    let count = 0;
    for (const { file, dashboard } of dashboards)
      for (const q of queriesOf(file, dashboard)) {
        count += 1;
        const names = metricNamesOf(q.expr);
        expect(names.length, `${q.panel}: ${q.expr}`).toBeGreaterThan(0);
        for (const n of names) if (!defined.has(n)) unknown.push(`${file} · ${q.panel}: ${n}`);
      }
    expect(count).toBeGreaterThan(30);
    expect(unknown).toEqual([]);
  });

  it('is provisioned from the folder the compose file mounts', () => {
    expect(read('deploy/grafana/provisioning/dashboards/orquestador.yml')).toContain(
      'path: /etc/grafana/dashboards',
    );
    expect(read('docker-compose.yml')).toContain(
      './deploy/grafana/dashboards:/etc/grafana/dashboards:ro',
    );
  });
});

/**
 * Pins that the shipped Grafana dashboards show data on a real deployment: two `orq serve`
 * replicas (the Dockerfile's command, telemetry installed by cli/) on one PostgreSQL, scraped every
 * second by the real Prometheus server; business load through both replicas' HTTP APIs (orders
 * paid, cancelled and timed out, instances failing after retries, replicas racing on one
 * instance); then EVERY PromQL expression of both dashboards (panels and template variables) is
 * evaluated through Prometheus's HTTP API and must return at least one number that is not NaN.
 * A dashboard panel that stays empty in production is a bug this test catches: a renamed metric, a
 * label the code does not set, an instrument the engine never records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { eventually } from '../../engine/testing/eventually.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';
import {
  loadDashboards,
  metricNamesOf,
  queriesOf,
  toPromQL,
  type DashboardQuery,
} from '../deploy/dashboard-queries.js';
import {
  prometheusAvailable,
  startPrometheus,
  type PromSample,
  type RunningPrometheus,
} from './prometheus-server.js';
import { startServeReplica, type ServeReplica } from './serve-replica.js';
import { runLoad, type LoadStats } from './workflow-load.js';

const FIXTURE_MACHINES = join(import.meta.dirname, 'fixtures', 'machines');
const WINDOWS = { rateWindow: '1m', range: '10m' };

const available = prometheusAvailable();
if (!available)
  console.warn('[grafana-queries] no Prometheus binary (apt install prometheus): skipped');

describe.skipIf(!available)(
  'Grafana dashboards against a real Prometheus scraping a loaded engine',
  () => {
    let db: TestDatabase;
    const replicas: ServeReplica[] = [];
    let prometheus: RunningPrometheus | undefined;
    const controller = new AbortController();
    let load: Promise<LoadStats> | undefined;

    beforeAll(async () => {
      db = await createTestDatabase('grafana');
      const env = { DATABASE_URL: db.url, ORQ_MACHINES: FIXTURE_MACHINES, ORQ_LOG_LEVEL: 'warn' };
      replicas.push(...(await Promise.all([startServeReplica(env), startServeReplica(env)])));
      prometheus = await startPrometheus({
        job: 'orquestador',
        targets: replicas.map((r) => r.target),
      });
    }, 120_000);

    afterAll(async () => {
      controller.abort();
      await load?.catch(() => undefined);
      await prometheus?.stop();
      await Promise.all(replicas.map((r) => r.stop()));
      await db?.drop();
    }, 60_000);

    it('evaluates every dashboard expression to data', async () => {
      const queries: DashboardQuery[] = loadDashboards().flatMap(({ file, dashboard }) =>
        queriesOf(file, dashboard),
      );
      expect(queries.length).toBeGreaterThan(30);
      load = runLoad(
        replicas.map((r) => r.url),
        controller.signal,
      );
      load.catch(() => controller.abort());

      const hasNumber = (samples: PromSample[]) =>
        samples.some((s) => !Number.isNaN(Number(s.value[1])));
      const empty = async () => {
        const missing: string[] = [];
        for (const q of queries) {
          const samples = await prometheus!.query(toPromQL(q.expr, WINDOWS));
          if (!hasNumber(samples))
            missing.push(`${q.dashboard} · ${q.panel} [${q.refId}]: ${q.expr}`);
        }
        return missing;
      };

      // Wait until every expression has data (Prometheus scrapes every second), or the load failed.
      const started = performance.now();
      let missing: string[] = [];
      await eventually(
        async () => {
          if (controller.signal.aborted) return true;
          missing = await empty();
          return missing.length === 0;
        },
        90_000,
        'every dashboard expression to return data',
      ).catch(() => undefined); // the assertion below names what is still missing
      const waitedMs = Math.round(performance.now() - started);
      // `x or vector(0)` always has data: its own metric must show up too, except the one that
      // only Kafka ingress produces (dead letters; this test runs the in-process transport).
      const fallbackOnly: string[] = [];
      for (const q of queries.filter((q) => q.expr.endsWith(' or vector(0)'))) {
        const own = q.expr.slice(0, -' or vector(0)'.length);
        if (!hasNumber(await prometheus!.query(toPromQL(own, WINDOWS))))
          fallbackOnly.push(...metricNamesOf(own));
      }
      controller.abort();
      const stats = await load;

      const evidence = [
        `[grafana-queries] load: ${JSON.stringify(stats)}`,
        ...(await Promise.all(
          [
            'sum(orq_workflows_started_total)',
            'sum by (status) (orq_workflows_finished_total)',
            'sum by (kind) (orq_errors_total)',
            'sum(orq_activity_failures_total)',
            'sum(orq_timers_fired_total)',
            'histogram_quantile(0.99, sum by (le) (rate(orq_step_duration_seconds_bucket[1m])))',
            'sum(rate(orq_commit_batch_size_sum[1m])) / sum(rate(orq_commit_batch_size_count[1m]))',
          ].map(async (q) => {
            const r = await prometheus!.query(q);
            return `[grafana-queries] ${q} = ${r.map((s) => `${JSON.stringify(s.metric)} ${s.value[1]}`).join('; ')}`;
          }),
        )),
      ];
      console.log(evidence.join('\n'));
      console.log(
        `[grafana-queries] ${queries.length - missing.length}/${queries.length} expressions return data after ${waitedMs} ms of load; only the vector(0) fallback: ${fallbackOnly.join(', ') || 'none'}`,
      );
      expect(stats.rounds).toBeGreaterThan(0);
      expect(missing).toEqual([]);
      expect(fallbackOnly.filter((m) => m !== 'orq_dead_letters_total')).toEqual([]);
    }, 180_000);
  },
);

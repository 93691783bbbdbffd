/**
 * Reads the shipped Grafana dashboards (deploy/grafana/dashboards/*.json): every PromQL expression
 * of every panel (rows included) and of the template variables, the Grafana macros replaced so
 * Prometheus's HTTP API can evaluate them, and the metric names each expression reads.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DASHBOARDS_DIR = join(
  import.meta.dirname,
  '..',
  '..',
  'deploy',
  'grafana',
  'dashboards',
);

export interface DashboardQuery {
  dashboard: string;
  panel: string;
  refId: string;
  /** As written in the dashboard. */
  expr: string;
}

interface Panel {
  title?: string;
  type?: string;
  panels?: Panel[];
  targets?: Array<{ expr?: string; refId?: string }>;
}

export interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating?: { list: Array<{ name: string; query?: string | { query?: string } }> };
}

export function loadDashboards(): Array<{ file: string; dashboard: Dashboard }> {
  return readdirSync(DASHBOARDS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      dashboard: JSON.parse(readFileSync(join(DASHBOARDS_DIR, file), 'utf8')) as Dashboard,
    }));
}

function flatPanels(panels: Panel[]): Panel[] {
  return panels.flatMap((p) => [p, ...flatPanels(p.panels ?? [])]);
}

export function panelsOf(dashboard: Dashboard): Panel[] {
  return flatPanels(dashboard.panels);
}

export function queriesOf(file: string, dashboard: Dashboard): DashboardQuery[] {
  const queries: DashboardQuery[] = [];
  for (const panel of panelsOf(dashboard))
    for (const t of panel.targets ?? [])
      if (t.expr)
        queries.push({
          dashboard: file,
          panel: panel.title ?? '?',
          refId: t.refId ?? '?',
          expr: t.expr,
        });
  for (const v of dashboard.templating?.list ?? []) {
    const q = typeof v.query === 'string' ? v.query : v.query?.query;
    const m = q ? /^label_values\((.+),\s*(\w+)\)$/.exec(q) : null;
    // label_values(metric, label) asks which values `label` takes on `metric`.
    if (m)
      queries.push({
        dashboard: file,
        panel: `$${v.name}`,
        refId: 'var',
        expr: `count by (${m[2]}) (${m[1]})`,
      });
  }
  return queries;
}

/**
 * Grafana macros and variables → plain PromQL: `$__rate_interval`/`$__interval` → `rateWindow`,
 * `$__range` → `range`, a multi-value variable at "All" → `.*` (the dashboards' allValue).
 */
export function toPromQL(expr: string, windows: { rateWindow: string; range: string }): string {
  return expr
    .replaceAll('$__rate_interval', windows.rateWindow)
    .replaceAll('$__interval', windows.rateWindow)
    .replaceAll('$__range', windows.range)
    .replace(/\$\{?(\w+)\}?/g, '.*');
}

const PROMQL_WORDS = new Set([
  // aggregations, functions and keywords the dashboards may use
  'sum',
  'min',
  'max',
  'avg',
  'count',
  'stddev',
  'stdvar',
  'topk',
  'bottomk',
  'quantile',
  'count_values',
  'group',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'rate',
  'irate',
  'increase',
  'delta',
  'idelta',
  'deriv',
  'histogram_quantile',
  'vector',
  'scalar',
  'abs',
  'ceil',
  'floor',
  'round',
  'clamp_min',
  'clamp_max',
  'label_replace',
  'label_join',
  'time',
  'timestamp',
  'absent',
  'changes',
  'resets',
  'avg_over_time',
  'max_over_time',
  'min_over_time',
  'sum_over_time',
  'count_over_time',
  'last_over_time',
  'quantile_over_time',
  'sort',
  'sort_desc',
  'predict_linear',
  'inf',
  'nan',
]);

/** The metric names an expression reads (label matchers, groupings and ranges stripped). */
export function metricNamesOf(expr: string): string[] {
  const stripped = toPromQL(expr, { rateWindow: '1m', range: '1h' })
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = (stripped.match(/[A-Za-z_:][A-Za-z0-9_:]*/g) ?? []).filter(
    (w) => !PROMQL_WORDS.has(w.toLowerCase()),
  );
  return [...new Set(names)];
}

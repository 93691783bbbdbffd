/**
 * The standard OpenTelemetry environment variables this process honours, read once and checked
 * (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/). Pure: the
 * exporters themselves read their OTEL_EXPORTER_OTLP_* endpoint, headers and timeout settings.
 *
 * Traces are exported only when asked: `OTEL_TRACES_EXPORTER=otlp|console`, or an OTLP endpoint is
 * set (`OTEL_EXPORTER_OTLP_ENDPOINT` / `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`). Metrics are always
 * served for Prometheus at /metrics; `OTEL_METRICS_EXPORTER=otlp` pushes them over OTLP as well.
 */
export type TracesExporterKind = 'otlp' | 'console';

export interface OtelPlan {
  disabled: boolean;
  serviceName: string | null;
  tracesExporters: TracesExporterKind[];
  metricsOtlp: boolean;
  /** OTLP metric push interval, ms (`OTEL_METRIC_EXPORT_INTERVAL`). */
  metricExportIntervalMs: number;
}

const TRACES_EXPORTERS = new Set(['otlp', 'console', 'none']);
const METRICS_EXPORTERS = new Set(['otlp', 'prometheus', 'none']);

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
}

function checkList(name: string, values: string[], allowed: Set<string>): void {
  for (const v of values)
    if (!allowed.has(v))
      throw new Error(`${name} must list only ${[...allowed].join(', ')}; got "${v}"`);
}

export function readOtelEnv(env: NodeJS.ProcessEnv): OtelPlan {
  const tracesList = list(env.OTEL_TRACES_EXPORTER);
  const metricsList = list(env.OTEL_METRICS_EXPORTER);
  checkList('OTEL_TRACES_EXPORTER', tracesList, TRACES_EXPORTERS);
  checkList('OTEL_METRICS_EXPORTER', metricsList, METRICS_EXPORTERS);

  for (const name of [
    'OTEL_EXPORTER_OTLP_PROTOCOL',
    'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
    'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL',
  ]) {
    const protocol = env[name];
    if (protocol && protocol !== 'http/protobuf')
      throw new Error(`${name}: only "http/protobuf" is supported (port 4318); got "${protocol}"`);
  }

  const endpointSet = Boolean(
    env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
  );
  const tracesExporters: TracesExporterKind[] =
    tracesList.length === 0
      ? endpointSet
        ? ['otlp']
        : []
      : tracesList.includes('none')
        ? []
        : (tracesList as TracesExporterKind[]);

  const intervalRaw = env.OTEL_METRIC_EXPORT_INTERVAL;
  const metricExportIntervalMs = intervalRaw ? Number(intervalRaw) : 60_000;
  if (!Number.isInteger(metricExportIntervalMs) || metricExportIntervalMs <= 0)
    throw new Error(
      `OTEL_METRIC_EXPORT_INTERVAL must be a positive integer (ms); got "${intervalRaw}"`,
    );

  return {
    disabled: (env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true',
    serviceName: env.OTEL_SERVICE_NAME?.trim() || null,
    tracesExporters,
    metricsOtlp: metricsList.includes('otlp'),
    metricExportIntervalMs,
  };
}

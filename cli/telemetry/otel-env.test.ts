/**
 * Pins which OTEL_* settings switch exporters on: nothing is exported by default; an OTLP endpoint
 * or OTEL_TRACES_EXPORTER turns traces on; metrics go over OTLP only when OTEL_METRICS_EXPORTER
 * lists otlp (Prometheus scraping is always on); unsupported values fail at startup naming the
 * variable, rather than silently exporting nothing.
 */
import { describe, expect, it } from 'vitest';
import { readOtelEnv } from './otel-env.js';

describe('readOtelEnv', () => {
  it('exports nothing by default', () => {
    expect(readOtelEnv({})).toEqual({
      disabled: false,
      serviceName: null,
      tracesExporters: [],
      metricsOtlp: false,
      metricExportIntervalMs: 60_000,
    });
  });

  it('turns OTLP traces on when an endpoint is set', () => {
    expect(
      readOtelEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318' }).tracesExporters,
    ).toEqual(['otlp']);
    expect(
      readOtelEnv({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://otel:4318/v1/traces' })
        .tracesExporters,
    ).toEqual(['otlp']);
  });

  it('follows OTEL_TRACES_EXPORTER, where none wins over an endpoint', () => {
    expect(readOtelEnv({ OTEL_TRACES_EXPORTER: 'console, otlp' }).tracesExporters).toEqual([
      'console',
      'otlp',
    ]);
    expect(
      readOtelEnv({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318' })
        .tracesExporters,
    ).toEqual([]);
  });

  it('pushes metrics over OTLP only when asked, at the given interval', () => {
    const plan = readOtelEnv({
      OTEL_METRICS_EXPORTER: 'prometheus,otlp',
      OTEL_METRIC_EXPORT_INTERVAL: '15000',
    });
    expect(plan.metricsOtlp).toBe(true);
    expect(plan.metricExportIntervalMs).toBe(15_000);
    expect(readOtelEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318' }).metricsOtlp).toBe(false);
  });

  it('reads OTEL_SDK_DISABLED and OTEL_SERVICE_NAME', () => {
    const plan = readOtelEnv({ OTEL_SDK_DISABLED: 'TRUE', OTEL_SERVICE_NAME: ' orq-eu ' });
    expect(plan.disabled).toBe(true);
    expect(plan.serviceName).toBe('orq-eu');
  });

  it.each([
    [{ OTEL_TRACES_EXPORTER: 'zipkin' }, /OTEL_TRACES_EXPORTER/],
    [{ OTEL_METRICS_EXPORTER: 'statsd' }, /OTEL_METRICS_EXPORTER/],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, /OTEL_EXPORTER_OTLP_PROTOCOL.*http\/protobuf/],
    [{ OTEL_METRIC_EXPORT_INTERVAL: '-5' }, /OTEL_METRIC_EXPORT_INTERVAL/],
  ])('rejects %o naming the variable', (env, message) => {
    expect(() => readOtelEnv(env)).toThrow(message);
  });
});

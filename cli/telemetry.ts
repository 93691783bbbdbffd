/**
 * The OpenTelemetry SDK for this process, installed once by cli/ (the engine and the API use
 * `@opentelemetry/api` only, STYLE §18):
 *
 * - metrics: a MeterProvider read by the Prometheus exporter, rendered on demand for GET /metrics
 *   (no second HTTP server), plus Node runtime metrics and the classic process_* metrics; and an
 *   OTLP push when `OTEL_METRICS_EXPORTER=otlp`;
 * - traces: W3C trace-context propagation always; a NodeTracerProvider recording spans only when
 *   the OTEL_* variables ask for an exporter, OTLP (http/protobuf) or console (otel-env.ts).
 *
 * `shutdown()` flushes, stops and unregisters everything, so a later install works (tests).
 */
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node';
import {
  defaultResource,
  envDetector,
  detectResources,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import {
  MeterProvider,
  PeriodicExportingMetricReader,
  type MetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NodeTracerProvider,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { readOtelEnv, type OtelPlan } from './telemetry/otel-env.js';
import { registerProcessMetrics } from './telemetry/process-metrics.js';

export interface TelemetryOptions {
  /** `service.name` of the resource; OTEL_SERVICE_NAME wins. */
  serviceName: string;
  serviceVersion?: string;
  /** Serve metrics in the Prometheus format through `metricsText()`. @default true */
  prometheus?: boolean;
  /** Event loop, heap and GC metrics. @default true */
  runtimeMetrics?: boolean;
  /** Read instead of process.env (tests). */
  env?: NodeJS.ProcessEnv;
}

export interface InstalledTelemetry {
  readonly plan: OtelPlan;
  /** The Prometheus text exposition of every metric of this process. */
  metricsText(): Promise<{ contentType: string; body: string }>;
  shutdown(): Promise<void>;
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

let installed: InstalledTelemetry | null = null;

/** Installs the SDK; a second call while installed returns the same installation. */
export function installTelemetry(options: TelemetryOptions): InstalledTelemetry {
  if (installed) return installed;
  const plan = readOtelEnv(options.env ?? process.env);
  if (plan.disabled) {
    installed = disabledTelemetry(plan);
    return installed;
  }
  const resource = defaultResource()
    .merge(
      resourceFromAttributes({
        'service.name': options.serviceName,
        ...(options.serviceVersion ? { 'service.version': options.serviceVersion } : {}),
      }),
    )
    .merge(detectResources({ detectors: [envDetector] }))
    .merge(plan.serviceName ? resourceFromAttributes({ 'service.name': plan.serviceName }) : null);

  const readers: MetricReader[] = [];
  const prometheus =
    options.prometheus === false ? null : new PrometheusExporter({ preventServerStart: true });
  if (prometheus) readers.push(prometheus);
  if (plan.metricsOtlp)
    readers.push(
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter(),
        exportIntervalMillis: plan.metricExportIntervalMs,
      }),
    );
  const meterProvider = new MeterProvider({ resource, readers });
  metrics.setGlobalMeterProvider(meterProvider);

  // Context and W3C propagation are always on, so a trace passes through this process; spans are
  // recorded only when an exporter is configured (otherwise the API's no-op tracer keeps the
  // incoming span context as is, and recording spans nobody reads would cost for nothing).
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(
    new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
  );
  const spanProcessors: SpanProcessor[] = plan.tracesExporters.map(
    (kind) =>
      new BatchSpanProcessor(kind === 'otlp' ? new OTLPTraceExporter() : new ConsoleSpanExporter()),
  );
  const tracerProvider =
    spanProcessors.length > 0 ? new NodeTracerProvider({ resource, spanProcessors }) : null;
  if (tracerProvider) trace.setGlobalTracerProvider(tracerProvider);

  const stopProcessMetrics = registerProcessMetrics(meterProvider.getMeter('orquestador.process'));
  const runtime =
    options.runtimeMetrics === false ? null : new RuntimeNodeInstrumentation({ enabled: false });
  runtime?.setMeterProvider(meterProvider);
  runtime?.enable();

  const serializer = new PrometheusSerializer();
  installed = {
    plan,
    async metricsText() {
      if (!prometheus) return { contentType: PROMETHEUS_CONTENT_TYPE, body: '' };
      const { resourceMetrics } = await prometheus.collect();
      return { contentType: PROMETHEUS_CONTENT_TYPE, body: serializer.serialize(resourceMetrics) };
    },
    async shutdown() {
      installed = null;
      runtime?.disable();
      stopProcessMetrics();
      await Promise.allSettled([tracerProvider?.shutdown(), meterProvider.shutdown()]);
      metrics.disable();
      trace.disable();
      propagation.disable();
      context.disable();
      contextManager.disable();
    },
  };
  return installed;
}

function disabledTelemetry(plan: OtelPlan): InstalledTelemetry {
  return {
    plan,
    metricsText: () => Promise.resolve({ contentType: PROMETHEUS_CONTENT_TYPE, body: '' }),
    shutdown: () => {
      installed = null;
      return Promise.resolve();
    },
  };
}

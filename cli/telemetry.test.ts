/**
 * Pins what a process gets from `installTelemetry`: GET /metrics text in the Prometheus format with
 * the engine's orq_* instruments (recorded through @opentelemetry/api only), Node runtime and
 * process metrics; spans shipped over real OTLP/HTTP (protobuf) to the endpoint named by
 * OTEL_EXPORTER_OTLP_ENDPOINT and nowhere by default; and a clean shutdown after which the SDK can be
 * installed again.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngineMetrics, registerEngineGauges } from '../engine/index.js';
import { extractContext, injectTraceparent } from '../engine/telemetry/kafka-headers.js';
import { eventually } from '../engine/testing/eventually.js';
import { installTelemetry, type InstalledTelemetry } from './telemetry.js';

let telemetry: InstalledTelemetry | null = null;
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = null;
});

const sampleNames = (body: string) =>
  new Set(
    body
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split(/[{ ]/)[0]),
  );

describe('installTelemetry', () => {
  it('serves orq_*, runtime and process metrics in the Prometheus text format', async () => {
    telemetry = installTelemetry({ serviceName: 'orq-test', env: {} });
    const m = createEngineMetrics();
    m.instanceStarted('order');
    m.stepDuration('order', 0.004);
    const unregister = registerEngineGauges({
      instancesByStatus: () => Promise.resolve([{ machine: 'order', status: 'active', count: 2 }]),
      instancesByState: () => Promise.resolve([]),
      timersPending: () => Promise.resolve(0),
      outboxBacklog: () => Promise.resolve(0),
      activitiesPending: () => Promise.resolve(0),
      consumerLag: () => 0,
      mailboxDepth: () => 0,
    });

    const { contentType, body } = await telemetry.metricsText();
    unregister();
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(body).toContain('orq_workflows_started_total{machine="order"');
    expect(body).toMatch(/orq_step_duration_seconds_bucket\{machine="order",.*le="0.005"\} 1/);
    expect(body).toMatch(/orq_instances\{machine="order",status="active".*\} 2/);
    expect(body).toContain('target_info{');
    expect(body).toContain('service_name="orq-test"');
    const names = sampleNames(body);
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'process_start_time_seconds',
      'nodejs_heap_used_bytes',
      'nodejs_eventloop_utilization',
      'v8js_memory_heap_used',
    ])
      expect(names, name).toContain(name);
  });

  it('returns the same installation when called twice, and installs again after shutdown', async () => {
    const first = installTelemetry({ serviceName: 'a', env: {} });
    expect(installTelemetry({ serviceName: 'b', env: {} })).toBe(first);
    await first.shutdown();
    telemetry = installTelemetry({ serviceName: 'c', env: {} });
    expect(telemetry).not.toBe(first);
    createEngineMetrics().instanceStarted('order');
    expect((await telemetry.metricsText()).body).toContain('service_name="c"');
  });

  it('exports spans over OTLP/HTTP protobuf to OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    const received: Array<{ url: string | undefined; type: string | undefined; body: Buffer }> = [];
    const collector = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({
          url: req.url,
          type: req.headers['content-type'],
          body: Buffer.concat(chunks),
        });
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    collector.listen(0, '127.0.0.1');
    await once(collector, 'listening');
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    const saved = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = endpoint; // the OTLP exporter reads it itself
    try {
      telemetry = installTelemetry({ serviceName: 'orq-traced', env: process.env });
      expect(telemetry.plan.tracesExporters).toEqual(['otlp']);
      trace.getTracer('test').startSpan('orq.step order').end();
      await telemetry.shutdown(); // flushes the batch processor
      telemetry = null;
      const request = await eventually(() => received[0], 5_000, 'an OTLP request');
      expect(request.url).toBe('/v1/traces');
      expect(request.type).toBe('application/x-protobuf');
      expect(request.body.includes(Buffer.from('orq.step order'))).toBe(true);
      expect(request.body.includes(Buffer.from('orq-traced'))).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
      else process.env.OTEL_EXPORTER_OTLP_ENDPOINT = saved;
      collector.close();
    }
  });

  it('records no spans without an exporter, yet propagates W3C trace context', () => {
    telemetry = installTelemetry({ serviceName: 'orq-quiet', env: {} });
    const span = trace.getTracer('test').startSpan('x');
    expect(span.isRecording()).toBe(false);
    span.end();
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const headers = injectTraceparent({}, extractContext({ traceparent: incoming }));
    expect(headers.traceparent).toBe(incoming);
  });

  it('serves an empty exposition when OTEL_SDK_DISABLED=true', async () => {
    telemetry = installTelemetry({ serviceName: 'off', env: { OTEL_SDK_DISABLED: 'true' } });
    createEngineMetrics().instanceStarted('order');
    expect((await telemetry.metricsText()).body).toBe('');
  });
});

/**
 * The classic Prometheus process metrics, under the names prom-client and the Go client use, so
 * stock dashboards and alerts work: CPU seconds, resident memory, heap in use, start time. The
 * OpenTelemetry runtime instrumentation adds event-loop delay and utilization, heap spaces and GC.
 */
import type { Meter } from '@opentelemetry/api';

export function registerProcessMetrics(meter: Meter): () => void {
  const cpu = meter.createObservableCounter('process_cpu_seconds_total', {
    description: 'User and system CPU time spent, in seconds',
    unit: 's',
  });
  const rss = meter.createObservableGauge('process_resident_memory_bytes', {
    description: 'Resident memory size, in bytes',
    unit: 'By',
  });
  const heap = meter.createObservableGauge('nodejs_heap_used_bytes', {
    description: 'V8 heap in use, in bytes',
    unit: 'By',
  });
  const start = meter.createObservableGauge('process_start_time_seconds', {
    description: 'Start time of the process since the Unix epoch, in seconds',
    unit: 's',
  });
  const startSeconds = Math.round((Date.now() - process.uptime() * 1000) / 1000);

  const observe = (result: Parameters<Parameters<Meter['addBatchObservableCallback']>[0]>[0]) => {
    const usage = process.cpuUsage();
    const memory = process.memoryUsage();
    result.observe(cpu, (usage.user + usage.system) / 1e6);
    result.observe(rss, memory.rss);
    result.observe(heap, memory.heapUsed);
    result.observe(start, startSeconds);
  };
  const observables = [cpu, rss, heap, start];
  meter.addBatchObservableCallback(observe, observables);
  return () => meter.removeBatchObservableCallback(observe, observables);
}

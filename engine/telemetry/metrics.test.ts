/**
 * Pins the metrics contract the Grafana dashboards and docs/telemetry.md are written against: each
 * EngineMetrics call lands on the `orq_*` instrument with the labels named there, histograms use
 * the advised bucket boundaries (seconds 0.0005…10, batch 1…2000), and a failing gauge source skips
 * only its own gauge, never the scrape. Read through a real SDK MeterProvider and in-memory reader.
 */
import type { Attributes } from '@opentelemetry/api';
import {
  DataPointType,
  MeterProvider,
  MetricReader,
  type HistogramMetricData,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createEngineMetrics,
  noopEngineMetrics,
  registerEngineGauges,
  type EngineGauges,
} from './metrics.js';

class TestReader extends MetricReader {
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

let reader: TestReader;
let provider: MeterProvider;

beforeEach(() => {
  reader = new TestReader();
  provider = new MeterProvider({ readers: [reader] });
});

async function collect(): Promise<Map<string, MetricData>> {
  const { resourceMetrics } = await reader.collect();
  const byName = new Map<string, MetricData>();
  for (const scope of resourceMetrics.scopeMetrics)
    for (const m of scope.metrics) byName.set(m.descriptor.name, m);
  return byName;
}

function points(all: Map<string, MetricData>, name: string): Array<[Attributes, unknown]> {
  const metric = all.get(name);
  if (!metric) throw new Error(`${name} not exported; got ${[...all.keys()].join(', ')}`);
  return metric.dataPoints.map((p) => [p.attributes, p.value]);
}

describe('createEngineMetrics', () => {
  it('counts events, transitions, state entries, starts, finishes, timers, dead letters, errors and publishes with their labels', async () => {
    const m = createEngineMetrics(provider.getMeter('test'));
    m.eventReceived('kafka', 'order');
    m.eventReceived('kafka', 'order');
    m.eventReceived('api', 'onboarding');
    m.transitionRecorded('order', '"new"', '"paid"');
    m.instanceStarted('order');
    m.instanceFinished('order', 'failed');
    m.timerFired('order', 0.2);
    m.deadLettered('invalid_json');
    m.error('conflict_version');
    m.messagePublished('orders.events');
    const all = await collect();

    expect(points(all, 'orq_events_received_total')).toEqual([
      [{ source: 'kafka', machine: 'order' }, 2],
      [{ source: 'api', machine: 'onboarding' }, 1],
    ]);
    expect(points(all, 'orq_transitions_total')).toEqual([[{ machine: 'order' }, 1]]);
    expect(points(all, 'orq_state_entries_total')).toEqual([
      [{ machine: 'order', state: 'paid' }, 1],
    ]);
    expect(points(all, 'orq_workflows_started_total')).toEqual([[{ machine: 'order' }, 1]]);
    expect(points(all, 'orq_workflows_finished_total')).toEqual([
      [{ machine: 'order', status: 'failed' }, 1],
    ]);
    expect(points(all, 'orq_timers_fired_total')).toEqual([[{ machine: 'order' }, 1]]);
    expect(points(all, 'orq_dead_letters_total')).toEqual([[{ reason: 'invalid_json' }, 1]]);
    expect(points(all, 'orq_errors_total')).toEqual([[{ kind: 'conflict_version' }, 1]]);
    expect(points(all, 'orq_messages_published_total')).toEqual([[{ topic: 'orders.events' }, 1]]);
  });

  it('labels state entries with the dotted paths a transition enters, at every level', async () => {
    const m = createEngineMetrics(provider.getMeter('test'));
    m.transitionRecorded('order', '', '{"payment":"awaiting"}'); // the initial transition
    m.transitionRecorded('order', '{"payment":"awaiting"}', '{"payment":"captured"}');
    m.transitionRecorded('order', '{"payment":"captured"}', 'shipping');
    const entries: Record<string, unknown> = Object.fromEntries(
      points(await collect(), 'orq_state_entries_total').map(([a, v]) => [String(a.state), v]),
    );
    expect(entries).toEqual({
      payment: 1,
      'payment.awaiting': 1,
      'payment.captured': 1,
      shipping: 1,
    });
  });

  it('counts retried and failed activity attempts as failures, not successful ones', async () => {
    const m = createEngineMetrics(provider.getMeter('test'));
    m.activityCompleted('charge', 0.01, 'ok');
    m.activityCompleted('charge', 0.02, 'retry');
    m.activityCompleted('charge', 0.03, 'failed');
    const all = await collect();
    expect(points(all, 'orq_activity_failures_total')).toEqual([[{ activity: 'charge' }, 2]]);
    const outcomes = points(all, 'orq_activity_duration_seconds').map(([a]) => a.outcome);
    expect(outcomes.sort()).toEqual(['failed', 'ok', 'retry']);
  });

  it('records histograms on the advised bucket boundaries', async () => {
    const m = createEngineMetrics(provider.getMeter('test'));
    m.stepDuration('order', 0.003);
    m.commitBatch(120, 0.015);
    m.stateLeft('order', '"waitingPayment"', 42);
    m.activityCompleted('charge', 0.05, 'ok');
    m.timerFired('order', -0.5); // a timer fired early reports zero lag, never negative
    const all = await collect();
    const boundaries = (name: string) => {
      const metric = all.get(name) as HistogramMetricData;
      expect(metric.dataPointType).toBe(DataPointType.HISTOGRAM);
      return metric.dataPoints[0]!.value.buckets.boundaries;
    };
    const seconds = boundaries('orq_step_duration_seconds');
    expect(seconds[0]).toBe(0.0005);
    expect(seconds.at(-1)).toBe(10);
    expect(boundaries('orq_commit_duration_seconds')).toEqual(seconds);
    expect(boundaries('orq_timer_lag_seconds')).toEqual(seconds);
    expect(boundaries('orq_activity_duration_seconds')).toEqual(seconds);
    const batch = boundaries('orq_commit_batch_size');
    expect([batch[0], batch.at(-1)]).toEqual([1, 2000]);
    // Time in a state spans seconds to days.
    expect(boundaries('orq_state_duration_seconds').at(-1)).toBeGreaterThanOrEqual(86_400);

    const batchPoint = (all.get('orq_commit_batch_size') as HistogramMetricData).dataPoints[0]!;
    expect(batchPoint.value.sum).toBe(120);
    const lag = (all.get('orq_timer_lag_seconds') as HistogramMetricData).dataPoints[0]!;
    expect(lag.value.sum).toBe(0);
    expect(points(all, 'orq_state_duration_seconds')[0]![0]).toEqual({
      machine: 'order',
      state: 'waitingPayment',
    });
  });

  it('noopEngineMetrics accepts every call', () => {
    expect(() => {
      noopEngineMetrics.eventReceived('api', 'order');
      noopEngineMetrics.commitBatch(1, 0.001);
      noopEngineMetrics.activityCompleted('x', 1, 'failed');
    }).not.toThrow();
  });
});

describe('registerEngineGauges', () => {
  const gauges = (overrides: Partial<EngineGauges> = {}): EngineGauges => ({
    instancesByStatus: () =>
      Promise.resolve([
        { machine: 'order', status: 'active', count: 7 },
        { machine: 'order', status: 'failed', count: 1 },
      ]),
    instancesByState: () => Promise.resolve([{ machine: 'order', state: 'shipping', count: 4 }]),
    timersPending: () => Promise.resolve(3),
    outboxBacklog: () => Promise.resolve(5),
    activitiesPending: () => Promise.resolve(2),
    consumerLag: () => 11,
    mailboxDepth: () => 6,
    ...overrides,
  });

  it('observes every gauge with its labels on collection', async () => {
    registerEngineGauges(gauges(), provider.getMeter('test'));
    const all = await collect();
    expect(points(all, 'orq_instances')).toEqual([
      [{ machine: 'order', status: 'active' }, 7],
      [{ machine: 'order', status: 'failed' }, 1],
    ]);
    expect(points(all, 'orq_instances_in_state')).toEqual([
      [{ machine: 'order', state: 'shipping' }, 4],
    ]);
    expect(points(all, 'orq_timers_pending')).toEqual([[{}, 3]]);
    expect(points(all, 'orq_outbox_backlog')).toEqual([[{}, 5]]);
    expect(points(all, 'orq_activities_pending')).toEqual([[{}, 2]]);
    expect(points(all, 'orq_consumer_lag')).toEqual([[{}, 11]]);
    expect(points(all, 'orq_mailbox_depth')).toEqual([[{}, 6]]);
  });

  it('skips a gauge whose source fails and still observes the others', async () => {
    registerEngineGauges(
      gauges({
        instancesByStatus: () => Promise.reject(new Error('database down')),
        consumerLag: () => {
          throw new Error('not connected');
        },
      }),
      provider.getMeter('test'),
    );
    const { resourceMetrics, errors } = await reader.collect();
    expect(errors).toEqual([]);
    const names = resourceMetrics.scopeMetrics
      .flatMap((s) => s.metrics)
      .filter((m) => m.dataPoints.length > 0)
      .map((m) => m.descriptor.name);
    expect(names).not.toContain('orq_instances');
    expect(names).not.toContain('orq_consumer_lag');
    expect(names).toContain('orq_instances_in_state');
    expect(names).toContain('orq_mailbox_depth');
  });

  it('stops observing once unregistered', async () => {
    let reads = 0;
    const unregister = registerEngineGauges(
      gauges({ mailboxDepth: () => ++reads }),
      provider.getMeter('test'),
    );
    await collect();
    expect(reads).toBe(1);
    unregister();
    await collect();
    expect(reads).toBe(1);
  });
});

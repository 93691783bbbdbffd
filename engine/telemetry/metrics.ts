/**
 * The engine's metrics, through `@opentelemetry/api` only (the SDK and the Prometheus exporter are
 * installed by cli/). Without an SDK every instrument is a no-op. Names start with `orq_`.
 */
import { metrics, type BatchObservableCallback, type Meter } from '@opentelemetry/api';
import { enteredStatePaths, stateLabel } from './state-labels.js';

export interface EngineMetrics {
  eventReceived(source: string, machine: string): void;
  transitionRecorded(machine: string, from: string, to: string): void;
  stateLeft(machine: string, state: string, seconds: number): void;
  stepDuration(machine: string, seconds: number): void;
  commitBatch(size: number, seconds: number): void;
  instanceStarted(machine: string): void;
  instanceFinished(machine: string, status: 'done' | 'failed' | 'cancelled'): void;
  timerFired(machine: string, lagSeconds: number): void;
  activityCompleted(
    activityType: string,
    seconds: number,
    outcome: 'ok' | 'retry' | 'failed',
  ): void;
  deadLettered(reason: string): void;
  error(kind: string): void;
  messagePublished(topic: string): void;
}

export interface EngineGauges {
  instancesByStatus(): Promise<Array<{ machine: string; status: string; count: number }>>;
  instancesByState(): Promise<Array<{ machine: string; state: string; count: number }>>;
  timersPending(): Promise<number>;
  outboxBacklog(): Promise<number>;
  activitiesPending(): Promise<number>;
  consumerLag(): number;
  mailboxDepth(): number;
}

const SECONDS_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
const LONG_SECONDS_BUCKETS = [0.01, 0.1, 1, 5, 15, 60, 300, 900, 3600, 21600, 86400];
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000];

const defaultMeter = () => metrics.getMeter('orquestador');

export function createEngineMetrics(meter: Meter = defaultMeter()): EngineMetrics {
  const eventsReceived = meter.createCounter('orq_events_received_total', {
    description: 'Envelopes stepped, by source',
  });
  const transitions = meter.createCounter('orq_transitions_total', {
    description: 'Transitions recorded',
  });
  const stateEntries = meter.createCounter('orq_state_entries_total', {
    description: 'Times a state node was entered (dotted path, every level)',
  });
  const stateDuration = meter.createHistogram('orq_state_duration_seconds', {
    description: 'Time spent in a state, observed when leaving it',
    unit: 's',
    advice: { explicitBucketBoundaries: LONG_SECONDS_BUCKETS },
  });
  const stepDuration = meter.createHistogram('orq_step_duration_seconds', {
    description: 'Time to step one envelope (restore excluded)',
    unit: 's',
    advice: { explicitBucketBoundaries: SECONDS_BUCKETS },
  });
  const batchSize = meter.createHistogram('orq_commit_batch_size', {
    description: 'Envelopes per group commit',
    advice: { explicitBucketBoundaries: BATCH_BUCKETS },
  });
  const commitDuration = meter.createHistogram('orq_commit_duration_seconds', {
    description: 'Time of one group-commit transaction',
    unit: 's',
    advice: { explicitBucketBoundaries: SECONDS_BUCKETS },
  });
  const started = meter.createCounter('orq_workflows_started_total', {
    description: 'Instances started',
  });
  const finished = meter.createCounter('orq_workflows_finished_total', {
    description: 'Instances that reached done, failed or cancelled',
  });
  const timersFired = meter.createCounter('orq_timers_fired_total', {
    description: 'Durable timers fired',
  });
  const timerLag = meter.createHistogram('orq_timer_lag_seconds', {
    description: 'Delay between a timer deadline and its firing',
    unit: 's',
    advice: { explicitBucketBoundaries: SECONDS_BUCKETS },
  });
  const activityDuration = meter.createHistogram('orq_activity_duration_seconds', {
    description: 'Duration of one activity attempt',
    unit: 's',
    advice: { explicitBucketBoundaries: SECONDS_BUCKETS },
  });
  const activityFailures = meter.createCounter('orq_activity_failures_total', {
    description: 'Failed activity attempts',
  });
  const deadLetters = meter.createCounter('orq_dead_letters_total', {
    description: 'Messages sent to the dead-letter topic',
  });
  const errors = meter.createCounter('orq_errors_total', { description: 'Engine errors by kind' });
  const published = meter.createCounter('orq_messages_published_total', {
    description: 'Outbox messages published',
  });

  return {
    eventReceived: (source, machine) => eventsReceived.add(1, { source, machine }),
    transitionRecorded: (machine, from, to) => {
      transitions.add(1, { machine });
      for (const state of enteredStatePaths(from, to)) stateEntries.add(1, { machine, state });
    },
    stateLeft: (machine, state, seconds) =>
      stateDuration.record(seconds, { machine, state: stateLabel(state) }),
    stepDuration: (machine, seconds) => stepDuration.record(seconds, { machine }),
    commitBatch: (size, seconds) => {
      batchSize.record(size);
      commitDuration.record(seconds);
    },
    instanceStarted: (machine) => started.add(1, { machine }),
    instanceFinished: (machine, status) => finished.add(1, { machine, status }),
    timerFired: (machine, lagSeconds) => {
      timersFired.add(1, { machine });
      timerLag.record(Math.max(0, lagSeconds), { machine });
    },
    activityCompleted: (activity, seconds, outcome) => {
      activityDuration.record(seconds, { activity, outcome });
      if (outcome !== 'ok') activityFailures.add(1, { activity });
    },
    deadLettered: (reason) => deadLetters.add(1, { reason }),
    error: (kind) => errors.add(1, { kind }),
    messagePublished: (topic) => published.add(1, { topic }),
  };
}

export function registerEngineGauges(
  gauges: EngineGauges,
  meter: Meter = defaultMeter(),
): () => void {
  const instances = meter.createObservableGauge('orq_instances', {
    description: 'Instances by machine and status',
  });
  const inState = meter.createObservableGauge('orq_instances_in_state', {
    description: 'Active or paused instances per state',
  });
  const timers = meter.createObservableGauge('orq_timers_pending', {
    description: 'Durable timers waiting to fire',
  });
  const outbox = meter.createObservableGauge('orq_outbox_backlog', {
    description: 'Outbox messages not yet published',
  });
  const activities = meter.createObservableGauge('orq_activities_pending', {
    description: 'Activities waiting to run or retry',
  });
  const lag = meter.createObservableGauge('orq_consumer_lag', {
    description: 'Kafka records not yet consumed',
  });
  const mailbox = meter.createObservableGauge('orq_mailbox_depth', {
    description: 'Envelopes waiting in the engine',
  });
  const safe = async (fn: () => Promise<void> | void) => {
    try {
      await fn();
    } catch {
      // a failing gauge skips one collection; it never breaks the scrape
    }
  };
  const callback: BatchObservableCallback = async (result) => {
    await safe(async () => {
      for (const r of await gauges.instancesByStatus())
        result.observe(instances, r.count, { machine: r.machine, status: r.status });
    });
    await safe(async () => {
      for (const r of await gauges.instancesByState())
        result.observe(inState, r.count, { machine: r.machine, state: r.state });
    });
    await safe(async () => result.observe(timers, await gauges.timersPending()));
    await safe(async () => result.observe(outbox, await gauges.outboxBacklog()));
    await safe(async () => result.observe(activities, await gauges.activitiesPending()));
    await safe(() => result.observe(lag, gauges.consumerLag()));
    await safe(() => result.observe(mailbox, gauges.mailboxDepth()));
  };
  const observables = [instances, inState, timers, outbox, activities, lag, mailbox];
  meter.addBatchObservableCallback(callback, observables);
  return () => meter.removeBatchObservableCallback(callback, observables);
}

const noop = () => undefined;
export const noopEngineMetrics: EngineMetrics = {
  eventReceived: noop,
  transitionRecorded: noop,
  stateLeft: noop,
  stepDuration: noop,
  commitBatch: noop,
  instanceStarted: noop,
  instanceFinished: noop,
  timerFired: noop,
  activityCompleted: noop,
  deadLettered: noop,
  error: noop,
  messagePublished: noop,
};

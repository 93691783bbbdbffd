/**
 * The engine's loop: take every envelope waiting (up to a batch), drop duplicates, load the
 * instances not in cache, step each envelope in arrival order, and commit all the steps in one
 * transaction (group commit). Only then are waiters answered and effects handed on. While a batch
 * commits, new envelopes queue up and form the next batch: the busier the engine, the bigger the
 * batches. One instance's envelopes are applied in order; a lost race (version, inbox, key) rolls
 * the batch back, evicts what it touched and runs it again.
 */
import type { Clock } from '../clock.js';
import { backoff } from '../clock.js';
import { OrqError, serializeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { ORQ_RESUME, ORQ_RETRY } from '../step/internal-events.js';
import { LiveInstance } from '../step/live-instance.js';
import { statePaths } from '../step/state-paths.js';
import type { StepResult, TimerRecord } from '../step/step-types.js';
import type { ClaimedActivity, CommitBatch, InstanceStore } from '../store/store.js';
import type { EngineMetrics } from '../telemetry/metrics.js';
import { endSpan, spanTraceparent, startStepSpan } from '../telemetry/tracing.js';
import type { Span } from '@opentelemetry/api';
import type { StateValue, TransitionRecord, Envelope } from '../types.js';
import type { WorkflowRegistry } from '../workflow/registry.js';
import { InstanceCache } from './instance-cache.js';
import type { Work, WorkOutcome } from './work.js';

export interface ProcessorOptions {
  maxBatch: number;
  /** How long new activities stay leased to this process (their longest timeout + margin), in ms. */
  activityLeaseMs: number;
  cacheMaxInstances: number;
  maxAttempts: number;
  retryDelayMs: number;
}

/** What a commit hands to the after-commit effects. */
export interface CommittedBatch {
  transitions: TransitionRecord[];
  /** Current timers of every instance the batch touched (empty list = none left). */
  timers: Map<string, TimerRecord[]>;
  hasOutbox: boolean;
  /** Activities to poll for (retried ones). */
  hasActivities: boolean;
  /** New activities leased to this process by the commit: run them now. */
  leasedActivities: ClaimedActivity[];
  finished: Array<{ machine: string; status: 'done' | 'failed' | 'cancelled' }>;
  statesLeft: Array<{ machine: string; state: string; seconds: number }>;
  started: string[];
}

interface Touched {
  live: LiveInstance;
  expectedVersion: number | null;
}

export class Processor {
  readonly #queue: Work[] = [];
  readonly #cache: InstanceCache;
  #wake: (() => void) | null = null;
  #running = false;
  #loop: Promise<void> | null = null;

  constructor(
    private readonly deps: {
      store: InstanceStore;
      registry: WorkflowRegistry;
      clock: Clock;
      metrics: EngineMetrics;
      logger: Logger;
      options: ProcessorOptions;
      onCommitted: (batch: CommittedBatch) => void;
    },
  ) {
    this.#cache = new InstanceCache(deps.options.cacheMaxInstances);
  }

  get depth(): number {
    return this.#queue.length;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stops after the batch in flight; waiting work is rejected as the engine is stopping. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
    for (const work of this.#queue.splice(0)) work.reject(new OrqError('ORQ_ERR_ENGINE_STOPPED'));
    this.#cache.clear();
  }

  /**
   * Queues an envelope. `unique` marks an id the engine just generated (never seen before): it
   * skips the inbox look-up; the inbox insert at commit still guards it.
   */
  submit(envelope: Envelope, start?: Work['start'], unique = false): Promise<WorkOutcome> {
    if (!this.#running) return Promise.reject(new OrqError('ORQ_ERR_ENGINE_STOPPED'));
    return new Promise((resolve, reject) => {
      this.#queue.push({
        envelope,
        ...(start ? { start } : {}),
        unique,
        attempts: 0,
        resolve,
        reject,
      });
      const wake = this.#wake;
      this.#wake = null;
      wake?.();
    });
  }

  /** The cached instance, if this process holds it (no I/O). */
  peek(instanceId: string): LiveInstance | undefined {
    return this.#cache.peek(instanceId);
  }

  /** Forgets a cached instance (e.g. after it was changed by another replica). */
  evict(instanceId: string): void {
    this.#cache.delete(instanceId);
  }

  async #run(): Promise<void> {
    while (this.#running) {
      if (this.#queue.length === 0) {
        await new Promise<void>((resolve) => (this.#wake = resolve));
        continue;
      }
      const works = this.#queue.splice(0, this.deps.options.maxBatch);
      try {
        await this.#processBatch(works);
      } catch (err) {
        await this.#retryLater(works, err);
      }
    }
  }

  async #retryLater(works: Work[], err: unknown): Promise<void> {
    this.deps.metrics.error('batch');
    this.deps.logger.error({ err: serializeError(err) }, 'batch failed; retrying');
    const again: Work[] = [];
    for (const work of works) {
      work.attempts += 1;
      if (work.attempts >= this.deps.options.maxAttempts) {
        work.reject(
          err instanceof OrqError
            ? err
            : new OrqError(
                'ORQ_ERR_STORE_UNAVAILABLE',
                { detail: String((err as Error)?.message ?? err) },
                { cause: err },
              ),
        );
      } else again.push(work);
    }
    this.#queue.unshift(...again);
    if (again.length > 0) await backoff(this.deps.options.retryDelayMs);
  }

  async #processBatch(works: Work[]): Promise<void> {
    const { store, clock } = this.deps;
    const now = clock.now();

    // 1. Dedup against the inbox and within the batch.
    const toCheck = works.filter((w) => !w.unique).map((w) => w.envelope.id);
    const seen = toCheck.length > 0 ? await store.seenEnvelopes(toCheck) : new Set<string>();
    const inBatch = new Set<string>();
    const fresh: Work[] = [];
    for (const work of works) {
      if (seen.has(work.envelope.id) || inBatch.has(work.envelope.id)) {
        work.resolve({ verdict: 'duplicate', instanceId: work.envelope.instanceId });
      } else {
        inBatch.add(work.envelope.id);
        fresh.push(work);
      }
    }
    if (fresh.length === 0) return;

    // 2. Load what is not cached; held events for instances being resumed or retried.
    const missing = [
      ...new Set(
        fresh
          .filter((w) => !w.start && !this.#cache.get(w.envelope.instanceId))
          .map((w) => w.envelope.instanceId),
      ),
    ];
    const releasing = [
      ...new Set(
        fresh
          .filter(
            (w) => w.envelope.event.type === ORQ_RESUME || w.envelope.event.type === ORQ_RETRY,
          )
          .map((w) => w.envelope.instanceId),
      ),
    ];
    const [loaded, held] = await Promise.all([
      store.loadInstances(missing),
      store.loadHeld(releasing),
    ]);
    for (const [id, l] of loaded) {
      try {
        const workflow = this.deps.registry.get(l.record.machine, l.record.machineVersion);
        this.#cache.set(id, LiveInstance.restore(workflow, l.record, l.timers, l.activities));
      } catch (err) {
        this.deps.logger.error(
          { instanceId: id, err: serializeError(err) },
          'cannot restore instance',
        );
      }
    }

    // 3. Step every envelope in arrival order.
    const touched = new Map<string, Touched>();
    const batch: CommitBatch = {
      now,
      instances: [],
      inbox: [],
      history: [],
      outbox: [],
      newActivities: [],
      activityLeaseUntil: now + this.deps.options.activityLeaseMs,
      activityStatus: [],
      retriedActivities: [],
      held: [],
      releasedHeld: [],
    };
    const answered: Array<{ work: Work; outcome: WorkOutcome }> = [];
    const statesLeft: CommittedBatch['statesLeft'] = [];
    const accepted: Work[] = [];
    const spans: Array<{ span: Span; result: StepResult }> = [];
    for (const work of fresh) {
      const span = startStepSpan({
        machine:
          work.start?.workflow.id ??
          this.#cache.peek(work.envelope.instanceId)?.workflow.id ??
          'unknown',
        instanceId: work.envelope.instanceId,
        eventType: work.envelope.event.type,
        source: work.envelope.source,
        envelopeId: work.envelope.id,
        traceparent: work.envelope.traceparent ?? null,
      });
      // Effects of this step (activities, messages) carry the step's trace context onwards.
      const traceparent = spanTraceparent(span) ?? work.envelope.traceparent;
      const envelope = traceparent ? { ...work.envelope, traceparent } : work.envelope;
      const stepStarted = performance.now();
      let result: StepResult;
      let live: LiveInstance | undefined;
      if (work.start) {
        try {
          const started = LiveInstance.start(work.start.workflow, {
            id: envelope.instanceId,
            businessKey: work.start.businessKey,
            input: work.start.input,
            now,
            envelopeId: envelope.id,
          });
          live = started.live;
          result = started.result;
          this.#cache.set(envelope.instanceId, live);
          touched.set(envelope.instanceId, { live, expectedVersion: null });
        } catch (err) {
          endSpan(span, err);
          work.reject(err);
          continue;
        }
      } else {
        live = this.#cache.get(envelope.instanceId);
        if (!live) {
          work.reject(
            new OrqError('ORQ_ERR_INSTANCE_NOT_FOUND', { instanceId: envelope.instanceId }),
          );
          continue;
        }
        if (!touched.has(envelope.instanceId))
          touched.set(envelope.instanceId, { live, expectedVersion: live.committedVersion });
        const releasing =
          work.envelope.event.type === ORQ_RESUME || work.envelope.event.type === ORQ_RETRY;
        // Held before this batch (rows) and held earlier in this batch (not yet written).
        const stored = releasing ? (held.get(envelope.instanceId) ?? []) : [];
        const fromBatch = releasing
          ? batch.held.filter((h) => h.instanceId === envelope.instanceId)
          : [];
        result = live.apply(envelope, now, [
          ...stored.map((h) => h.envelope),
          ...fromBatch.map((h) => h.envelope),
        ]);
        if (result.verdict !== 'ignored' && releasing) {
          batch.releasedHeld.push(...stored.map((h) => h.id));
          batch.held = batch.held.filter((h) => !fromBatch.includes(h));
          held.delete(envelope.instanceId);
        }
      }
      this.deps.metrics.stepDuration(live.workflow.id, (performance.now() - stepStarted) / 1000);
      this.deps.metrics.eventReceived(envelope.source, live.workflow.id);
      spans.push({ span, result });
      this.#collect(batch, live, envelope, result, work.unique);
      for (const left of result.statesLeft) statesLeft.push({ machine: live.workflow.id, ...left });
      accepted.push(work);
      answered.push({
        work,
        outcome: {
          verdict: result.verdict,
          instanceId: envelope.instanceId,
          machine: live.workflow.id,
          ...(result.reason ? { reason: result.reason } : {}),
        },
      });
    }
    if (touched.size === 0) return;

    for (const { live, expectedVersion } of touched.values()) {
      const value = live.status === 'failed' ? failedValue(live) : live.stateValue;
      batch.instances.push({
        record: live.record,
        stateValue: value,
        statePaths: statePaths(value),
        expectedVersion,
        timers:
          live.status === 'active' || live.status === 'paused' || live.status === 'failed'
            ? live.timers
            : [],
      });
    }

    // An activity started and cancelled within this batch never needs a row.
    const settled = new Map(batch.activityStatus.map((a) => [a.id, a.status]));
    const dropped = new Set(
      batch.newActivities.filter((a) => settled.get(a.id) === 'cancelled').map((a) => a.id),
    );
    if (dropped.size > 0) {
      batch.newActivities = batch.newActivities.filter((a) => !dropped.has(a.id));
      batch.activityStatus = batch.activityStatus.filter((a) => !dropped.has(a.id));
    }

    // 4. Commit.
    const commitStarted = performance.now();
    const outcome = await store.commit(batch);
    this.deps.metrics.commitBatch(accepted.length, (performance.now() - commitStarted) / 1000);
    for (const { span, result } of spans) {
      endSpan(
        span,
        !outcome.ok
          ? `commit conflict (${outcome.reason})`
          : result.verdict === 'failed'
            ? result.reason
            : undefined,
      );
    }
    if (!outcome.ok) {
      for (const id of touched.keys()) this.#cache.delete(id);
      await this.#onConflict(accepted, outcome.reason, outcome.instanceIds);
      return;
    }

    // 5. Answer and hand effects on.
    const committed: CommittedBatch = {
      transitions: [],
      timers: new Map(),
      hasOutbox: batch.outbox.length > 0,
      hasActivities: batch.retriedActivities.length > 0,
      leasedActivities: batch.newActivities.map((a) => ({
        id: a.id,
        instanceId: a.instanceId,
        machine: a.machine,
        machineVersion: a.machineVersion,
        actorPath: a.actorPath,
        activityType: a.activityType,
        input: a.input,
        attempt: 1,
        traceparent: a.traceparent,
      })),
      finished: [],
      started: [],
      statesLeft,
    };
    for (const h of batch.history) {
      committed.transitions.push({
        instanceId: h.instanceId,
        machine: h.machine,
        version: h.machineVersion,
        seq: h.seq,
        position: outcome.positions.get(`${h.instanceId}:${h.seq}`) ?? '0',
        event: h.event,
        from: h.from,
        to: h.to,
        status: h.status,
        contextChanges: h.contextChanges,
        envelopeId: h.envelopeId,
        source: h.source,
        at: new Date(h.at).toISOString(),
      });
    }
    for (const [id, { live, expectedVersion }] of touched) {
      live.committedVersion = live.record.version;
      committed.timers.set(id, live.status === 'active' ? live.timers : []);
      if (expectedVersion === null) committed.started.push(live.workflow.id);
      // Finished instances leave the cache; a failed one is restored from its last good snapshot on retry.
      if (live.status === 'done' || live.status === 'cancelled' || live.status === 'failed')
        this.#cache.delete(id);
    }
    for (const t of committed.transitions) {
      if (t.status === 'done' || t.status === 'failed' || t.status === 'cancelled')
        committed.finished.push({ machine: t.machine, status: t.status });
    }
    this.#cache.trim(new Set(touched.keys()));
    for (const { work, outcome: o } of answered) work.resolve(o);
    try {
      this.deps.onCommitted(committed);
    } catch (err) {
      this.deps.logger.error({ err: serializeError(err) }, 'after-commit handler failed');
    }
  }

  #collect(
    batch: CommitBatch,
    live: LiveInstance,
    envelope: Envelope,
    result: StepResult,
    unique: boolean,
  ): void {
    const instanceId = live.record.id;
    // An id the engine just generated can never arrive again: no inbox row needed for it.
    if (!unique) batch.inbox.push({ envelopeId: envelope.id, instanceId });
    for (const t of result.transitions) {
      batch.history.push({
        ...t,
        instanceId,
        machine: live.workflow.id,
        machineVersion: live.workflow.version,
      });
    }
    for (const o of result.outbox) batch.outbox.push({ ...o, instanceId });
    for (const a of result.newActivities)
      batch.newActivities.push({
        ...a,
        instanceId,
        machine: live.workflow.id,
        machineVersion: live.workflow.version,
      });
    for (const id of result.cancelledActivities)
      batch.activityStatus.push({ id, status: 'cancelled' });
    for (const f of result.finishedActivities) batch.activityStatus.push(f);
    batch.retriedActivities.push(...result.retriedActivities);
    if (result.verdict === 'held') batch.held.push({ instanceId, envelope });
  }

  async #onConflict(
    works: Work[],
    reason: 'version' | 'inbox' | 'key',
    instanceIds: string[],
  ): Promise<void> {
    this.deps.metrics.error(`conflict_${reason}`);
    this.deps.logger.warn(
      { reason, instances: instanceIds.length },
      'commit conflict; re-running batch',
    );
    const again: Work[] = [];
    for (const work of works) {
      if (reason === 'key' && work.start && instanceIds.includes(work.envelope.instanceId)) {
        work.resolve({ verdict: 'existing', instanceId: work.envelope.instanceId });
        continue;
      }
      work.attempts += 1;
      if (work.attempts >= this.deps.options.maxAttempts) {
        work.reject(
          new OrqError('ORQ_ERR_VERSION_CONFLICT', { instanceId: work.envelope.instanceId }),
        );
      } else again.push(work);
    }
    this.#queue.unshift(...again);
    if (reason !== 'key') await backoff(Math.min(50, this.deps.options.retryDelayMs));
  }
}

/** A failed instance keeps the state value of its last good snapshot. */
function failedValue(live: LiveInstance): StateValue {
  const snapshot = live.record.snapshot as { value?: StateValue } | null;
  return snapshot?.value ?? live.stateValue;
}

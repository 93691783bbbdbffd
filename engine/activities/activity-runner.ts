/**
 * Runs activities (the promise actors machines invoke) after their step has committed: at least
 * once, with the workflow's retry policy, backoff and timeout, and an idempotency key (the
 * activity id) that stays the same across retries and restarts. Work is leased from Postgres
 * (FOR UPDATE SKIP LOCKED), so a crashed process's activities are run again after the lease, and
 * two replicas never run the same attempt. The result goes back to the instance as an envelope.
 */
import type { Clock, TimerHandle } from '../clock.js';
import { OrqError, isRetriable, serializeError, type SerializedError } from '../errors.js';
import type { Logger } from '../logger.js';
import { ORQ_ACTIVITY_RESULT } from '../step/internal-events.js';
import type { ClaimedActivity, InstanceStore } from '../store/store.js';
import type { EngineMetrics } from '../telemetry/metrics.js';
import { endSpan, startActivitySpan, withSpan } from '../telemetry/tracing.js';
import type { Envelope } from '../types.js';
import type { ResolvedActivity } from '../workflow/define-workflow.js';
import type { WorkflowRegistry } from '../workflow/registry.js';
import { retryDelayMs } from '../workflow/retry-policy.js';

export interface ActivityRunnerOptions {
  pollIntervalMs: number;
  concurrency: number;
  /** Added to an activity's timeout to form its lease. */
  leaseMarginMs: number;
}

/** A task for a remote worker (the wire format is in engine/protocol and docs/protocol.md). */
export interface RemoteTask {
  topic: string;
  activityId: string;
  activityType: string;
  instanceId: string;
  machine: string;
  attempt: number;
  input: unknown;
  timeoutMs: number;
  traceparent: string | null;
}

/** The port to workers in other processes: sends the task, resolves with its output or rejects with its error. */
export interface RemoteActivityDispatcher {
  dispatch(task: RemoteTask, signal: AbortSignal): Promise<unknown>;
}

/** What an activity function receives beside XState's `{ input, signal }`. */
export interface ActivityContext {
  input: unknown;
  signal: AbortSignal;
  /** Same for every attempt of this invocation, across restarts: use it to dedupe side effects. */
  idempotencyKey: string;
  attempt: number;
  activityType: string;
  instanceId: string;
}

export class ActivityRunner {
  #running = false;
  #active = 0;
  #pollHandle: TimerHandle | null = null;
  #claiming = false;
  #again = false;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #leased: ClaimedActivity[] = [];

  constructor(
    private readonly deps: {
      store: InstanceStore;
      registry: WorkflowRegistry;
      clock: Clock;
      logger: Logger;
      metrics: EngineMetrics;
      options: ActivityRunnerOptions;
      remote?: RemoteActivityDispatcher;
      deliver: (envelope: Envelope) => Promise<void>;
    },
  ) {}

  start(): void {
    this.#running = true;
    this.kick();
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#pollHandle !== null) this.deps.clock.clearTimeout(this.#pollHandle);
    await Promise.allSettled([...this.#inFlight]);
  }

  get active(): number {
    return this.#active;
  }

  /** Runs activities the commit leased to this process; beyond the concurrency they wait here. */
  runLeased(activities: ClaimedActivity[]): void {
    if (!this.#running) return;
    this.#leased.push(...activities);
    this.#drainLeased();
  }

  #drainLeased(): void {
    while (this.#leased.length > 0 && this.#active < this.deps.options.concurrency) {
      this.#track(this.#run(this.#leased.shift()!));
    }
  }

  /** Looks for runnable activities now (retries, rows of a crashed process). */
  kick(): void {
    if (!this.#running) return;
    if (this.#claiming) {
      this.#again = true;
      return;
    }
    void this.#claim();
  }

  async #claim(): Promise<void> {
    this.#claiming = true;
    try {
      do {
        this.#again = false;
        const free = this.deps.options.concurrency - this.#active - this.#leased.length;
        if (free <= 0) break;
        const claimed = await this.deps.store.claimActivities(
          this.deps.clock.now(),
          this.#leaseMs(),
          free,
        );
        for (const activity of claimed) this.#track(this.#run(activity));
        if (claimed.length === free) this.#again = true;
      } while (this.#again && this.#running);
    } catch (err) {
      this.deps.logger.warn({ err: (err as Error).message }, 'activity claim failed');
    } finally {
      this.#claiming = false;
      if (this.#pollHandle !== null) this.deps.clock.clearTimeout(this.#pollHandle);
      if (this.#running)
        this.#pollHandle = this.deps.clock.setTimeout(
          () => this.kick(),
          this.deps.options.pollIntervalMs,
        );
    }
  }

  #leaseMs(): number {
    let longest = 0;
    for (const w of this.deps.registry.all())
      for (const a of w.activities.values()) longest = Math.max(longest, a.timeoutMs);
    return longest + this.deps.options.leaseMarginMs;
  }

  #track(p: Promise<void>): void {
    this.#active += 1;
    this.#inFlight.add(p);
    void p.finally(() => {
      this.#active -= 1;
      this.#inFlight.delete(p);
      if (this.#leased.length > 0) this.#drainLeased();
    });
  }

  async #run(claimed: ClaimedActivity): Promise<void> {
    const started = performance.now();
    let spec: ResolvedActivity | undefined;
    try {
      spec = this.deps.registry
        .get(claimed.machine, claimed.machineVersion)
        .activities.get(claimed.activityType);
    } catch {
      spec = undefined;
    }
    if (!spec?.run && !(spec?.remoteTopic && this.deps.remote)) {
      await this.#finish(claimed, false, undefined, {
        code: 'ORQ_ERR_ACTIVITY_FAILED',
        message: `No local implementation for activity ${claimed.activityType}`,
        details: { activityType: claimed.activityType, attempt: claimed.attempt },
      });
      return;
    }
    const span = startActivitySpan({
      activityType: claimed.activityType,
      instanceId: claimed.instanceId,
      machine: claimed.machine,
      attempt: claimed.attempt,
      traceparent: claimed.traceparent,
    });
    try {
      const output = await withSpan(span, () => this.#attempt(spec, claimed));
      endSpan(span);
      this.deps.metrics.activityCompleted(
        claimed.activityType,
        (performance.now() - started) / 1000,
        'ok',
      );
      await this.#finish(claimed, true, output);
    } catch (err) {
      endSpan(span, err);
      const retriable = isRetriable(err) && !spec.retry.nonRetryable.includes(errorName(err));
      const error = wrap(err, claimed, spec);
      if (retriable && claimed.attempt < spec.retry.maxAttempts) {
        this.deps.metrics.activityCompleted(
          claimed.activityType,
          (performance.now() - started) / 1000,
          'retry',
        );
        const next = this.deps.clock.now() + retryDelayMs(spec.retry, claimed.attempt + 1);
        await this.deps.store.scheduleActivityRetry(claimed.id, claimed.attempt, next, error);
        return;
      }
      this.deps.metrics.activityCompleted(
        claimed.activityType,
        (performance.now() - started) / 1000,
        'failed',
      );
      await this.#finish(claimed, false, undefined, error);
    }
  }

  #attempt(spec: ResolvedActivity, claimed: ClaimedActivity): Promise<unknown> {
    const controller = new AbortController();
    const context: ActivityContext = {
      input: claimed.input,
      signal: controller.signal,
      idempotencyKey: claimed.id,
      attempt: claimed.attempt,
      activityType: claimed.activityType,
      instanceId: claimed.instanceId,
    };
    return new Promise((resolve, reject) => {
      const timer = this.deps.clock.setTimeout(() => {
        controller.abort();
        reject(
          new OrqError('ORQ_ERR_ACTIVITY_TIMEOUT', {
            activityType: claimed.activityType,
            timeoutMs: spec.timeoutMs,
          }),
        );
      }, spec.timeoutMs);
      // A remote topic wins when a dispatcher is wired (Kafka mode); the local function otherwise.
      const remote = spec.remoteTopic !== null ? this.deps.remote : undefined;
      const task: RemoteTask | null = remote
        ? {
            topic: spec.remoteTopic!,
            activityId: claimed.id,
            activityType: claimed.activityType,
            instanceId: claimed.instanceId,
            machine: claimed.machine,
            attempt: claimed.attempt,
            input: claimed.input,
            timeoutMs: spec.timeoutMs,
            traceparent: claimed.traceparent,
          }
        : null;
      Promise.resolve()
        .then(() =>
          remote && task ? remote.dispatch(task, controller.signal) : spec.run!(context),
        )
        .then(resolve, reject)
        .finally(() => this.deps.clock.clearTimeout(timer));
    });
  }

  async #finish(
    claimed: ClaimedActivity,
    ok: boolean,
    output?: unknown,
    error?: SerializedError,
  ): Promise<void> {
    const envelope: Envelope = {
      id: `activity:${claimed.id}:${claimed.attempt}:${ok ? 'ok' : 'failed'}:${this.deps.clock.now()}`,
      instanceId: claimed.instanceId,
      event: {
        type: ORQ_ACTIVITY_RESULT,
        activityId: claimed.id,
        actorPath: claimed.actorPath,
        activityType: claimed.activityType,
        ok,
        ...(ok ? { output: output ?? null } : { error }),
      },
      source: 'activity',
      ...(claimed.traceparent ? { traceparent: claimed.traceparent } : {}),
    };
    try {
      await this.deps.deliver(envelope);
    } catch (err) {
      // Not committed: the lease runs out and the activity runs again (at least once).
      this.deps.logger.warn(
        { activityId: claimed.id, err: (err as Error).message },
        'activity result not delivered',
      );
    }
  }
}

function errorName(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const e = err as { code?: unknown; name?: unknown };
    if (typeof e.code === 'string') return e.code;
    if (typeof e.name === 'string') return e.name;
  }
  return 'Error';
}

function wrap(err: unknown, claimed: ClaimedActivity, spec: ResolvedActivity): SerializedError {
  const cause = serializeError(err, 'ORQ_ERR_ACTIVITY_FAILED');
  if (cause.code === 'ORQ_ERR_ACTIVITY_TIMEOUT')
    return { ...cause, details: { ...cause.details, attempt: claimed.attempt } };
  return {
    code: 'ORQ_ERR_ACTIVITY_FAILED',
    message: `Activity ${spec.name} failed after ${claimed.attempt} attempt(s): ${cause.message}`,
    details: { activityType: spec.name, attempt: claimed.attempt, retryState: 'exhausted', cause },
  };
}

/** An activity's lease: the longest activity timeout of any registered workflow, plus a margin. */
export function activityLeaseMs(registry: WorkflowRegistry, marginMs: number): number {
  let longest = 0;
  for (const w of registry.all())
    for (const a of w.activities.values()) longest = Math.max(longest, a.timeoutMs);
  return longest + marginMs;
}

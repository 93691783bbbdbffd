/**
 * Durable timers. Timer rows are written with the snapshot, in the same transaction; this service
 * turns due rows into envelopes. It keeps in memory only the timers due within a look-ahead window
 * (armed on the injected clock), and polls Postgres for the rest, for rows left by a crashed
 * process and for rows of instances this process does not hold. A timer keeps its original
 * deadline across restarts: an overdue one fires at once, in due order. The envelope id carries
 * the deadline, so a timer fires once even if two pollers see it.
 */
import type { Clock, TimerHandle } from '../clock.js';
import type { Logger } from '../logger.js';
import { ORQ_TIMER } from '../step/internal-events.js';
import type { TimerRecord } from '../step/step-types.js';
import type { DueTimer, InstanceStore } from '../store/store.js';
import type { Envelope } from '../types.js';

export interface TimerServiceOptions {
  pollIntervalMs: number;
  lookaheadMs: number;
  pollLimit: number;
}

interface Armed {
  timer: DueTimer;
  handle: TimerHandle;
}

export class TimerService {
  readonly #armed = new Map<string, Armed>();
  readonly #byInstance = new Map<string, Set<string>>();
  readonly #inFlight = new Set<string>();
  #pollHandle: TimerHandle | null = null;
  #running = false;

  constructor(
    private readonly deps: {
      store: InstanceStore;
      clock: Clock;
      logger: Logger;
      options: TimerServiceOptions;
      /** Delivers the firing; resolves once it has committed (or was found stale). */
      fire: (envelope: Envelope, lagMs: number) => Promise<void>;
    },
  ) {}

  start(): void {
    this.#running = true;
    void this.poll();
  }

  stop(): void {
    this.#running = false;
    if (this.#pollHandle !== null) this.deps.clock.clearTimeout(this.#pollHandle);
    for (const a of this.#armed.values())
      if (a.handle !== 0) this.deps.clock.clearTimeout(a.handle);
    this.#armed.clear();
    this.#byInstance.clear();
  }

  /** After a commit: the instance's timers are now exactly these. */
  replace(instanceId: string, timers: TimerRecord[]): void {
    const wanted = new Map<string, DueTimer>();
    const horizon = this.deps.clock.now() + this.deps.options.lookaheadMs;
    for (const t of timers) {
      if (t.dueAt > horizon) continue;
      const due: DueTimer = {
        instanceId,
        sourcePath: t.sourcePath,
        timerId: t.timerId,
        dueAt: t.dueAt,
      };
      wanted.set(keyOf(due), due);
    }
    for (const key of this.#byInstance.get(instanceId) ?? []) {
      if (!wanted.has(key)) this.#disarm(key);
    }
    for (const due of wanted.values()) this.#arm(due);
  }

  /** Reads due and soon-due rows and arms them. Runs periodically while started. */
  async poll(): Promise<void> {
    if (!this.#running) return;
    try {
      const due = await this.deps.store.dueTimers(
        this.deps.clock.now() + this.deps.options.lookaheadMs,
        this.deps.options.pollLimit,
      );
      for (const t of due) this.#arm(t);
    } catch (err) {
      this.deps.logger.warn({ err: (err as Error).message }, 'timer poll failed');
    }
    if (this.#running)
      this.#pollHandle = this.deps.clock.setTimeout(
        () => void this.poll(),
        this.deps.options.pollIntervalMs,
      );
  }

  #arm(timer: DueTimer): void {
    const key = keyOf(timer);
    if (this.#armed.has(key) || this.#inFlight.has(key)) return;
    const delayMs = timer.dueAt - this.deps.clock.now();
    // An overdue timer fires now (in due order, as the poll returns them), not on a later tick.
    const handle = delayMs <= 0 ? 0 : this.deps.clock.setTimeout(() => this.#fire(key), delayMs);
    this.#armed.set(key, { timer, handle });
    const set = this.#byInstance.get(timer.instanceId) ?? new Set<string>();
    set.add(key);
    this.#byInstance.set(timer.instanceId, set);
    if (delayMs <= 0) this.#fire(key);
  }

  #disarm(key: string): void {
    const armed = this.#armed.get(key);
    if (!armed) return;
    if (armed.handle !== 0) this.deps.clock.clearTimeout(armed.handle);
    this.#forget(key, armed.timer.instanceId);
  }

  #forget(key: string, instanceId: string): void {
    this.#armed.delete(key);
    const set = this.#byInstance.get(instanceId);
    set?.delete(key);
    if (set && set.size === 0) this.#byInstance.delete(instanceId);
  }

  #fire(key: string): void {
    const armed = this.#armed.get(key);
    if (!armed) return;
    this.#forget(key, armed.timer.instanceId);
    this.#inFlight.add(key);
    const t = armed.timer;
    const envelope: Envelope = {
      id: `timer:${key}`,
      instanceId: t.instanceId,
      event: { type: ORQ_TIMER, sourcePath: t.sourcePath, timerId: t.timerId, dueAt: t.dueAt },
      source: 'timer',
    };
    const lagMs = this.deps.clock.now() - t.dueAt;
    this.deps
      .fire(envelope, lagMs)
      .catch((err: unknown) =>
        this.deps.logger.warn(
          { err: (err as Error).message, timer: key },
          'timer delivery failed; the poller retries',
        ),
      )
      .finally(() => this.#inFlight.delete(key));
  }
}

function keyOf(t: DueTimer): string {
  return `${t.instanceId}:${t.sourcePath}:${t.timerId}:${t.dueAt}`;
}

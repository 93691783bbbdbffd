/**
 * One machine: its statechart (one version), the live heatmap (per-state counts and p50/p95 from
 * `/api/machines/:id/stats`, refetched at most once a second while transitions of this machine
 * arrive), and the "stuck" list: instances in their state longer than a threshold.
 */
import type { InstanceView, MachineGraph, MachineSummary, StateStats } from '../api-types.js';
import { describeError, isAbort } from '../services/api-error.js';
import { parseDurationMs } from '../utilities/format-duration.js';
import { statesWithStuckInstances, stuckInstances } from '../utilities/stuck.js';
import { throttle } from '../utilities/throttle.js';
import { api } from './api.js';
import { onResync, onTransition } from './live.svelte.js';

const STATS_REFRESH_MS = 1_000;
const STUCK_REFRESH_MS = 5_000;
/** States searched for stuck instances, and instances read per state. */
const STUCK_MAX_STATES = 12;
const STUCK_PAGE = 500;

export class MachineViewStore {
  graph = $state.raw<MachineGraph | null>(null);
  summary = $state.raw<MachineSummary | null>(null);
  stats = $state.raw<Map<string, StateStats>>(new Map());
  statsAt = $state<number | null>(null);
  error = $state<string | null>(null);
  stuckThreshold = $state('5m');
  stuck = $state.raw<InstanceView[]>([]);
  stuckLoading = $state(false);
  /** True when some state had more candidates than one page. */
  stuckTruncated = $state(false);
  #controller = new AbortController();

  constructor(
    readonly machineId: string,
    readonly version: number | null,
  ) {}

  get thresholdMs(): number | null {
    return parseDurationMs(this.stuckThreshold);
  }

  start(): () => void {
    const signal = this.#controller.signal;
    const refreshStats = throttle(() => void this.loadStats(), STATS_REFRESH_MS);
    const refreshStuck = throttle(() => void this.loadStuck(), STUCK_REFRESH_MS);
    void this.load();
    const offTransition = onTransition((t) => {
      if (t.machine !== this.machineId) return;
      refreshStats();
      refreshStuck();
    });
    const offResync = onResync(() => void this.load());
    return () => {
      refreshStats.cancel();
      refreshStuck.cancel();
      offTransition();
      offResync();
      if (!signal.aborted) this.#controller.abort();
    };
  }

  async load(): Promise<void> {
    const signal = this.#controller.signal;
    try {
      const [graph, machines] = await Promise.all([
        api.machineGraph(this.machineId, this.version, signal),
        api.listMachines(signal),
      ]);
      this.graph = graph;
      this.summary = machines.find((m) => m.id === this.machineId) ?? null;
      this.error = null;
      await this.loadStats();
      await this.loadStuck();
    } catch (err) {
      if (!isAbort(err)) this.error = describeError(err);
    }
  }

  async loadStats(): Promise<void> {
    try {
      const response = await api.machineStats(
        this.machineId,
        this.version,
        this.#controller.signal,
      );
      this.stats = new Map(response.states.map((s) => [s.state, s]));
      this.statsAt = Date.now();
    } catch (err) {
      if (!isAbort(err)) this.error = describeError(err);
    }
  }

  /**
   * Instances in their state longer than the threshold. The stats name the states holding any
   * (their oldest visitor is older than the threshold); such an instance was necessarily created
   * before now − threshold, which narrows the query on the server.
   */
  async loadStuck(): Promise<void> {
    const thresholdMs = this.thresholdMs;
    if (thresholdMs === null) return;
    const signal = this.#controller.signal;
    const states = statesWithStuckInstances([...this.stats.values()], thresholdMs)
      .filter((s) => !this.#hasChildStats(s.state))
      .slice(0, STUCK_MAX_STATES);
    this.stuckLoading = true;
    try {
      const now = Date.now();
      const createdBefore = new Date(now - thresholdMs).toISOString();
      const pages = await Promise.all(
        states.map((s) =>
          api.listInstances(
            { machine: this.machineId, state: s.state, createdBefore, limit: STUCK_PAGE },
            signal,
          ),
        ),
      );
      this.stuckTruncated = pages.some((p) => p.nextCursor !== null);
      this.stuck = stuckInstances(
        pages.flatMap((p) => p.items),
        thresholdMs,
        now,
      );
    } catch (err) {
      if (!isAbort(err)) this.error = describeError(err);
    } finally {
      this.stuckLoading = false;
    }
  }

  /** Parent states repeat their children's instances; search the leaves only. */
  #hasChildStats(path: string): boolean {
    for (const key of this.stats.keys()) if (key.startsWith(`${path}.`)) return true;
    return false;
  }

  async startInstance(body: { key?: string; input?: unknown }): Promise<InstanceView> {
    return api.startInstance({
      machine: this.machineId,
      ...(this.version ? { version: this.version } : {}),
      ...body,
    });
  }
}

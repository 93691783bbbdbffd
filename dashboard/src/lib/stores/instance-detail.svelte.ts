/**
 * One instance: its view, its whole history, the statechart of its machine version, and what the
 * operator does to it (send an event, cancel, pause, resume, retry). Live transitions of this
 * instance extend the history and move the instance; a gap in `seq` refetches what was missed.
 * `selectedSeq` is time travel: null follows the present, a number shows the chart and context as
 * they were after that step.
 */
import type {
  InstanceControl,
  InstanceView,
  MachineGraph,
  StreamTransition,
  TransitionRecord,
} from '../api-types.js';
import { describeError, isAbort } from '../services/api-error.js';
import { applyTransition } from '../utilities/apply-transition.js';
import { throttle } from '../utilities/throttle.js';
import { api } from './api.js';
import { onResync, onTransition } from './live.svelte.js';

/** A timeline entry: a recorded transition, or one that just arrived on the stream. */
export type TimelineEntry = Omit<TransitionRecord, 'envelopeId' | 'source'> & {
  source: TransitionRecord['source'] | null;
};

const REFRESH_MS = 300;
const CONTROL_DONE: Record<InstanceControl, string> = {
  cancel: 'Cancelled',
  pause: 'Paused',
  resume: 'Resumed',
  retry: 'Retried',
};
/** How long a confirmation ('Approve accepted') stays. */
const MESSAGE_MS = 4_000;

export class InstanceDetailStore {
  instance = $state.raw<InstanceView | null>(null);
  history = $state.raw<TimelineEntry[]>([]);
  graph = $state.raw<MachineGraph | null>(null);
  selectedSeq = $state<number | null>(null);
  error = $state<string | null>(null);
  notFound = $state(false);
  busy = $state<string | null>(null);
  actionError = $state<string | null>(null);
  actionMessage = $state<string | null>(null);
  #controller = new AbortController();

  constructor(readonly instanceId: string) {}

  /** The step shown: the selected one, or the latest. */
  get shownSeq(): number {
    return this.selectedSeq ?? this.history.at(-1)?.seq ?? 0;
  }

  get timeTravelling(): boolean {
    return this.selectedSeq !== null && this.selectedSeq !== this.history.at(-1)?.seq;
  }

  start(): () => void {
    const refresh = throttle(() => void this.#refreshInstance(), REFRESH_MS);
    void this.load();
    const offTransition = onTransition((t) => {
      if (t.instanceId !== this.instanceId) return;
      this.#applyLive(t);
      refresh();
    });
    const offResync = onResync(() => void this.load());
    return () => {
      refresh.cancel();
      offTransition();
      offResync();
      this.#controller.abort();
    };
  }

  async load(): Promise<void> {
    const signal = this.#controller.signal;
    try {
      const instance = await api.instance(this.instanceId, signal);
      const [history, graph] = await Promise.all([
        api.fullHistory(this.instanceId, 0, signal),
        this.graph?.version === instance.version && this.graph.machine === instance.machine
          ? Promise.resolve(this.graph)
          : api.machineGraph(instance.machine, instance.version, signal),
      ]);
      this.instance = instance;
      this.history = history;
      this.graph = graph;
      this.error = null;
    } catch (err) {
      if (isAbort(err)) return;
      this.notFound = (err as { status?: number }).status === 404;
      this.error = describeError(err);
    }
  }

  #applyLive(t: StreamTransition): void {
    const last = this.history.at(-1)?.seq ?? 0;
    if (t.seq <= last) return;
    if (t.seq !== last + 1) {
      void this.#catchUp(last);
      return;
    }
    const { type: _type, ...record } = t;
    this.history = [...this.history, { ...record, source: null }];
    if (this.instance) this.instance = applyTransition(this.instance, t).instance;
  }

  async #catchUp(after: number): Promise<void> {
    try {
      const missed = await api.fullHistory(this.instanceId, after, this.#controller.signal);
      const last = this.history.at(-1)?.seq ?? 0;
      this.history = [...this.history, ...missed.filter((m) => m.seq > last)];
      await this.#refreshInstance();
    } catch (err) {
      if (!isAbort(err)) this.error = describeError(err);
    }
  }

  async #refreshInstance(): Promise<void> {
    try {
      const fresh = await api.instance(this.instanceId, this.#controller.signal);
      if (!this.instance || fresh.seq >= this.instance.seq) this.instance = fresh;
    } catch (err) {
      if (!isAbort(err)) this.error = describeError(err);
    }
  }

  async sendEvent(event: { type: string; [key: string]: unknown }): Promise<boolean> {
    return this.#act(`send ${event.type}`, async () => {
      await api.sendEvent(this.instanceId, event, this.#controller.signal);
      return `${event.type} accepted`;
    });
  }

  async control(action: InstanceControl): Promise<boolean> {
    return this.#act(action, async () => {
      const instance = await api.control(this.instanceId, action, this.#controller.signal);
      if (!this.instance || instance.seq >= this.instance.seq) this.instance = instance;
      return CONTROL_DONE[action];
    });
  }

  async #act(label: string, run: () => Promise<string>): Promise<boolean> {
    this.busy = label;
    this.actionError = null;
    this.actionMessage = null;
    try {
      const message = await run();
      this.actionMessage = message;
      setTimeout(() => {
        if (this.actionMessage === message) this.actionMessage = null;
      }, MESSAGE_MS);
      return true;
    } catch (err) {
      if (!isAbort(err)) this.actionError = describeError(err);
      return false;
    } finally {
      this.busy = null;
    }
  }
}

/** The machines list with live instance counts (refetched, throttled, as transitions arrive). */
import type { MachineSummary } from '../api-types.js';
import { describeError, isAbort } from '../services/api-error.js';
import { throttle } from '../utilities/throttle.js';
import { api } from './api.js';
import { onResync, onTransition } from './live.svelte.js';

const REFRESH_MS = 1_000;

export class MachinesStore {
  machines = $state.raw<MachineSummary[]>([]);
  loading = $state(true);
  error = $state<string | null>(null);

  /** Loads now and keeps the counts live; returns the stopper. */
  start(): () => void {
    const controller = new AbortController();
    const load = async () => {
      try {
        this.machines = await api.listMachines(controller.signal);
        this.error = null;
      } catch (err) {
        if (!isAbort(err)) this.error = describeError(err);
      } finally {
        this.loading = false;
      }
    };
    const refresh = throttle(() => void load(), REFRESH_MS);
    void load();
    const offTransition = onTransition(() => refresh());
    const offResync = onResync(() => void load());
    return () => {
      refresh.cancel();
      offTransition();
      offResync();
      controller.abort();
    };
  }
}

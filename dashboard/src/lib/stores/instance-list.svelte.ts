/**
 * The instances table: filters, cursor pagination (newest first, as the API pages), and live
 * updates. Rows on screen move with their transitions; new instances that match the filters are
 * prepended on the first page, or counted ("3 new") on later pages so the page under the reader's
 * eyes does not shift.
 */
import type { InstanceView, StreamTransition } from '../api-types.js';
import { describeError, isAbort } from '../services/api-error.js';
import { applyTransition } from '../utilities/apply-transition.js';
import {
  EMPTY_FILTERS,
  filtersToQuery,
  filtersToSearch,
  matchesFilters,
  type InstanceFilters,
} from '../utilities/instance-filter.js';
import { throttle } from '../utilities/throttle.js';
import { api } from './api.js';
import { onResync, onTransition } from './live.svelte.js';

export const PAGE_SIZES = [25, 50, 100, 200] as const;
/** Fetch newly started instances at most this often. */
const NEW_ROWS_MS = 500;
/** Past this many live-prepended rows the first page is reloaded instead. */
const MAX_ROWS = 400;

export class InstanceListStore {
  rows = $state.raw<InstanceView[]>([]);
  loading = $state(true);
  error = $state<string | null>(null);
  pageSize = $state<number>(50);
  /** Cursors of the pages before the current one ([] on the first page). */
  previous = $state<Array<string | null>>([]);
  cursor = $state<string | null>(null);
  nextCursor = $state<string | null>(null);
  /** New matching instances not shown because this is not the first page. */
  newCount = $state(0);
  /** Ids of rows that changed in the last moment (for a brief highlight). */
  flashed = $state.raw<Set<string>>(new Set());
  #pendingNew = new Set<string>();
  #loadTicket = 0;
  #controller = new AbortController();

  filters = $state.raw<InstanceFilters>(EMPTY_FILTERS);

  constructor(filters: InstanceFilters) {
    this.filters = filters;
  }

  /** New filters from the page URL: back to the first page. */
  setFilters(filters: InstanceFilters): void {
    if (filtersToSearch(filters) === filtersToSearch(this.filters)) return;
    this.filters = filters;
    this.previous = [];
    this.newCount = 0;
    void this.load(null);
  }

  get page(): number {
    return this.previous.length + 1;
  }

  start(): () => void {
    const fetchNew = throttle(() => void this.#fetchNew(), NEW_ROWS_MS);
    void this.load(null);
    const offTransition = onTransition((t) => {
      if (this.#applyLive(t)) fetchNew();
    });
    const offResync = onResync(() => void this.load(this.cursor));
    return () => {
      fetchNew.cancel();
      offTransition();
      offResync();
      this.#controller.abort();
    };
  }

  async load(cursor: string | null): Promise<void> {
    const ticket = ++this.#loadTicket;
    this.loading = true;
    try {
      const page = await api.listInstances(
        {
          ...filtersToQuery(this.filters, Date.now()),
          limit: this.pageSize,
          cursor: cursor ?? undefined,
        },
        this.#controller.signal,
      );
      if (ticket !== this.#loadTicket) return; // a newer load (other filters or page) won
      this.rows = page.items;
      this.cursor = cursor;
      this.nextCursor = page.nextCursor;
      if (cursor === null) this.newCount = 0;
      this.error = null;
    } catch (err) {
      if (!isAbort(err) && ticket === this.#loadTicket) this.error = describeError(err);
    } finally {
      if (ticket === this.#loadTicket) this.loading = false;
    }
  }

  async next(): Promise<void> {
    if (!this.nextCursor) return;
    const from = this.cursor;
    await this.load(this.nextCursor);
    this.previous = [...this.previous, from];
  }

  async prev(): Promise<void> {
    if (this.previous.length === 0) return;
    const back = this.previous.at(-1) ?? null;
    await this.load(back);
    this.previous = this.previous.slice(0, -1);
  }

  async first(): Promise<void> {
    this.previous = [];
    await this.load(null);
  }

  async setPageSize(size: number): Promise<void> {
    this.pageSize = size;
    await this.first();
  }

  /** Applies a transition to its row; returns true when a new instance may need fetching. */
  #applyLive(t: StreamTransition): boolean {
    const index = this.rows.findIndex((r) => r.id === t.instanceId);
    const row = this.rows[index];
    if (row) {
      const { instance, changed } = applyTransition(row, t);
      if (changed) {
        this.rows = this.rows.with(index, instance);
        this.#flash(t.instanceId);
      }
      return false;
    }
    if (t.seq !== 1) return false;
    const candidate = {
      machine: t.machine,
      status: t.status,
      value: t.to,
      key: null,
      createdAt: t.at,
    };
    const { key: _key, ...withoutKey } = this.filters;
    if (!matchesFilters(candidate, { ...withoutKey, key: '' }, Date.now())) return false;
    if (this.cursor !== null) {
      this.newCount += 1;
      return false;
    }
    this.#pendingNew.add(t.instanceId);
    return true;
  }

  async #fetchNew(): Promise<void> {
    const ids = [...this.#pendingNew];
    this.#pendingNew.clear();
    if (ids.length === 0 || this.cursor !== null) return;
    if (this.rows.length + ids.length > MAX_ROWS) {
      await this.load(null);
      return;
    }
    const fetched = await Promise.all(
      ids.map((id) => api.instance(id, this.#controller.signal).catch(() => null)),
    );
    const fresh = fetched
      .filter((i): i is InstanceView => i !== null)
      .filter((i) => matchesFilters(i, this.filters, Date.now()))
      .filter((i) => !this.rows.some((r) => r.id === i.id))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    if (fresh.length === 0) return;
    this.rows = [...fresh, ...this.rows];
    for (const i of fresh) this.#flash(i.id);
  }

  #flash(id: string): void {
    this.flashed = new Set(this.flashed).add(id);
    setTimeout(() => {
      const next = new Set(this.flashed);
      next.delete(id);
      this.flashed = next;
    }, 1_200);
  }
}

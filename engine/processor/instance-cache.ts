/**
 * Hot instances, restored and ready to step, owned by this process. Bounded (least recently used
 * out first) so a million waiting instances cost rows in Postgres, not memory here.
 */
import type { LiveInstance } from '../step/live-instance.js';

export class InstanceCache {
  readonly #map = new Map<string, LiveInstance>();

  constructor(private readonly capacity: number) {}

  get(id: string): LiveInstance | undefined {
    const live = this.#map.get(id);
    if (live) {
      this.#map.delete(id);
      this.#map.set(id, live);
    }
    return live;
  }

  /** Looks without touching the recency order. */
  peek(id: string): LiveInstance | undefined {
    return this.#map.get(id);
  }

  set(id: string, live: LiveInstance): void {
    this.#map.delete(id);
    this.#map.set(id, live);
  }

  delete(id: string): void {
    this.#map.delete(id);
  }

  /** Evicts the least recently used entries beyond capacity, sparing `keep`. */
  trim(keep: ReadonlySet<string>): void {
    if (this.#map.size <= this.capacity) return;
    for (const id of this.#map.keys()) {
      if (this.#map.size <= this.capacity) break;
      if (!keep.has(id)) this.#map.delete(id);
    }
  }

  get size(): number {
    return this.#map.size;
  }

  clear(): void {
    this.#map.clear();
  }
}

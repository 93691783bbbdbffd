/**
 * Business key → instance id, for events routed by correlation key. The pair never changes once an
 * instance exists (keys are unique per machine), so a hit skips the lookup query; least recently
 * used entries leave first.
 */
export class InstanceKeyCache {
  readonly #ids = new Map<string, string>();

  constructor(private readonly maxEntries = 100_000) {}

  get(machine: string, key: string): string | undefined {
    const k = `${machine}\u0000${key}`;
    const id = this.#ids.get(k);
    if (id !== undefined) {
      this.#ids.delete(k);
      this.#ids.set(k, id);
    }
    return id;
  }

  set(machine: string, key: string, instanceId: string): void {
    const k = `${machine}\u0000${key}`;
    this.#ids.delete(k);
    this.#ids.set(k, instanceId);
    if (this.#ids.size > this.maxEntries) {
      const oldest = this.#ids.keys().next();
      if (!oldest.done) this.#ids.delete(oldest.value);
    }
  }

  delete(machine: string, key: string): void {
    this.#ids.delete(`${machine}\u0000${key}`);
  }
}

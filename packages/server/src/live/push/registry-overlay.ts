/**
 * A registry (gauges, shelters) as the store last gave it, overlaid by what the registry topic
 * has said since. The server follows the registry topics from their beginning, so Kafka's copy is
 * never older than the store's (the store is fed from the same topic by its archive, later):
 * a record Kafka gave wins, a tombstone removes, and the store fills in what Kafka has not given
 * (records re-driven into the store). Without it, a reading of a gauge registered seconds ago
 * waited for the registry's archive and a store catch-up: 7-8 s at the soak's start.
 */
export class RegistryOverlay<T> {
  readonly #store = new Map<string, T>();
  /** null: a tombstone. */
  readonly #kafka = new Map<string, T | null>();

  setStore(entries: Iterable<readonly [string, T]>): void {
    this.#store.clear();
    for (const [id, value] of entries) this.#store.set(id, value);
  }

  /** A record of the registry topic (null: deleted). */
  put(id: string, value: T | null): void {
    this.#kafka.set(id, value);
  }

  get(id: string): T | undefined {
    return this.#kafka.has(id) ? (this.#kafka.get(id) ?? undefined) : this.#store.get(id);
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  values(): T[] {
    const out: T[] = [];
    for (const [id, value] of this.#store) if (!this.#kafka.has(id)) out.push(value);
    for (const value of this.#kafka.values()) if (value !== null) out.push(value);
    return out;
  }
}

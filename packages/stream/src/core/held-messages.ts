/**
 * How long and how many messages a processor holds whose check refused them for a reason that
 * time may cure (an id its reference data does not hold yet).
 */
export interface HoldPolicy {
  /** Processing time a message is held before it is dead-lettered after all. */
  readonly graceMs: number;
  /** At most this many held per message key and partition; the oldest goes first. */
  readonly maxPerKey: number;
  /** At most this many held per processor instance (all partitions); the oldest goes first. */
  readonly maxHeld: number;
}

export interface HeldEntry<T> {
  readonly partition: number;
  readonly offset: number;
  readonly key: string;
  /** Processing time it was first held. */
  readonly heldAt: number;
  readonly item: T;
  /** Pushed out by the bounds: dead-lettered at the next sweep unless it passes by then. */
  evicted: boolean;
}

/** What a sweep decided for one held entry. */
export type Verdict = 'release' | 'stay' | 'dead-letter';

/**
 * The messages a processor holds, per partition in offset order. Pure: time is passed in.
 *
 * Order per key is kept: once a key has a message held, every later message of that key in the
 * partition is held behind it (even one that passes), and a sweep releases a key's messages
 * only up to its first one that must stay.
 */
export class HeldMessages<T> {
  readonly #policy: HoldPolicy;
  readonly #byPartition = new Map<number, HeldEntry<T>[]>();
  /** Entries held per partition and key, evicted or not: `holdsKey` without a scan. */
  readonly #perKey = new Map<number, Map<string, number>>();
  #size = 0;

  constructor(policy: HoldPolicy) {
    this.#policy = policy;
  }

  get size(): number {
    return this.#size;
  }

  partitions(): number[] {
    return [...this.#byPartition.keys()];
  }

  /** Whether `key` has a message held in `partition` (a later one must queue behind it). */
  holdsKey(partition: number, key: string): boolean {
    return (this.#perKey.get(partition)?.get(key) ?? 0) > 0;
  }

  /** The oldest offset held in `partition`: its commit must not pass it. */
  oldestOffset(partition: number): number | undefined {
    return this.#byPartition.get(partition)?.[0]?.offset;
  }

  /**
   * Holds a message (offsets of a partition arrive in increasing order). When a bound is passed,
   * the oldest entry of the key, or of all, is marked evicted.
   */
  add(partition: number, offset: number, key: string, heldAt: number, item: T): void {
    const list = this.#byPartition.get(partition) ?? [];
    this.#byPartition.set(partition, list);
    list.push({ partition, offset, key, heldAt, item, evicted: false });
    this.#size++;
    const counts = this.#perKey.get(partition) ?? new Map<string, number>();
    this.#perKey.set(partition, counts);
    const ofKey = (counts.get(key) ?? 0) + 1;
    counts.set(key, ofKey);
    // Evicted entries still count until the next sweep removes them, so the scans below run only
    // while a bound is passed, and memory stays within the bounds plus one batch.
    if (ofKey > this.#policy.maxPerKey) {
      const first = list.find((e) => e.key === key && !e.evicted);
      if (first !== undefined) first.evicted = true;
    }
    if (this.#size > this.#policy.maxHeld) {
      const oldest = this.#oldestLive();
      if (oldest !== undefined) oldest.evicted = true;
    }
  }

  /** Whether `entry` has been held longer than the grace period at `now`, or was pushed out. */
  expired(entry: HeldEntry<T>, now: number): boolean {
    return entry.evicted || now - entry.heldAt >= this.#policy.graceMs;
  }

  /** Whether any entry of `partition` would expire at `now` (e.g. to refresh reference data first). */
  anyExpired(partition: number, now: number): boolean {
    return this.#byPartition.get(partition)?.some((e) => this.expired(e, now)) ?? false;
  }

  /**
   * Goes through `partition`'s entries in offset order and removes those `decide` releases or
   * dead-letters; an entry behind one of its key that stays, stays too.
   */
  sweep(
    partition: number,
    decide: (entry: HeldEntry<T>) => Verdict,
  ): { released: HeldEntry<T>[]; deadLettered: HeldEntry<T>[] } {
    const released: HeldEntry<T>[] = [];
    const deadLettered: HeldEntry<T>[] = [];
    const list = this.#byPartition.get(partition);
    if (list === undefined) return { released, deadLettered };
    const blocked = new Set<string>();
    const kept: HeldEntry<T>[] = [];
    for (const entry of list) {
      const verdict = blocked.has(entry.key) ? 'stay' : decide(entry);
      if (verdict === 'release') released.push(entry);
      else if (verdict === 'dead-letter') deadLettered.push(entry);
      else {
        kept.push(entry);
        blocked.add(entry.key);
      }
    }
    this.#size -= list.length - kept.length;
    const counts = new Map<string, number>();
    for (const e of kept) counts.set(e.key, (counts.get(e.key) ?? 0) + 1);
    if (kept.length === 0) {
      this.#byPartition.delete(partition);
      this.#perKey.delete(partition);
    } else {
      this.#byPartition.set(partition, kept);
      this.#perKey.set(partition, counts);
    }
    return { released, deadLettered };
  }

  /** Drops a revoked partition's entries: its next owner replays them from the commit. */
  revoke(partition: number): void {
    this.#size -= this.#byPartition.get(partition)?.length ?? 0;
    this.#byPartition.delete(partition);
    this.#perKey.delete(partition);
  }

  #oldestLive(): HeldEntry<T> | undefined {
    let oldest: HeldEntry<T> | undefined;
    for (const list of this.#byPartition.values()) {
      const first = list.find((e) => !e.evicted);
      if (first !== undefined && (oldest === undefined || first.heldAt < oldest.heldAt)) oldest = first;
    }
    return oldest;
  }
}

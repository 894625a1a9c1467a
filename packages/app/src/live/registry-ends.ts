import type { KafkaClient, RecordBatch } from '@onegrid/kafka';

/**
 * Where each partition of some topics ended when a reader of them started, and whether the
 * reader has read that far: "caught up with what was there at start", for a reader from the
 * beginning that then follows on (the server's registries). Empty partitions count as read.
 */
export class RegistryEnds {
  /** `topic:partition` → the offset after the last record there at start. */
  readonly #left: Map<string, number>;
  #caughtUp: () => void = () => undefined;
  readonly #done: Promise<void>;
  /** Partitions whose fetch saw the end but whose last batch stopped short of it (`read`). */
  readonly #quieting = new Map<string, NodeJS.Timeout>();
  readonly #quietMs: number;

  /**
   * `ends`: `topic:partition` → the offset after its last record (empty partitions left out).
   * `quietMs`: how long after a batch that saw the end but stopped short of it no other batch of
   * its partition may come for it to count as read (default: two idle fetches).
   */
  constructor(ends: ReadonlyMap<string, number>, options: { readonly quietMs?: number } = {}) {
    this.#left = new Map(ends);
    this.#quietMs = options.quietMs ?? 1_000;
    this.#done = new Promise((resolve) => {
      this.#caughtUp = resolve;
    });
    this.#check();
  }

  /** The ends of the topics' partitions now (one admin request per topic). */
  static async at(kafka: KafkaClient, topics: readonly string[]): Promise<RegistryEnds> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const ends = new Map<string, number>();
      for (const topic of topics)
        for (const p of await admin.topicOffsets(topic))
          if (p.high > p.low) ends.set(`${topic}:${p.partition}`, p.high);
      return new RegistryEnds(ends);
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * A batch was read: its partition is read to its end once the batch's last offset is the end's
   * last. The records at the end of a compacted registry may be gone (tombstones removed): no
   * batch then reaches the end's last offset. A batch whose fetch saw the end (`highWatermark` at
   * or past it) but stopped short counts once no other batch of its partition follows within
   * `quietMs`: the reader fetches again at once, so records still there below the end (a fetch cut
   * at its size bound) come as the next batch; none coming, the rest was compacted away.
   */
  read(batch: Pick<RecordBatch, 'topic' | 'partition' | 'lastOffset' | 'highWatermark'>): void {
    const key = `${batch.topic}:${batch.partition}`;
    const end = this.#left.get(key);
    if (end === undefined) return;
    clearTimeout(this.#quieting.get(key));
    this.#quieting.delete(key);
    if (batch.lastOffset + 1 >= end) this.#reached(key);
    else if (batch.highWatermark !== undefined && batch.highWatermark >= end) {
      const timer = setTimeout(() => this.#reached(key), this.#quietMs);
      timer.unref();
      this.#quieting.set(key, timer);
    }
  }

  #reached(key: string): void {
    this.#quieting.delete(key);
    this.#left.delete(key);
    this.#check();
  }

  /** The partitions not yet read to their end at start. */
  left(): string[] {
    return [...this.#left.keys()];
  }

  /** Whether every partition was read to its end within `withinMs`. */
  async reached(withinMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), withinMs);
      // A server stopped before the bound is not held up by it.
      timer.unref();
    });
    try {
      return await Promise.race([this.#done.then(() => true), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  #check(): void {
    if (this.#left.size === 0) this.#caughtUp();
  }
}

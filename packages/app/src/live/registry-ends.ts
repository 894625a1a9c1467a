import type { KafkaClient } from '@onegrid/kafka';

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

  /** `ends`: `topic:partition` → the offset after its last record (empty partitions left out). */
  constructor(ends: ReadonlyMap<string, number>) {
    this.#left = new Map(ends);
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

  /** A batch ending at `lastOffset` was read. */
  read(topic: string, partition: number, lastOffset: number): void {
    const key = `${topic}:${partition}`;
    const end = this.#left.get(key);
    if (end !== undefined && lastOffset + 1 >= end) {
      this.#left.delete(key);
      this.#check();
    }
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

import { StreamError } from '../errors.ts';
import type { Disposition, Emitter, PartitionOperator, SourceRecord } from './operator.ts';
import { Watermarks } from './watermarks.ts';

/** What a partition's last commit recorded besides the offset, to resume exactly. */
export interface CommitMark {
  /** The partition's watermark when the commit was made. */
  readonly watermark: number;
  /** The highest offset processed when the commit was made: offsets up to it are replays. */
  readonly processedThrough: number;
}

export interface CommitPoint {
  readonly partition: number;
  /** The next offset to read after a restart: nothing before it is needed any more. */
  readonly offset: number;
  readonly mark: CommitMark;
}

export type DispositionCounts = Record<Disposition, number>;

interface Task<E, O> {
  readonly operator: PartitionOperator<E, O>;
  /** Offset after the last record processed. */
  nextOffset: number;
  readonly replayThrough: number;
  /** The operator left work for `resume` (its `pending()` after `onWatermark`). */
  pending: boolean;
}

/**
 * The event-time state of every partition this process owns, each with its own operator.
 * Pure: the Kafka adapter feeds it records and processing time, and commits what
 * `commitPoints()` returns once the sinks have flushed everything emitted so far.
 */
export class PartitionTasks<E, O> {
  readonly #tasks = new Map<number, Task<E, O>>();
  readonly #watermarks: Watermarks;

  constructor(options: { outOfOrdernessMs: number; idleTimeoutMs: number }) {
    this.#watermarks = new Watermarks(options);
  }

  /** Takes a partition with a fresh operator, resuming from its committed offset and, if recorded, its mark. */
  assign(
    partition: number,
    committedOffset: number,
    mark: CommitMark | undefined,
    now: number,
    operator: PartitionOperator<E, O>,
  ): void {
    this.#watermarks.assign(partition, now, mark?.watermark);
    this.#tasks.set(partition, {
      operator,
      nextOffset: committedOffset,
      replayThrough: mark?.processedThrough ?? -1,
      pending: false,
    });
  }

  /** Drops a partition's state: its next owner rebuilds it from the committed offset. */
  revoke(partition: number): void {
    this.#tasks.get(partition)?.operator.revoke?.();
    this.#tasks.delete(partition);
    this.#watermarks.revoke(partition);
  }

  partitions(): number[] {
    return [...this.#tasks.keys()];
  }

  /**
   * Runs one partition's records, in offset order, then emits what its watermark completed.
   * `onLate` receives events too late for every window they belong to.
   */
  process(
    partition: number,
    records: readonly SourceRecord<E>[],
    now: number,
    out: Emitter<O>,
    onLate: (record: SourceRecord<E>) => void,
  ): DispositionCounts {
    return this.#run(partition, records, now, out, onLate, false);
  }

  /**
   * Runs records the processor held back (e.g. until reference data caught up) and now lets
   * go, in offset order, before the batch they are released with. Their offsets are behind the
   * partition's next offset, so the redelivery check of `process` does not apply: the holder
   * guarantees each is released once, and keeps the commit from passing it until then.
   */
  release(
    partition: number,
    records: readonly SourceRecord<E>[],
    now: number,
    out: Emitter<O>,
    onLate: (record: SourceRecord<E>) => void,
  ): DispositionCounts {
    return this.#run(partition, records, now, out, onLate, true);
  }

  #run(
    partition: number,
    records: readonly SourceRecord<E>[],
    now: number,
    out: Emitter<O>,
    onLate: (record: SourceRecord<E>) => void,
    released: boolean,
  ): DispositionCounts {
    const task = this.#task(partition);
    if (task.pending)
      throw new StreamError(
        'OPERATOR_PENDING',
        `partition ${partition} was given records while its operator's work is left for resume`,
      );
    const counts: DispositionCounts = { accepted: 0, duplicate: 0, late: 0, replayed: 0, refuted: 0 };
    // Taken once: the events of one message share its offset, and all of them run.
    const from = task.nextOffset;
    // Kept here as `observe` returns it: one lookup per batch, not two per record.
    let watermark = this.#watermarks.get(partition);
    // Indexed, not for…of: the iterator's results were allocated per record (issue 17).
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as SourceRecord<E>;
      if (!released && record.offset < from) continue; // redelivered within this incarnation
      const disposition = task.operator.onEvent(record, watermark, record.offset <= task.replayThrough);
      counts[disposition] += 1;
      if (disposition === 'late') onLate(record);
      watermark = this.#watermarks.observe(partition, record.eventTime, now);
      // A released record may lie ahead of records of its batch still to run: the batch's
      // skipTo moves the next offset past it.
      if (!released) task.nextOffset = record.offset + 1;
    }
    this.#watermark(task, this.#watermarks.get(partition), out);
    return counts;
  }

  /** Partitions whose operator left work for `resume`: nothing else may run on them until it is done. */
  pending(): number[] {
    const pending: number[] = [];
    for (const [partition, task] of this.#tasks) if (task.pending) pending.push(partition);
    return pending;
  }

  /**
   * One more slice of a partition's work left by its operator: true while some is still left.
   * False for a partition revoked meanwhile (its next owner redoes the work from the commit).
   */
  resume(partition: number, out: Emitter<O>): boolean {
    const task = this.#tasks.get(partition);
    if (task === undefined || !task.pending) return false;
    const { operator } = task;
    if (operator.resume === undefined)
      throw new StreamError(
        'OPERATOR_PENDING',
        `partition ${partition}: its operator left work from onWatermark and has no resume`,
      );
    try {
      operator.resume(out);
    } finally {
      // A slice that throws leaves what the operator says: not a pending flag stuck on.
      task.pending = operator.pending?.() === true;
    }
    return task.pending;
  }

  #watermark(task: Task<E, O>, watermark: number, out: Emitter<O>): void {
    task.operator.onWatermark(watermark, out);
    task.pending = task.operator.pending?.() === true;
  }

  /**
   * Whether the message at `offset` needs no handling here: `seen` when this process already
   * handled it (kafkajs redelivers from the committed offset after a rebalance), `replayed`
   * when the previous owner handled it before its last commit (its dead letter, if any, is
   * already published), `new` otherwise.
   */
  status(partition: number, offset: number): 'seen' | 'replayed' | 'new' {
    const task = this.#task(partition);
    if (offset < task.nextOffset) return 'seen';
    return offset <= task.replayThrough ? 'replayed' : 'new';
  }

  /** Records that a partition's offsets up to `offset` held nothing to process (e.g. dead letters). */
  skipTo(partition: number, offset: number): void {
    const task = this.#task(partition);
    if (offset + 1 > task.nextOffset) task.nextOffset = offset + 1;
  }

  /**
   * Moves idle partitions' watermarks, then gives every operator its watermark again: windows
   * fire where it moved, and operators with clocks of their own (e.g. per source partition of a
   * re-keyed topic, which may pass their idle bound while no event comes) can act on them.
   */
  tick(now: number, out: Emitter<O>): void {
    this.#watermarks.advanceIdle(now);
    for (const [partition, task] of this.#tasks)
      if (!task.pending) this.#watermark(task, this.#watermarks.get(partition), out);
  }

  /**
   * Where each partition may be committed. `held(partition)` is the oldest offset the processor
   * holds outside the operator (a message waiting for reference data): the commit stops there
   * too, so a crash replays it instead of losing it.
   */
  commitPoints(held: (partition: number) => number | undefined = () => undefined): CommitPoint[] {
    // A partition whose operator is mid-way through its work has no point to commit yet.
    return [...this.#tasks]
      .filter(([, task]) => !task.pending)
      .map(([partition, task]) => {
        const needed = Math.min(
          task.operator.oldestNeededOffset() ?? task.nextOffset,
          held(partition) ?? task.nextOffset,
        );
        return {
          partition,
          offset: Math.min(needed, task.nextOffset),
          mark: {
            watermark: this.#watermarks.get(partition),
            processedThrough: Math.max(task.nextOffset - 1, task.replayThrough),
          },
        };
      });
  }

  watermark(partition: number): number {
    return this.#watermarks.get(partition);
  }

  openWindows(): number {
    let open = 0;
    for (const task of this.#tasks.values()) open += task.operator.openWindows();
    return open;
  }

  #task(partition: number): Task<E, O> {
    const task = this.#tasks.get(partition);
    if (task === undefined)
      throw new StreamError(
        'PARTITION_NOT_ASSIGNED',
        `partition ${partition} is not assigned to this process`,
      );
    return task;
  }
}

import type { Disposition, Emitter, PartitionOperator, SourceRecord } from './operator.ts';
import type { Aggregator, WindowResult } from './windowed-aggregation.ts';

/** Sessions merge, so their aggregator must also combine two partial results. */
export interface MergingAggregator<E, A> extends Aggregator<E, A> {
  merge(a: A, b: A): A;
}

export interface SessionAggregationSpec<E, A, O> {
  /** A gap longer than this between a key's events ends its session. */
  readonly gapMs: number;
  readonly allowedLatenessMs: number;
  key(event: E): string;
  id(event: E): string;
  readonly aggregator: MergingAggregator<E, A>;
  result(session: WindowResult<A>): O;
}

interface Session<A> {
  start: number;
  /** Time of the last event (the session's window ends `gapMs` later). */
  last: number;
  value: A;
  readonly ids: Set<string>;
  minOffset: number;
}

/**
 * Session windows per key. A session is emitted once, when the watermark has passed its
 * last event + gap + allowed lateness: until then a late event may still extend or merge
 * it, and its identity (key, start) may still change, so emitting earlier could leave a
 * stale row behind. An event that would form a session already closed is late.
 */
export class SessionAggregation<E, A, O> implements PartitionOperator<E, O> {
  readonly #spec: SessionAggregationSpec<E, A, O>;
  readonly #sessions = new Map<string, Session<A>[]>();

  constructor(spec: SessionAggregationSpec<E, A, O>) {
    this.#spec = spec;
  }

  onEvent(record: SourceRecord<E>, watermark: number, replayed: boolean): Disposition {
    const { gapMs, allowedLatenessMs, aggregator } = this.#spec;
    const key = this.#spec.key(record.event);
    const id = this.#spec.id(record.event);
    const ts = record.eventTime;
    const sessions = this.#sessions.get(key) ?? [];
    // A session the watermark has closed takes nothing more, fired yet or not, so the
    // outcome does not depend on where batch boundaries fell.
    const touching = sessions.filter(
      (s) => ts >= s.start - gapMs && ts <= s.last + gapMs && s.last + gapMs + allowedLatenessMs > watermark,
    );
    if (touching.some((s) => s.ids.has(id))) return 'duplicate';
    if (touching.length === 0 && ts + gapMs + allowedLatenessMs <= watermark)
      return replayed ? 'replayed' : 'late';

    const merged: Session<A> = {
      start: ts,
      last: ts,
      value: aggregator.add(aggregator.create(), record.event),
      ids: new Set([id]),
      minOffset: record.offset,
    };
    for (const s of touching) {
      merged.start = Math.min(merged.start, s.start);
      merged.last = Math.max(merged.last, s.last);
      merged.value = aggregator.merge(s.value, merged.value);
      for (const seen of s.ids) merged.ids.add(seen);
      merged.minOffset = Math.min(merged.minOffset, s.minOffset);
    }
    const rest = sessions.filter((s) => !touching.includes(s));
    rest.push(merged);
    rest.sort((a, b) => a.start - b.start);
    this.#sessions.set(key, rest);
    return 'accepted';
  }

  onWatermark(watermark: number, out: Emitter<O>): void {
    const { gapMs, allowedLatenessMs } = this.#spec;
    for (const [key, sessions] of this.#sessions) {
      const open: Session<A>[] = [];
      for (const s of sessions) {
        if (s.last + gapMs + allowedLatenessMs <= watermark) {
          const window = { start: s.start, end: s.last + gapMs };
          out.emit(this.#spec.result({ key, window, value: s.value, count: s.ids.size }));
        } else {
          open.push(s);
        }
      }
      if (open.length === 0) this.#sessions.delete(key);
      else if (open.length !== sessions.length) this.#sessions.set(key, open);
    }
  }

  oldestNeededOffset(): number | undefined {
    let oldest: number | undefined;
    for (const sessions of this.#sessions.values()) {
      for (const s of sessions) if (oldest === undefined || s.minOffset < oldest) oldest = s.minOffset;
    }
    return oldest;
  }

  openWindows(): number {
    let open = 0;
    for (const sessions of this.#sessions.values()) open += sessions.length;
    return open;
  }
}

import type { Disposition, Emitter, PartitionOperator, SourceRecord } from './operator.ts';
import { SpareStates } from './windowed-aggregation-spare.ts';
import type { TimeWindow, WindowAssigner } from './windows.ts';

/**
 * How to fold events into a window. `add` must be order-insensitive (sum, min, max, count,
 * sets…): with out-of-order input the result must equal that of a clean ordered run.
 */
export interface Aggregator<E, A> {
  create(): A;
  add(accumulator: A, event: E): A;
}

export interface WindowResult<A> {
  readonly key: string;
  readonly window: TimeWindow;
  readonly value: A;
  /** Distinct events folded in: grows with every update, so it orders re-emissions. */
  readonly count: number;
}

export interface WindowedAggregationSpec<E, A, O> {
  readonly windows: WindowAssigner;
  /** How long after its end (by watermark) a window still takes late events and re-emits. */
  readonly allowedLatenessMs: number;
  key(event: E): string;
  /**
   * Identity of an event within its key: a repeated message has the same id and is counted
   * once. Given the event's time too: where a key's event time identifies its events (a
   * meter's reading per timestamp), the time itself is the cheapest id — a window then keeps
   * numbers, not one string per event alive until it closes (issue 17: those strings were half
   * of the runtime bench's young-generation GC time).
   */
  id(event: E, eventTime: number): EventId;
  readonly aggregator: Aggregator<E, A>;
  result(window: WindowResult<A>): O;
}

interface WindowState<A> {
  /**
   * Key and window are set once per window; a dropped window's state is reused (#spare), and
   * cleared meanwhile (SpareStates).
   */
  key: string;
  window: TimeWindow;
  value: A;
  /** The ids folded in: see EventIds. */
  ids: EventIds;
  /** How many: the array's first `count` slots hold them (it is allocated with room for a few). */
  count: number;
  minOffset: number;
  dirty: boolean;
}

/**
 * A window's event ids: an array while they are few (an hourly window of 15-minute readings
 * holds 4), a Set past SMALL_IDS. A Set per window was the runtime's largest allocation per
 * new window (its hash table), and comparing a few ids costs less than hashing them. The array
 * starts with room for FIRST_IDS: pushed onto an empty array, V8 gives it room for 17 (152
 * bytes of doubles), which lived as long as the window, was promoted with it and made the
 * runtime's largest old-generation garbage per window (issue 17).
 */
export type EventId = string | number;
type EventIds = EventId[] | Set<EventId>;
const FIRST_IDS = 4;
const SMALL_IDS = 16;
/**
 * Dropped window states kept for reuse, at most (about 8 MB of states and id arrays), and never
 * more than the windows open (#keepSpare).
 */
const MAX_SPARE = 32_768;

/** Whether a window's first `count` ids hold `id` (the slots past `count` are placeholders). */
function hasId(ids: EventIds, count: number, id: EventId): boolean {
  if (!Array.isArray(ids)) return ids.has(id);
  for (let i = 0; i < count; i++) if (ids[i] === id) return true;
  return false;
}

/**
 * A new window's id array with room for FIRST_IDS, of the elements kind its ids will have: a
 * number (an event time) in a double array from the start. `new Array(4)` holds small integers
 * or pointers, and the first time stored in it made V8 allocate its storage again as doubles
 * (issue 17: a second array per window). The placeholders are never read as ids (`hasId`).
 */
const newIds = (first: EventId): EventId[] =>
  typeof first === 'number' ? [0.5, 0.5, 0.5, 0.5] : new Array<EventId>(FIRST_IDS);

/** Adds `id` to a window's ids: in the array's next slot, or a Set once the array is full. */
function addId(state: WindowState<unknown>, id: EventId): void {
  const ids = state.ids;
  if (!Array.isArray(ids)) ids.add(id);
  else if (state.count < SMALL_IDS) ids[state.count] = id;
  else {
    const set = new Set(ids);
    set.add(id);
    state.ids = set;
  }
  state.count++;
}

/**
 * Tumbling or hopping windows per key. A window is emitted when the watermark passes its
 * end, re-emitted (same key and window, higher count) when a late event within the allowed
 * lateness changes it, and dropped once the watermark passes end + allowed lateness.
 */
export class WindowedAggregation<E, A, O> implements PartitionOperator<E, O> {
  readonly #spec: WindowedAggregationSpec<E, A, O>;
  /** Open windows by end time, then key: aligned windows share few distinct ends. */
  readonly #byEnd = new Map<number, Map<string, WindowState<A>>>();
  /** The bucket `#stateFor` found last, and its end (NaN once that bucket is dropped). */
  #lastEnd = Number.NaN;
  #lastBucket: Map<string, WindowState<A>> | undefined;
  /**
   * States of dropped windows (with their id arrays), reused for new windows: a window lives
   * past a few young-generation GCs, so each new state and id array was copied and promoted,
   * then left for the old generation's collector (issue 17: V8's GC helper threads took 2-3
   * times raw consume's). Bounded in #keepSpare.
   */
  readonly #spare = new SpareStates<WindowState<A>>();

  constructor(spec: WindowedAggregationSpec<E, A, O>) {
    this.#spec = spec;
  }

  onEvent(record: SourceRecord<E>, watermark: number, replayed: boolean): Disposition {
    const spec = this.#spec;
    const key = spec.key(record.event);
    let accepted = false;
    let duplicate = false;
    const id = spec.id(record.event, record.eventTime);
    const windows = spec.windows.assign(record.eventTime);
    // Indexed, not for…of: the iterator and its results were allocated per event (issue 17,
    // heap profile of the runtime bench: 80 bytes per reading).
    for (let w = 0; w < windows.length; w++) {
      const window = windows[w] as TimeWindow;
      if (window.end + spec.allowedLatenessMs <= watermark) continue;
      const state = this.#stateFor(key, window, record.offset, id);
      if (hasId(state.ids, state.count, id)) {
        duplicate = true;
        continue;
      }
      addId(state, id);
      state.value = spec.aggregator.add(state.value, record.event);
      if (record.offset < state.minOffset) state.minOffset = record.offset;
      state.dirty = true;
      accepted = true;
    }
    if (accepted) return 'accepted';
    if (duplicate) return 'duplicate';
    return replayed ? 'replayed' : 'late';
  }

  onWatermark(watermark: number, out: Emitter<O>): void {
    const ends = [...this.#byEnd.keys()].filter((end) => end <= watermark).sort((a, b) => a - b);
    for (const end of ends) {
      const bucket = this.#byEnd.get(end);
      if (bucket === undefined) continue;
      for (const state of bucket.values()) {
        if (state.dirty) {
          state.dirty = false;
          out.emit(
            this.#spec.result({
              key: state.key,
              window: state.window,
              value: state.value,
              count: state.count,
            }),
          );
        }
      }
      if (end + this.#spec.allowedLatenessMs <= watermark) {
        this.#byEnd.delete(end);
        if (end === this.#lastEnd) {
          this.#lastEnd = Number.NaN;
          this.#lastBucket = undefined; // not kept alive with its states either
        }
        this.#keepSpare(bucket);
      }
    }
  }

  oldestNeededOffset(): number | undefined {
    let oldest: number | undefined;
    for (const bucket of this.#byEnd.values()) {
      for (const state of bucket.values()) {
        if (oldest === undefined || state.minOffset < oldest) oldest = state.minOffset;
      }
    }
    return oldest;
  }

  openWindows(): number {
    let open = 0;
    for (const bucket of this.#byEnd.values()) open += bucket.size;
    return open;
  }

  /**
   * Keeps a dropped bucket's states for reuse (their ids as arrays only; a Set is left to GC),
   * at most as many as the windows still open. In a steady stream each key's next window opens
   * as its last one closes, so the windows about to open number about as many as are open:
   * more spares would only hold memory (after a burst of keys, a replay's backlog, or once the
   * input thins out), up to MAX_SPARE states per partition's operator for as long as it lives.
   */
  #keepSpare(bucket: Map<string, WindowState<A>>): void {
    const spare = this.#spare;
    const limit = Math.min(MAX_SPARE, this.openWindows());
    spare.trim(limit);
    for (const state of bucket.values()) if (!spare.keep(state, limit)) return;
  }

  #stateFor(key: string, window: TimeWindow, offset: number, id: EventId): WindowState<A> {
    // A batch's events mostly fall in the window of the one before: its bucket is kept.
    let bucket = window.end === this.#lastEnd ? this.#lastBucket : this.#byEnd.get(window.end);
    if (bucket === undefined) {
      bucket = new Map();
      this.#byEnd.set(window.end, bucket);
    }
    this.#lastEnd = window.end;
    this.#lastBucket = bucket;
    // Windows of one assigner that end together also start together: the key is enough.
    let state = bucket.get(key);
    if (state === undefined) {
      state = this.#spare.take();
      if (state !== undefined) {
        state.key = key;
        state.window = window;
        state.value = this.#spec.aggregator.create();
        state.count = 0;
        state.minOffset = offset;
        state.dirty = false;
        bucket.set(key, state);
        return state;
      }
      state = {
        key,
        window,
        value: this.#spec.aggregator.create(),
        // Room for FIRST_IDS (see EventIds); only the first `count` are read.
        ids: newIds(id),
        count: 0,
        minOffset: offset,
        dirty: false,
      };
      bucket.set(key, state);
    }
    return state;
  }
}

import type { TimeWindow } from './windows.ts';

/** What a dropped window's state holds that the pool lets go of: key, window, accumulator, ids. */
export interface PooledState {
  key: string;
  window: TimeWindow;
  value: unknown;
  /** An array is kept with the state (its storage is what reuse saves); a Set is not pooled. */
  ids: unknown[] | Set<unknown>;
  count: number;
}

/** A pooled state's window until it is reused: no window at all. */
export const NO_WINDOW: TimeWindow = Object.freeze({ start: Number.NaN, end: Number.NaN });

/**
 * States of dropped windows kept for reuse by new ones (see WindowedAggregation). A pooled
 * state refers to nothing of its old window: not its key (a household's or meter's id), its
 * window, accumulator, nor its ids (which may be strings naming events), so the pool keeps
 * alive only the states and their id arrays' storage, whatever it holds and for however long.
 */
export class SpareStates<S extends PooledState> {
  readonly #states: S[] = [];

  get size(): number {
    return this.#states.length;
  }

  /**
   * Keeps `state`, cleared, unless `limit` states are kept already (then false: the caller
   * stops offering). A state whose ids became a Set is left to the GC (true: not full).
   */
  keep(state: S, limit: number): boolean {
    if (this.#states.length >= limit) return false;
    const ids = state.ids;
    if (!Array.isArray(ids)) return true;
    // Numbers (event times) hold nothing; a string id is replaced by a number placeholder,
    // as the slots past `count` are (never read as ids).
    for (let i = 0; i < state.count; i++) if (typeof ids[i] !== 'number') ids[i] = 0;
    state.count = 0;
    state.key = '';
    state.window = NO_WINDOW;
    state.value = undefined;
    this.#states.push(state);
    return true;
  }

  /** A kept state to reuse (its fields to be set by the caller), or undefined. */
  take(): S | undefined {
    return this.#states.pop();
  }

  /** Lets go of the states past `limit`. */
  trim(limit: number): void {
    if (this.#states.length > limit) this.#states.length = Math.max(0, limit);
  }
}

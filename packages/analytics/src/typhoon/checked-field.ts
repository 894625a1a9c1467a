import { TimeSeries } from './series.ts';
import {
  type FieldValue,
  STATION_BASE_MAX_AGE_MS,
  STATION_CONFIRM_AFTER,
  type StationField,
  stationConsistent,
} from './station-quality.ts';

/** A value under check, with what to do once it is decided (set it into the model, or flag it). */
export interface PendingValue extends FieldValue {
  trust: () => void;
  refute: () => void;
}

/** The district's other stations' values near a time, trusted or held (the neighbours' opinion). */
export type Neighbours = (field: StationField, t: number) => FieldValue[];

/**
 * One field (mean wind, gust or rain) of one station, with sensor glitches held out. A value that
 * neither its own last trusted value (within the hour) nor any neighbour's near its time could
 * have led to is suspect: unknown to the model (no hazard, no score) until the next readings
 * decide. The next value near the suspect confirms it (the wind did rise), as does a neighbour
 * that catches up with it; a later value back near a reference (its own trusted level or a
 * neighbour's) refutes it; three that agree with neither confirm it. An older value arriving out
 * of order is refuted when it fits neither trusted neighbour in time. With no reference at all
 * (the station's first hour, its district's only station) a value is trusted.
 */
export class CheckedField {
  readonly trusted = new TimeSeries<FieldValue>();
  readonly #field: StationField;
  /** Values not decided yet, oldest first, all newer than the newest trusted one. */
  readonly #pending: PendingValue[] = [];

  constructor(field: StationField) {
    this.#field = field;
  }

  /** Adds a value (not a duplicate: the caller dedupes by time); false when it is held or refuted at once. */
  add(p: PendingValue, neighbours: Neighbours): boolean {
    const head = this.trusted.last();
    if (head !== undefined && p.t < head.t) return this.#addOlder(p);
    const i = this.#pending.findIndex((q) => q.t > p.t);
    this.#pending.splice(i === -1 ? this.#pending.length : i, 0, p);
    this.settle(neighbours);
    return this.trusted.latest(p.t)?.t === p.t;
  }

  /** Decides what the readings and neighbours now allow (call again when a neighbour reports). */
  settle(neighbours: Neighbours): void {
    for (;;) {
      const s0 = this.#pending[0];
      if (s0 === undefined) return;
      const refs = this.#references(s0.t, neighbours);
      const fits = (a: FieldValue, b: FieldValue) => stationConsistent(this.#field, a, b);
      if (refs.length === 0 || refs.some((r) => fits(r, s0))) {
        this.#take(s0, true);
        continue;
      }
      const later = this.#pending.slice(1);
      const next = later[0];
      if (next === undefined) return;
      if (fits(s0, next) || later.length >= STATION_CONFIRM_AFTER) {
        this.#take(s0, true);
        continue;
      }
      if (later.some((p) => this.#references(p.t, neighbours).some((r) => fits(r, p)))) {
        this.#take(s0, false);
        continue;
      }
      return;
    }
  }

  /**
   * This station's value nearest `t` within `window`, trusted or still held: two stations that
   * jump together saw the storm (each would otherwise wait for the other to be trusted).
   */
  nearest(t: number, window: number): FieldValue | undefined {
    let best: FieldValue | undefined;
    for (const x of [...this.trusted.range(t - window - 1, t + window), ...this.#pending]) {
      if (Math.abs(x.t - t) > window) continue;
      if (best === undefined || Math.abs(x.t - t) < Math.abs(best.t - t)) best = x;
    }
    return best;
  }

  /** Whether a value is waiting for a decision. */
  holds(): boolean {
    return this.#pending.length > 0;
  }

  get size(): number {
    return this.trusted.size + this.#pending.length;
  }

  prune(before: number): void {
    this.trusted.prune(before);
  }

  #references(t: number, neighbours: Neighbours): FieldValue[] {
    const own = this.trusted.latest(t);
    const refs = neighbours(this.#field, t);
    return own !== undefined && t - own.t <= STATION_BASE_MAX_AGE_MS ? [own, ...refs] : refs;
  }

  #take(p: PendingValue, trusted: boolean): void {
    this.#pending.shift();
    if (trusted) {
      this.trusted.add({ t: p.t, v: p.v });
      p.trust();
    } else {
      p.refute();
    }
  }

  #addOlder(p: PendingValue): boolean {
    const prev = this.trusted.latest(p.t);
    const next = this.trusted.range(p.t, Number.POSITIVE_INFINITY)[0];
    const near = (x: FieldValue | undefined): x is FieldValue =>
      x !== undefined && Math.abs(x.t - p.t) <= STATION_BASE_MAX_AGE_MS;
    const fits = (x: FieldValue | undefined) => near(x) && stationConsistent(this.#field, x, p);
    if ((near(prev) || near(next)) && !fits(prev) && !fits(next)) {
      p.refute();
      return false;
    }
    this.trusted.add({ t: p.t, v: p.v });
    p.trust();
    return true;
  }
}

import type { Gauge } from '@onegrid/contracts';
import type { LevelReading } from './gauge.ts';
import { consistent, inRange, type Refuted } from './gauge-quality.ts';
import { TimeSeries } from './series.ts';

export type CheckedDisposition = 'accepted' | 'duplicate' | 'suspect' | 'refuted';

/** A suspect is believed once this many readings after it agree with none of the rest. */
const CONFIRM_AFTER = 3;

/**
 * A gauge's readings, with sensor faults kept out of the water. A reading outside what the gauge
 * can read is refuted at once. The newest readings must be reachable from the last trusted one
 * at the speed water moves there (`maxStepM`); one that is not is held as suspect until the next
 * readings decide: back near the trusted level refutes it (a glitch), near the suspect confirms
 * it (the water did jump, e.g. an underpass flooding). Only trusted readings enter `series`,
 * which alerts, trends and hazards read; refuted ones are kept aside to be stored flagged.
 * An older reading arriving out of order is refuted when it agrees with none of its neighbours.
 */
export class CheckedReadings {
  readonly series = new TimeSeries<LevelReading>();
  readonly #gauge: Gauge;
  readonly #rise: () => number | undefined;
  /** Suspects and the readings after them, oldest first, all newer than `series`. */
  readonly #pending: LevelReading[] = [];
  readonly #refutedTimes = new TimeSeries<{ t: number }>();
  #refuted: Refuted[] = [];
  #refutedTotal = 0;
  #newest = Number.NEGATIVE_INFINITY;

  /** `rise`: the gauge's recent trend (m/h) from its trusted readings. */
  constructor(gauge: Gauge, rise: () => number | undefined) {
    this.#gauge = gauge;
    this.#rise = rise;
  }

  add(r: LevelReading): CheckedDisposition {
    if (this.#refutedTimes.latest(r.t)?.t === r.t || this.#pending.some((p) => p.t === r.t))
      return 'duplicate';
    if (this.series.latest(r.t)?.t === r.t) return 'duplicate';
    this.#newest = Math.max(this.#newest, r.t);
    if (!inRange(this.#gauge, r.level)) return this.#refute(r, 'out_of_range');
    const head = this.series.last();
    if (head !== undefined && r.t < head.t) return this.#addOlder(r);
    const i = this.#pending.findIndex((p) => p.t > r.t);
    this.#pending.splice(i === -1 ? this.#pending.length : i, 0, r);
    const before = this.#refutedTotal;
    this.#settle();
    if (this.#refutedTotal > before && this.#refutedTimes.latest(r.t)?.t === r.t) return 'refuted';
    return this.#pending.some((p) => p.t === r.t) ? 'suspect' : 'accepted';
  }

  /** The time of the oldest reading still undecided: alerts must not walk past it yet. */
  heldFrom(): number | undefined {
    return this.#pending[0]?.t;
  }

  /** The newest reading received, trusted or not (silence is measured from it). */
  newest(): number | undefined {
    return Number.isFinite(this.#newest) ? this.#newest : undefined;
  }

  refutedTotal(): number {
    return this.#refutedTotal;
  }

  /** The newest refuted reading at or before `at`. */
  lastRefutedAt(at: number): number | undefined {
    return this.#refutedTimes.latest(at)?.t;
  }

  /** Readings refuted since the last call, to be stored flagged. */
  takeRefuted(): Refuted[] {
    const out = this.#refuted;
    this.#refuted = [];
    return out;
  }

  get size(): number {
    return this.series.size + this.#pending.length;
  }

  prune(before: number): void {
    this.series.prune(before);
    this.#refutedTimes.prune(before);
  }

  #addOlder(r: LevelReading): CheckedDisposition {
    const prev = this.series.latest(r.t);
    const next = this.series.range(r.t, Number.POSITIVE_INFINITY)[0];
    const rise = this.#rise();
    const fits = (a: LevelReading | undefined, b: LevelReading | undefined) =>
      a !== undefined && b !== undefined && consistent(this.#gauge, a, b, rise);
    if (!fits(prev, r) && !fits(r, next)) return this.#refute(r, 'jump');
    this.series.add(r);
    return 'accepted';
  }

  #settle(): void {
    const rise = this.#rise();
    for (;;) {
      const s0 = this.#pending[0];
      if (s0 === undefined) return;
      const base = this.series.last();
      if (base === undefined || consistent(this.#gauge, base, s0, rise)) {
        this.series.add(s0);
        this.#pending.shift();
        continue;
      }
      const later = this.#pending.slice(1);
      const next = later[0];
      if (next === undefined) return;
      // The next reading near the suspect confirms it (the water did move), even when it is
      // near the trusted level too; one near the trusted level only refutes it.
      if (consistent(this.#gauge, s0, next, rise) || later.length >= CONFIRM_AFTER) {
        this.series.add(s0);
        this.#pending.shift();
        continue;
      }
      if (later.some((p) => consistent(this.#gauge, base, p, rise))) {
        this.#pending.shift();
        this.#refute(s0, 'jump');
        continue;
      }
      return;
    }
  }

  #refute(r: LevelReading, reason: Refuted['reason']): 'refuted' {
    this.#refutedTimes.add({ t: r.t });
    this.#refuted.push({ ...r, reason });
    this.#refutedTotal++;
    return 'refuted';
  }
}

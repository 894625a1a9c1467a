/**
 * Day-to-day movement of each household's day (issue 15), seeded. Each night (12:00 to 12:00
 * the next day, Shanghai time) a household draws how much later than usual it goes to bed
 * (and comes home in the evening) and, partly tied to it, how much later it wakes (and leaves in
 * the morning): normal, with the household's own spread (city/rhythm-spread.ts), at most three
 * spreads either way. The evening shift applies from 12:00 to 04:00, the morning one from 04:00
 * to 12:00: a late night does not always mean a late morning, and a short night is a short
 * night. Drawn for every household at once when a night begins, in household order, so a replay
 * from the same start draws the same days.
 */
import type { Households } from '../city/households.ts';
import type { Rng } from '../rng.ts';
import { cstHour, DAY, HOUR } from '../time.ts';

/** How much a late bedtime carries over to the next morning's waking. */
const CARRY = 0.5;

export class DayJitter {
  readonly #households: Households;
  readonly #rng: Rng;
  readonly #evening: Int8Array;
  readonly #morning: Int8Array;
  #night = Number.NaN;

  constructor(households: Households, rng: Rng) {
    this.#households = households;
    this.#rng = rng;
    this.#evening = new Int8Array(households.count);
    this.#morning = new Int8Array(households.count);
  }

  /** Prepares the shifts for the quarter ending at `t`; call once per tick before `shift`. */
  at(t: number): void {
    // Nights are numbered from noon (CST = UTC+8): [12:00, 12:00 next day).
    const night = Math.floor((t - 1 + 8 * HOUR - 12 * HOUR) / DAY);
    if (night === this.#night) return;
    this.#night = night;
    const rng = this.#rng;
    const { spread, count } = this.#households;
    for (let i = 0; i < count; i++) {
      const sd = spread[i] as number;
      const bed = clamp(rng.normal(), 3);
      const wake = clamp(CARRY * bed + Math.sqrt(1 - CARRY * CARRY) * rng.normal(), 3);
      this.#evening[i] = Math.round(sd * bed);
      this.#morning[i] = Math.round(sd * wake);
    }
  }

  /** Quarters later than usual household `i` lives at the quarter ending at `t` (after `at(t)`). */
  shift(i: number, t: number): number {
    const h = cstHour(t - 1);
    return h >= 4 && h < 12 ? (this.#morning[i] as number) : (this.#evening[i] as number);
  }
}

const clamp = (x: number, k: number): number => Math.max(-k, Math.min(k, x));

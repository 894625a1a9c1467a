/**
 * A household's own water rhythm, for `water_running`: which hours of the day are dry for it,
 * and how long its own runs of heavy use last at each hour of the day. Learnt from the same
 * hourly history as the inactivity rhythm (so a restart rebuilds it from the stored hours),
 * once a day, from hours older than a day.
 *
 * A tap left running is water that flows where this household's water does not: through its
 * dry hours, for longer than its own long runs at that time, or so steadily that no person is
 * drawing it. A family's evening peak is none of these for that family.
 */
import type { UtilityConfig } from './config.ts';
import { learnable } from './rhythm.ts';
import { hourOfDay } from './time.ts';
import type { UsageRing } from './usage-ring.ts';

/** A record: per hour of the day, wet days, usable days, longest heavy run; then usable hours. */
const WET = 0;
const SEEN = 24;
const LONGEST = 48;
const USABLE = 72;
const WIDTH = 73;

/**
 * A household's water rhythm, held in its ring's record of the detector's slab (learnt-slab.ts,
 * issue 17) as the whole numbers it is computed from (days, hours: at most a ring's 17 days, 16
 * bits each); the shares are divided on reading, as they were on learning: the same float64s.
 */
export class WaterProfile {
  #values: Uint16Array;
  #at: number;

  constructor(values: Uint16Array, at: number) {
    this.#values = values;
    this.#at = at;
  }

  /** Share of days hour `d` of the day drew any water (1 with no usable day). */
  wetShare(d: number): number {
    const seen = this.#values[this.#at + SEEN + d] as number;
    return seen > 0 ? (this.#values[this.#at + WET + d] as number) / seen : 1;
  }

  /**
   * The longest run of consecutive heavy hours (at least the running flow for the whole hour)
   * that covered hour `d` of the day, in hours.
   */
  longestHeavyHours(d: number): number {
    return this.#values[this.#at + LONGEST + d] as number;
  }

  /** Days of usable hours it was learnt from. */
  get days(): number {
    return (this.#values[this.#at + USABLE] as number) / 24;
  }

  /** Its values as learnt (a view, not a copy): wet days, usable days, longest runs, usable hours. */
  get record(): Uint16Array {
    return this.#values.subarray(this.#at, this.#at + WIDTH);
  }

  /** Its record is taken by a newer profile of its ring: its values move to an array of its own. */
  detach(): void {
    this.#values = this.#values.slice(this.#at, this.#at + WIDTH);
    this.#at = 0;
  }

  /** A profile in `ring`'s record. */
  static hold(
    ring: UsageRing,
    wet: Float64Array,
    seen: Float64Array,
    longest: Float64Array,
    usable: number,
  ): WaterProfile {
    const profile = WaterProfile.#claim(ring);
    const values = profile.#values;
    const at = profile.#at;
    values.set(wet, at + WET);
    values.set(seen, at + SEEN);
    values.set(longest, at + LONGEST);
    values[at + USABLE] = usable;
    return profile;
  }

  /** A profile in `ring`'s record holding `record` (a `record` as read back: learnt-models.ts). */
  static adopt(ring: UsageRing, record: Uint16Array): WaterProfile {
    const profile = WaterProfile.#claim(ring);
    profile.#values.set(record, profile.#at);
    return profile;
  }

  static #claim(ring: UsageRing): WaterProfile {
    const profile = new WaterProfile(new Uint16Array(0), 0);
    const index = ring.learntIndex;
    const slab = ring.learnt.profiles.claim(index, WIDTH, profile);
    profile.#values = slab ?? new Uint16Array(WIDTH);
    profile.#at = slab ? index * WIDTH : 0;
    return profile;
  }
}

/** Values of a profile's record. */
export const PROFILE_WIDTH = WIDTH;

/**
 * Whether `r` is a record `learnWaterProfile` can hold: per hour of the day wet days at most its
 * usable days, the usable hours their sum, runs no longer than them (a snapshot's check).
 */
export function profileRecordValid(r: Uint16Array, minHistoryDays = 0): boolean {
  if (r.length !== WIDTH) return false;
  let sum = 0;
  for (let d = 0; d < 24; d++) {
    const seen = r[SEEN + d] as number;
    if ((r[WET + d] as number) > seen) return false;
    sum += seen;
  }
  const usable = r[USABLE] as number;
  if (sum !== usable || usable / 24 < minHistoryDays) return false;
  for (let d = 0; d < 24; d++) if ((r[LONGEST + d] as number) > usable) return false;
  return true;
}

/** Per hour of the day, scratch for a learning (`WaterProfile.hold` copies them out). */
const wet = new Float64Array(24);
const seen = new Float64Array(24);
const longest = new Float64Array(24);

/**
 * Learns from the hours of `ring` up to `through`; undefined below `minHistoryDays` usable days.
 *
 * Every household learns at its first check of a day, so a detector's start walks every ring
 * (issue 17: 15 % of the utility model's CPU at 20k households). One walk of the ring's slots
 * with the hour of the day counted along, no closure, and it stops as soon as the hours left
 * cannot make `minHistoryDays`: a ring still filling (every ring at start) is left after the
 * hours it lacks, not walked to the end. Same counts, same profile.
 */
export function learnWaterProfile(
  ring: UsageRing,
  through: number,
  config: UtilityConfig,
): WaterProfile | undefined {
  const { minHistoryDays, minReadingsPerHour, waterEpsM3 } = config;
  const heavyM3 = config.waterRunningMinFlowM3h;
  // Hours after the ring's newest have no slot: not usable, as older ones than it holds.
  const first = Math.max(ring.latest - ring.size + 1, through - ring.size + 1);
  const last = Math.min(through, ring.latest);
  // The same test as the end's, on the most usable hours there could be (a whole number, so
  // `n / 24` only grows with it): below it, no walk can make the days.
  if (!(last >= first) || (last - first + 1) / 24 < minHistoryDays) return undefined;
  wet.fill(0);
  seen.fill(0);
  longest.fill(0);
  let usable = 0;
  /** The first hour (and its hour of the day) of the run of heavy hours under way; NaN: none. */
  let streakFrom = Number.NaN;
  let streakDay = 0;
  let d = hourOfDay(first);
  for (let h = first; h <= last; h++) {
    // Asked by hour, not stepped slot by slot: a ring's closed days are packed (cold-days.ts).
    const s = ring.at(h);
    if (learnable(ring, s, minReadingsPerHour)) {
      usable++;
      const water = ring.waterAt(s);
      seen[d] = (seen[d] as number) + 1;
      if (water > waterEpsM3) wet[d] = (wet[d] as number) + 1;
      if (water >= heavyM3) {
        if (Number.isNaN(streakFrom)) {
          streakFrom = h;
          streakDay = d;
        }
      } else if (!Number.isNaN(streakFrom)) {
        closeStreak(h - streakFrom, streakDay);
        streakFrom = Number.NaN;
      }
    } else {
      if (!Number.isNaN(streakFrom)) {
        closeStreak(h - streakFrom, streakDay);
        streakFrom = Number.NaN;
      }
      if ((usable + (last - h)) / 24 < minHistoryDays) return undefined;
    }
    if (++d === 24) d = 0;
  }
  if (!Number.isNaN(streakFrom)) closeStreak(last + 1 - streakFrom, streakDay);
  if (usable / 24 < minHistoryDays) return undefined;
  return WaterProfile.hold(ring, wet, seen, longest, usable);
}

/** A run of `length` heavy hours from hour of the day `day`: the longest for each hour it covered. */
function closeStreak(length: number, day: number): void {
  // Past a day the hours of the day repeat, with the same length.
  const n = Math.min(length, 24);
  let d = day;
  for (let k = 0; k < n; k++) {
    if (length > (longest[d] as number)) longest[d] = length;
    if (++d === 24) d = 0;
  }
}

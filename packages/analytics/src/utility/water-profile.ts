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
    const profile = new WaterProfile(new Uint16Array(0), 0);
    const index = ring.learntIndex;
    const slab = ring.learnt.profiles.claim(index, WIDTH, profile);
    const values = slab ?? new Uint16Array(WIDTH);
    const at = slab ? index * WIDTH : 0;
    values.set(wet, at + WET);
    values.set(seen, at + SEEN);
    values.set(longest, at + LONGEST);
    values[at + USABLE] = usable;
    profile.#values = values;
    profile.#at = at;
    return profile;
  }
}

/** Learns from the hours of `ring` up to `through`; undefined below `minHistoryDays` usable days. */
export function learnWaterProfile(
  ring: UsageRing,
  through: number,
  config: UtilityConfig,
): WaterProfile | undefined {
  const wet = new Float64Array(24);
  const seen = new Float64Array(24);
  const longest = new Float64Array(24);
  const heavyM3 = config.waterRunningMinFlowM3h;
  let usable = 0;
  let streakFrom = Number.NaN;
  const closeStreak = (to: number) => {
    if (Number.isNaN(streakFrom)) return;
    const length = to - streakFrom;
    for (let x = streakFrom; x < to; x++) {
      const d = hourOfDay(x);
      if (length > (longest[d] as number)) longest[d] = length;
    }
    streakFrom = Number.NaN;
  };
  const first = Math.max(ring.latest - ring.size + 1, through - ring.size + 1);
  for (let h = first; h <= through; h++) {
    const s = ring.at(h);
    if (s < 0 || !learnable(ring, s, config.minReadingsPerHour)) {
      closeStreak(h);
      continue;
    }
    usable++;
    const d = hourOfDay(h);
    const water = ring.waterAt(s);
    seen[d] = (seen[d] as number) + 1;
    if (water > config.waterEpsM3) wet[d] = (wet[d] as number) + 1;
    if (water >= heavyM3) {
      if (Number.isNaN(streakFrom)) streakFrom = h;
    } else closeStreak(h);
  }
  closeStreak(through + 1);
  const days = usable / 24;
  if (days < config.minHistoryDays) return undefined;
  return WaterProfile.hold(ring, wet, seen, longest, usable);
}

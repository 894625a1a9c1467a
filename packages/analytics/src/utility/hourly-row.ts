/** A household's closed hour as a `household_usage_hourly` row (versioned: a replay repeats it). */
import { isoCst } from '@onegrid/contracts';
import type { HouseholdUsageHour } from './hourly.ts';
import type { HouseholdState } from './household.ts';
import type { MeterTrack } from './meter-track.ts';
import { HOUR } from './time.ts';
import { SLOT } from './usage-ring.ts';

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * The last instant written and its string. An hour close writes every household's row for the
 * same hour, and their meters' last readings mostly share their quarter: one string each, not
 * three new ones a row (issue 17: at 100k households the rows' strings were ~0.6 KB of garbage
 * a household per hour close, outliving the close and promoted).
 */
class IsoMemo {
  #ms = Number.NaN;
  #iso = '';

  of(ms: number): string {
    if (ms !== this.#ms) {
      this.#iso = isoCst(ms);
      this.#ms = ms;
    }
    return this.#iso;
  }
}

const hourIso = new IsoMemo();
const waterIso = new IsoMemo();
const elecIso = new IsoMemo();

/**
 * The row of hour `hour` (ring slot `s`) at `version` (the step's watermark), judged by `model`
 * (the inactivity rule's model name, if it has one). Marks the slot emitted and clean.
 */
export function hourlyRow<S>(
  h: HouseholdState<S>,
  hour: number,
  s: number,
  version: number,
  model: string | undefined,
): HouseholdUsageHour {
  const { ring } = h;
  ring.mark(s, SLOT.emitted);
  ring.mark(s, SLOT.dirty, false);
  return {
    household_id: h.id,
    hour: hourIso.of(hour * HOUR),
    water_m3: round6(ring.waterAt(s)),
    electricity_kwh: round6(ring.elecAt(s)),
    water_readings: ring.waterCountAt(s),
    electricity_readings: ring.elecCountAt(s),
    version,
    water_reading_through: readingThrough(h.water, ring.seededThroughOf('water'), waterIso),
    electricity_reading_through: readingThrough(h.elec, ring.seededThroughOf('electricity'), elecIso),
    model: modelOf(model),
    in_alert: ring.has(s, SLOT.excluded) ? 1 : 0,
  };
}

/**
 * The newest reading a household's rows hold, for `*_reading_through`: the meter's last consumed
 * one, or what its seeded hours held if later (a rebuilt detector still replaying up to it);
 * null while the seeded hours' is unknown.
 */
export function readingThrough(
  track: MeterTrack | undefined,
  seeded: number,
  memo = new IsoMemo(),
): string | null {
  const through = readingThroughMs(track, seeded);
  return through === Number.POSITIVE_INFINITY ? null : memo.of(through);
}

/** `readingThrough` in epoch ms (0: none yet), +Infinity where the row says null. */
export function readingThroughMs(track: MeterTrack | undefined, seeded: number): number {
  if (seeded === Number.POSITIVE_INFINITY) return seeded;
  const through = Math.max(track?.anchorTs ?? Number.NEGATIVE_INFINITY, seeded);
  return Number.isFinite(through) ? through : 0;
}

/** The row's `model` column: only the two names the table knows, else empty. */
export const modelOf = (m: string | undefined): HouseholdUsageHour['model'] =>
  m === 'learnt' || m === 'default' ? m : '';

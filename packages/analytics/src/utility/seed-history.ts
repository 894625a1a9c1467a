/**
 * Stored hourly rows back into a household's ring after a restart: history to learn from, and
 * the readings each hour already held (`taken`), so a replay adds only what they had not seen.
 */
import { UtilityError } from './errors.ts';
import { type ReadingsTaken, type SeedRow, seedHourMs, seedRowSchema } from './hourly.ts';
import { hourIndex } from './time.ts';
import { SLOT, type UsageRing } from './usage-ring.ts';

/**
 * Seeds `ring` with `rows` of `householdId`, holding the readings up to `taken` (unknown: every
 * reading, the hours are final). A row that does not parse throws INVALID_SEED_ROW: the store
 * wrote it, so a bad one is a bug to see, not data to skip. Returns the rows taken.
 */
export function seedHouseholdHours(
  householdId: string,
  ring: UsageRing,
  rows: readonly SeedRow[],
  taken: ReadingsTaken | undefined,
  minReadingsPerHour: number,
): number {
  ring.seededThrough.water = taken?.water ?? Number.POSITIVE_INFINITY;
  ring.seededThrough.electricity = taken?.electricity ?? Number.POSITIVE_INFINITY;
  for (const raw of rows) {
    const parsed = seedRowSchema.safeParse(raw);
    const at = parsed.success ? seedHourMs(parsed.data) : Number.NaN;
    if (!parsed.success || !Number.isFinite(at)) {
      throw new UtilityError(
        'INVALID_SEED_ROW',
        `household ${householdId}: ${JSON.stringify(raw).slice(0, 200)}`,
        {
          cause: parsed.error,
        },
      );
    }
    const r = parsed.data;
    ring.seed(hourIndex(at), r.water_m3, r.electricity_kwh, r.water_readings, r.electricity_readings);
    const s = ring.at(hourIndex(at));
    const min = minReadingsPerHour;
    if (s >= 0 && r.water_readings >= min && r.electricity_readings >= min) ring.mark(s, SLOT.observed);
    // An hour of an inactivity alert stays out of learning after a restart too.
    if (s >= 0 && r.in_alert === 1) ring.mark(s, SLOT.excluded);
  }
  return rows.length;
}

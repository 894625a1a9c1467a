/**
 * Stored hourly rows back into a household's ring after a restart: history to learn from, and
 * the readings each hour already held (`taken`), so a replay adds only what they had not seen.
 */
import { UtilityError } from './errors.ts';
import { type ReadingsTaken, type SeedRow, seedHourMs, seedRowSchema } from './hourly.ts';
import { OPEN_DAYS } from './ring-slab.ts';
import {
  type HouseholdSnapshot,
  readHouseholdSnapshot,
  readSnapshotHead,
  readSnapshotHours,
  requireHouseholdSnapshot,
} from './snapshot.ts';
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
  ring.setSeededThrough(
    taken?.water ?? Number.POSITIVE_INFINITY,
    taken?.electricity ?? Number.POSITIVE_INFINITY,
  );
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
    seedHour(
      ring,
      hourIndex(at),
      r.water_m3,
      r.electricity_kwh,
      r.water_readings,
      r.electricity_readings,
      r.in_alert === 1,
      minReadingsPerHour,
    );
  }
  return rows.length;
}

/**
 * Seeds `ring` from a household's snapshot (snapshot.ts) as `seedHouseholdHours` would from the
 * same hours' rows (same values, same marks): straight from its bytes, the hours from `fromHour`
 * on (the rows path's window), with no object per hour. Throws INVALID_SNAPSHOT, before seeding
 * any hour, for bytes `checkHouseholdSnapshot` refuses (bytes it accepted are not walked again).
 */
export function seedHouseholdSnapshotBytes(
  ring: UsageRing,
  bytes: Uint8Array,
  minReadingsPerHour: number,
  fromHour: number,
): { taken: HouseholdSnapshot['taken']; hours: number } {
  requireHouseholdSnapshot(bytes);
  const head = readSnapshotHead(bytes);
  let hours = 0;
  const seedFrom = (
    hour: number,
    water: number,
    electricity: number,
    wr: number,
    er: number,
    inAlert: boolean,
  ) => {
    if (hour < fromHour) return;
    seedHour(ring, hour, water, electricity, wr, er, inAlert, minReadingsPerHour);
    hours++;
  };
  if (
    head.version >= 2 &&
    head.count > 0 &&
    head.newest >= fromHour &&
    ring.latest === Number.NEGATIVE_INFINITY
  ) {
    // A fresh ring moved to its newest hour first: its older hours are then written in place,
    // closed days included (cold-days.ts), not packed day by day as the ring would move through
    // them (2.8x the restore's CPU). The same ring: a fresh ring's slots and days are empty, as
    // those an advance clears.
    ring.ensure(head.newest);
    if (
      ring.packed &&
      ring.size === head.ringHours &&
      head.openDays === OPEN_DAYS &&
      head.minReadingsPerHour === minReadingsPerHour
    ) {
      // Its closed days as the snapshot carries them, seeded as they would be: bytes copied, not
      // 14 days encoded (session 18's restore paid that: 1.35-2.2x main's CPU).
      try {
        hours =
          head.present -
          ring.adoptClosedDays(bytes, head.blockStart, head.blockEnd, fromHour, head.minReadingsPerHour);
      } catch (error) {
        throw new UtilityError('INVALID_SNAPSHOT', `${bytes.length} bytes`, { cause: error });
      }
      readSnapshotHours(bytes, head, seedFrom);
      ring.setSeededThrough(head.taken.water, head.taken.electricity);
      return { taken: head.taken, hours };
    }
  } else if (head.version === 1 && ring.latest === Number.NEGATIVE_INFINITY) {
    let newest = Number.NEGATIVE_INFINITY;
    readHouseholdSnapshot(bytes, (hour) => {
      if (hour >= fromHour && hour > newest) newest = hour;
    });
    if (newest !== Number.NEGATIVE_INFINITY) ring.ensure(newest);
  }
  const taken = readHouseholdSnapshot(bytes, seedFrom);
  ring.setSeededThrough(taken.water, taken.electricity);
  return { taken, hours };
}

function seedHour(
  ring: UsageRing,
  hour: number,
  water: number,
  electricity: number,
  waterReadings: number,
  electricityReadings: number,
  inAlert: boolean,
  min: number,
): void {
  const s = ring.seed(hour, water, electricity, waterReadings, electricityReadings);
  if (s >= 0 && waterReadings >= min && electricityReadings >= min) ring.mark(s, SLOT.observed);
  // An hour of an inactivity alert stays out of learning after a restart too.
  if (s >= 0 && inAlert) ring.mark(s, SLOT.excluded);
}

/**
 * Seeds `ring` from a household's snapshot, then from the rows stored after it (`newer`, at or
 * above its version), as `seedHouseholdHours` would from all of them. `taken`: the newer rows'
 * marks; `fromHour`: the oldest hour index to take (the rows path's window). Returns the hours
 * taken. Throws INVALID_SNAPSHOT as `seedHouseholdSnapshotBytes` does.
 */
export function seedHouseholdSnapshot(
  householdId: string,
  ring: UsageRing,
  bytes: Uint8Array,
  newer: readonly SeedRow[],
  taken: ReadingsTaken | undefined,
  minReadingsPerHour: number,
  fromHour: number,
): number {
  // The rows path reads the hours from the store's newest less the learning window: so does this.
  const seeded = seedHouseholdSnapshotBytes(ring, bytes, minReadingsPerHour, fromHour);
  const n = seeded.hours;
  if (newer.length === 0) return n;
  // Marks only grow: the newer rows' are the snapshot's or later.
  // Unknown in the newer rows (stored before rows had marks): the snapshot's, as the rows path keeps the known ones.
  const higher = (a: number, b: number | undefined) => (b === undefined ? a : Math.max(a, b));
  const marks = {
    water: higher(seeded.taken.water, taken?.water),
    electricity: higher(seeded.taken.electricity, taken?.electricity),
  };
  const through = (m: number) => (m === Number.POSITIVE_INFINITY ? undefined : m);
  return (
    n +
    seedHouseholdHours(
      householdId,
      ring,
      newer,
      { water: through(marks.water), electricity: through(marks.electricity) },
      minReadingsPerHour,
    )
  );
}

/**
 * Main's snapshot writer as it was before session 20 (issue 17): it decoded a ring's closed days
 * and encoded them again. Kept for snapshot-encode.test.ts, which proves the writer that copies a
 * packed day's record writes the same bytes for the same state.
 */
import { ByteWriter } from './byte-writer.ts';
import { type ColdScratch, clearDays, dayArrays, encodeDays } from './cold-days.ts';
import { readingThroughMs } from './hourly-row.ts';
import type { HouseholdState } from './household.ts';
import { closedDays, OPEN_DAYS } from './ring-slab.ts';
import { SNAPSHOT_VERSION } from './snapshot.ts';
import { closedFrom, openFrom, SLOT, storedHourValue, type UsageRing } from './usage-ring.ts';

const V1 = 1;
const V2 = 2;
/** Bytes a version 3 snapshot's learnt models take at most (about 530 at the default config). */
const MAX_MODELS = 1024;

const FLAG = {
  /** The hour has no row (older than the household, or never closed for it): nothing follows. */
  absent: 1,
  /** `in_alert`: the hour is never learnt from. */
  excluded: 2,
  /** Water is not zero: its varint follows electricity's. */
  wet: 4,
  /** Reading counts other than four of each: two bytes follow. */
  oddCounts: 8,
  /** Values that are not a whole number of millionths below 2^53: two float64 follow. */
  raw: 16,
} as const;

const USUAL_COUNT = 4;
const MICRO = 1e6;

/** What the hour's row says (`round6` in hourly-row.ts), in millionths when that is exact. */
const micro = (x: number): number => Math.round(x * MICRO);
const round6 = (x: number): number => micro(x) / MICRO;
const exactMicro = (x: number): boolean => {
  const m = micro(x);
  return m >= 0 && Number.isSafeInteger(m);
};

/**
 * The snapshot of household `h` whose hours up to `lastClosed` are closed (their rows emitted):
 * the last `hours + 1` of them, as the restore from rows reads `hour >= newest − hours`.
 * `minReadingsPerHour`: the detector's, for the `observed` flag of the closed days it carries.
 * `models`: what its rules learnt for the day (learnt-models.ts), carried by a version 3 snapshot.
 */
export function encodeHouseholdSnapshotBefore<S>(
  h: HouseholdState<S>,
  lastClosed: number,
  hours: number,
  minReadingsPerHour: number,
  models?: Uint8Array,
): Uint8Array {
  const { ring } = h;
  const w = new ByteWriter();
  const last = Math.min(lastClosed, ring.latest);
  const first = Math.max(ring.latest - ring.size + 1, lastClosed - hours);
  let count = Number.isFinite(last) && last >= first ? last - first + 1 : 0;
  // Its newest stored hour: a restore moves a fresh ring to it first.
  let newest = first + count - 1;
  while (newest >= first && !emitted(ring, ring.at(newest))) newest--;
  if (newest < first) count = 0;
  const closedStart = count > 0 ? closedFrom(newest, ring.size) : 0;
  const v2 =
    count > 0 &&
    ring.packed &&
    Number.isInteger(minReadingsPerHour) &&
    minReadingsPerHour >= 0 &&
    !storedBefore(ring, first, closedStart);
  const v3 = v2 && models !== undefined && models.length <= MAX_MODELS;
  w.byte(count === 0 ? SNAPSHOT_VERSION : v3 ? SNAPSHOT_VERSION : v2 ? V2 : V1);
  w.varint(count === 0 ? 0 : first);
  w.varint(count);
  w.f64(readingThroughMs(h.water, ring.seededThroughOf('water')));
  w.f64(readingThroughMs(h.elec, ring.seededThroughOf('electricity')));
  if (!v2) {
    for (let x = first; x < first + count; x++) writeHour(w, ring, ring.at(x));
    return w.done();
  }
  const openStart = openFrom(newest);
  const days = closedDays(ring.size);
  const block = closedBlock(
    ring,
    days,
    closedStart,
    Math.max(first, closedStart),
    Math.min(last, openStart - 1),
    minReadingsPerHour,
  );
  w.varint(newest - first);
  w.varint(ring.size);
  w.byte(OPEN_DAYS);
  w.varint(minReadingsPerHour);
  w.varint(block.present);
  w.varint(block.bytes.length);
  w.bytes(block.bytes);
  if (v3) {
    w.varint(models.length);
    w.bytes(models);
  }
  for (let x = Math.max(first, openStart); x <= last; x++) writeHour(w, ring, ring.at(x));
  return w.done();
}

const emitted = (ring: UsageRing, s: number): boolean => s >= 0 && ring.has(s, SLOT.emitted);

/** Whether the ring holds a stored hour in [from, to): none, as a snapshot's hours all lie in its closed and open days. */
function storedBefore(ring: UsageRing, from: number, to: number): boolean {
  for (let x = from; x < to; x++) if (emitted(ring, ring.at(x))) return true;
  return false;
}

/** One process's day arrays for the closed days a snapshot writes (a ring's 14 days: ~3 KB). */
let dayBuffer: ColdScratch | undefined;

/**
 * The closed days of a restored ring whose newest hour makes `start` its closed days' first:
 * each stored hour of [from, to] as seeding from its row would hold it, encoded as its block.
 */
function closedBlock(
  ring: UsageRing,
  days: number,
  start: number,
  from: number,
  to: number,
  min: number,
): { bytes: Uint8Array; present: number } {
  if (dayBuffer === undefined || dayBuffer.days < days) dayBuffer = dayArrays(days);
  const d = dayBuffer;
  clearDays(d, days);
  let present = 0;
  // The hours closed in the ring too read from its decoded days, not through its readers an hour at a time.
  const view = ring.closedView();
  const closedTo = view === undefined ? from - 1 : Math.min(to, openFrom(ring.latest) - 1);
  const stored = ring.storedPrecision;
  for (let x = from; x <= closedTo; x++) {
    const v = view as { days: ColdScratch; first: number };
    const i = x - v.first;
    const flags = v.days.flags[i] as number;
    if (!(flags & SLOT.emitted)) continue;
    const water = v.days.water[i] as number;
    const elec = v.days.elec[i] as number;
    put(
      d,
      x - start,
      stored ? storedHourValue(water) : water,
      stored ? storedHourValue(elec) : elec,
      v.days.waterCount[i] as number,
      v.days.elecCount[i] as number,
      flags,
      min,
    );
    present++;
  }
  for (let x = closedTo + 1; x <= to; x++) {
    const s = ring.at(x);
    if (!emitted(ring, s)) continue;
    put(
      d,
      x - start,
      ring.waterAt(s),
      ring.elecAt(s),
      ring.waterCountAt(s),
      ring.elecCountAt(s),
      ring.has(s, SLOT.excluded) ? SLOT.excluded : 0,
      min,
    );
    present++;
  }
  return { bytes: encodeDays(d, days), present };
}

/** Hour j of `d` as seeding from the row of an hour of these values, counts and flags holds it. */
function put(
  d: ColdScratch,
  j: number,
  water: number,
  elec: number,
  wc: number,
  ec: number,
  flags: number,
  min: number,
): void {
  seededValues(water, elec);
  d.water[j] = Math.fround(seeded.water);
  d.elec[j] = Math.fround(seeded.elec);
  d.waterCount[j] = Math.min(255, wc);
  d.elecCount[j] = Math.min(255, ec);
  d.flags[j] =
    SLOT.seeded | SLOT.emitted | (wc >= min && ec >= min ? SLOT.observed : 0) | (flags & SLOT.excluded);
}

/** What a version 1 reader hands seeding for an hour's two values (`writeHour`): set by `seededValues`. */
const seeded = { water: 0, elec: 0 };

function seededValues(water: number, elec: number): void {
  if (!(exactMicro(water) && exactMicro(elec))) {
    seeded.water = round6(water);
    seeded.elec = round6(elec);
  } else {
    // A varint of −0 reads back 0.
    seeded.water = (micro(water) + 0) / MICRO;
    seeded.elec = (micro(elec) + 0) / MICRO;
  }
}

function writeHour(w: ByteWriter, ring: UsageRing, s: number): void {
  if (s < 0 || !ring.has(s, SLOT.emitted)) {
    w.byte(FLAG.absent);
    return;
  }
  const water = ring.waterAt(s);
  const elec = ring.elecAt(s);
  const wc = ring.waterCountAt(s);
  const ec = ring.elecCountAt(s);
  const raw = !(exactMicro(water) && exactMicro(elec));
  const wet = raw || micro(water) !== 0;
  const odd = wc !== USUAL_COUNT || ec !== USUAL_COUNT;
  w.byte(
    (ring.has(s, SLOT.excluded) ? FLAG.excluded : 0) |
      (wet ? FLAG.wet : 0) |
      (odd ? FLAG.oddCounts : 0) |
      (raw ? FLAG.raw : 0),
  );
  if (raw) {
    w.f64(round6(elec));
    w.f64(round6(water));
  } else {
    w.varint(micro(elec));
    if (wet) w.varint(micro(water));
  }
  if (odd) {
    w.byte(wc);
    w.byte(ec);
  }
}

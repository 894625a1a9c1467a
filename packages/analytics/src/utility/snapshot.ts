/**
 * A household's learnt model as a few bytes: its closed hours over the learning window, each as
 * it was stored (`household_usage_hourly`'s values, rounded as the row rounds them), and what
 * they had taken in. A detector restored from a snapshot holds exactly what one seeded from the
 * same hours' rows would, in about 1.2 KB instead of 337 row objects.
 *
 * Layout, version 1: version byte; first hour index and hour count as varints; the water and
 * electricity marks (`*_reading_through`, epoch ms; +Infinity: unknown) as float64; then, per
 * hour, a flag byte and what the flags say follows: electricity and water in millionths as
 * varints (or both as float64 when not a small whole number of millionths), and the two reading
 * counts when they are not the usual four each.
 *
 * Version 2 (issue 17, session 19): the same head; when it holds an hour, then its newest hour
 * (from the first, varint), the ring's hours and open days and the writer's `minReadingsPerHour`
 * (the `observed` flag a seeded hour gets), the hours held in its closed days (varint), and
 * those closed days as the block of day records a restored ring holds (cold-days.ts: its length,
 * then the records, the values as seeded: the float32 of the row's rounded value, the flags
 * seeded, emitted, observed and excluded as seeding sets them); then its open days' hours as
 * version 1 writes each. A restore into a fresh ring of the same hours and settings takes the
 * block as it stands (no 14 days encoded per household, the restore's CPU of session 18); any
 * other reads its hours one by one, as from version 1. Version 1 is still read (the snapshots in
 * stores when this shipped), and still written for a ring that packs no day.
 *
 * Version 3 (issue 17, session 20): version 2 with, after its closed days' block, what the rules
 * learnt for the day (learnt-models.ts: its length as a varint, then the block), so a restore
 * judges the day with the models the writer judged it with, and learns nothing until the next
 * day's first check. Written when the household has learnt something a snapshot carries;
 * version 2 otherwise (and still read, as version 1). A ring that packs no day writes version 1,
 * which carries no models: its restore relearns, as before.
 */
import { ByteWriter } from './byte-writer.ts';
import {
  type ColdScratch,
  clearDays,
  dayArrays,
  decodeRecord,
  encodeDayRecord,
  hoursFlagged,
  walkDays,
} from './cold-days.ts';
import { UtilityError } from './errors.ts';
import { readingThroughMs } from './hourly-row.ts';
import type { HouseholdState } from './household.ts';
import { type LearntModels, readLearntModels } from './learnt-models.ts';
import { closedDays, OPEN_DAYS } from './ring-slab.ts';
import { closedFrom, openFrom, SLOT, storedHourValue, type UsageRing } from './usage-ring.ts';

/**
 * The version of this writer (the store's `format` column, migrations 0073 and 0076): it writes
 * layout 3, or 2 for a household that learnt nothing carried, or 1 for a ring that packs no day
 * (the first byte says which, and a reader goes by it). A restore reads `OLDEST_SNAPSHOT_VERSION`
 * to this one.
 */
export const SNAPSHOT_VERSION = 3;
/** The oldest layout still read: version 1, stored before session 19. */
export const OLDEST_SNAPSHOT_VERSION = 1;
const V1 = 1;
const V2 = 2;
/** Bytes a version 3 snapshot's learnt models take at most (about 530 at the default config). */
const MAX_MODELS = 1024;
const HOURS_PER_DAY = 24;

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

class Reader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  at = 0;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  byte(): number {
    const b = this.#bytes[this.at++];
    if (b === undefined) throw new RangeError('snapshot ends early');
    return b;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 0x80;
      if (scale > 2 ** 56) throw new RangeError('snapshot varint too long');
    }
  }

  f64(): number {
    if (this.at + 8 > this.#bytes.length) throw new RangeError('snapshot ends early');
    const x = this.#view.getFloat64(this.at);
    this.at += 8;
    return x;
  }

  skip(n: number): void {
    if (this.at + n > this.#bytes.length) throw new RangeError('snapshot ends early');
    this.at += n;
  }

  get end(): boolean {
    return this.at === this.#bytes.length;
  }
}

/** One stored hour of a snapshot, as `seedHouseholdHours` takes a row. */
export interface SnapshotHour {
  hour: number;
  water: number;
  electricity: number;
  waterReadings: number;
  electricityReadings: number;
  inAlert: boolean;
}

export interface HouseholdSnapshot {
  /** Marks as `ReadingsTaken`, epoch ms; +Infinity: unknown (the hours are final). */
  taken: { water: number; electricity: number };
  hours: SnapshotHour[];
}

/**
 * The snapshot of household `h` whose hours up to `lastClosed` are closed (their rows emitted):
 * the last `hours + 1` of them, as the restore from rows reads `hour >= newest − hours`.
 * `minReadingsPerHour`: the detector's, for the `observed` flag of the closed days it carries.
 * `models`: what its rules learnt for the day (learnt-models.ts), carried by a version 3 snapshot.
 */
export function encodeHouseholdSnapshot<S>(
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

/** One day as a snapshot writes it (`closedBlock`), and the block being written (one for the process). */
const snapDay = dayArrays(1);
let blockBuf = new Uint8Array(4096);
let blockLength = 0;

function append(bytes: Uint8Array, from: number, to: number): void {
  const n = to - from;
  if (blockLength + n > blockBuf.length) {
    const grown = new Uint8Array(Math.max(2 * blockBuf.length, blockLength + n));
    grown.set(blockBuf.subarray(0, blockLength));
    blockBuf = grown;
  }
  blockBuf.set(bytes.subarray(from, to), blockLength);
  blockLength += n;
}

/**
 * The closed days of a restored ring whose newest hour makes `start` its closed days' first:
 * each stored hour of [from, to] as seeding from its row would hold it, encoded as its block.
 * A day the ring packs as seeding would hold it (`UsageRing.closedSeededUntil`: a restored ring's
 * adopted days, until a change to them is stored) is its record copied, neither decoded nor
 * encoded: it is `encodeDays`'s of that day (issue 17, session 20: decoding every closed day and
 * encoding it again was 63 % of a flush's snapshots). Any other day is decoded and encoded as
 * seeding would hold it.
 */
function closedBlock(
  ring: UsageRing,
  days: number,
  start: number,
  from: number,
  to: number,
  min: number,
): { bytes: Uint8Array; present: number } {
  blockLength = 0;
  let present = 0;
  const stored = ring.storedPrecision;
  const ringFirst = closedFrom(ring.latest, ring.size);
  const t = snapDay;
  // Its days before the ring's closed days hold none of its hours (the ring's oldest is later).
  let d = 0;
  for (; d < days && start + d * HOURS_PER_DAY < ringFirst; d++) append(EMPTY_DAY, 0, 1);
  const first = d;
  // Its days the ring packs as seeding with `min` holds them: their records as they stand.
  const seededUntil = ring.closedSeededUntil(min);
  ring.walkClosedDays((rd, record, at, end) => {
    const sd = first + rd;
    if (sd >= days) return;
    d = sd + 1;
    const dayStart = start + sd * HOURS_PER_DAY;
    const lo = Math.max(from, dayStart) - dayStart;
    const hi = Math.min(to, dayStart + HOURS_PER_DAY - 1) - dayStart;
    if (lo === 0 && hi === HOURS_PER_DAY - 1 && dayStart / HOURS_PER_DAY < seededUntil) {
      append(record, at, end);
      present += hoursFlagged(record, at, SLOT.emitted);
      return;
    }
    const day = decodeRecord(record, at);
    clearDays(t, 1);
    for (let j = lo; j <= hi; j++) {
      const flags = day.flags[j] as number;
      if (!(flags & SLOT.emitted)) continue;
      const water = day.water[j] as number;
      const elec = day.elec[j] as number;
      put(
        t,
        j,
        stored ? storedHourValue(water) : water,
        stored ? storedHourValue(elec) : elec,
        day.waterCount[j] as number,
        day.elecCount[j] as number,
        flags,
        min,
      );
      present++;
    }
    const own = encodeDayRecord(t);
    append(own, 0, own.length);
  });
  // Days past the ring's packed ones (none: a snapshot's closed days end at its newest hour's
  // open days, never after the ring's), from its slots as its readers read them.
  for (; d < days; d++) {
    const dayStart = start + d * HOURS_PER_DAY;
    clearDays(t, 1);
    for (let x = Math.max(from, dayStart); x <= Math.min(to, dayStart + HOURS_PER_DAY - 1); x++) {
      const s = ring.at(x);
      if (!emitted(ring, s)) continue;
      put(
        t,
        x - dayStart,
        ring.waterAt(s),
        ring.elecAt(s),
        ring.waterCountAt(s),
        ring.elecCountAt(s),
        ring.has(s, SLOT.excluded) ? SLOT.excluded : 0,
        min,
      );
      present++;
    }
    const own = encodeDayRecord(t);
    append(own, 0, own.length);
  }
  return { bytes: blockBuf.subarray(0, blockLength), present };
}

/** An empty day's record: its length 0. */
const EMPTY_DAY = Uint8Array.of(0);

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
  const wc = ring.waterCountAt(s);
  const ec = ring.elecCountAt(s);
  // Each value's millionths once (`micro`, `exactMicro`, `round6` of the same: 21 % of a
  // flush's snapshots went to this function, session 20's profile).
  const mw = micro(ring.waterAt(s));
  const me = micro(ring.elecAt(s));
  const raw = !(mw >= 0 && Number.isSafeInteger(mw) && me >= 0 && Number.isSafeInteger(me));
  const wet = raw || mw !== 0;
  const odd = wc !== USUAL_COUNT || ec !== USUAL_COUNT;
  w.byte(
    (ring.has(s, SLOT.excluded) ? FLAG.excluded : 0) |
      (wet ? FLAG.wet : 0) |
      (odd ? FLAG.oddCounts : 0) |
      (raw ? FLAG.raw : 0),
  );
  if (raw) {
    w.f64(me / MICRO);
    w.f64(mw / MICRO);
  } else {
    w.varint(me);
    if (wet) w.varint(mw);
  }
  if (odd) {
    w.byte(wc);
    w.byte(ec);
  }
}

/** One stored hour as a snapshot holds it, handed to a reader's visitor (nothing allocated). */
export type SnapshotHourVisitor = (
  hour: number,
  water: number,
  electricity: number,
  waterReadings: number,
  electricityReadings: number,
  inAlert: boolean,
) => void;

/** What a snapshot's head says (`readSnapshotHead`). */
export interface SnapshotHead {
  version: number;
  first: number;
  count: number;
  taken: HouseholdSnapshot['taken'];
  /** Version 2 with hours: its newest hour, the writer's ring hours, open days and minimum, the closed days' stored hours. */
  newest: number;
  ringHours: number;
  openDays: number;
  minReadingsPerHour: number;
  present: number;
  /** Where its closed days' block is, and its open hours (version 1: every hour) from `hoursAt`. */
  blockStart: number;
  blockEnd: number;
  /** Where its learnt models are (version 3; otherwise empty, at `hoursAt`). */
  modelsStart: number;
  modelsEnd: number;
  hoursAt: number;
  /** The first hour written one by one. */
  hoursFrom: number;
}

/** Reads a snapshot's head; a RangeError for bytes that are not one. */
function head(r: Reader): SnapshotHead {
  const version = r.byte();
  if (version !== V1 && version !== V2 && version !== SNAPSHOT_VERSION)
    throw new RangeError(`version ${version}, not ${OLDEST_SNAPSHOT_VERSION}–${SNAPSHOT_VERSION}`);
  const first = r.varint();
  const count = r.varint();
  const taken = { water: r.f64(), electricity: r.f64() };
  const h: SnapshotHead = {
    version,
    first,
    count,
    taken,
    newest: first + count - 1,
    ringHours: 0,
    openDays: 0,
    minReadingsPerHour: 0,
    present: 0,
    blockStart: r.at,
    blockEnd: r.at,
    modelsStart: r.at,
    modelsEnd: r.at,
    hoursAt: r.at,
    hoursFrom: first,
  };
  if (version === V1 || count === 0) return h;
  h.newest = first + r.varint();
  h.ringHours = r.varint();
  h.openDays = r.byte();
  h.minReadingsPerHour = r.varint();
  h.present = r.varint();
  const length = r.varint();
  if (h.newest >= first + count || h.ringHours < (h.openDays + 2) * HOURS_PER_DAY || h.openDays === 0)
    throw new RangeError('a head of no ring');
  h.blockStart = r.at;
  r.skip(length);
  h.blockEnd = r.at;
  if (version === SNAPSHOT_VERSION) {
    const models = r.varint();
    // A writer with nothing learnt writes layout 2, not an empty block.
    if (models === 0 || models > MAX_MODELS) throw new RangeError(`learnt models of ${models} bytes`);
    h.modelsStart = r.at;
    r.skip(models);
  } else h.modelsStart = r.at;
  h.modelsEnd = r.at;
  h.hoursAt = r.at;
  h.hoursFrom = Math.max(first, openDaysFrom(h.newest, h.openDays));
  return h;
}

/** `openFrom` for a writer's open days. */
const openDaysFrom = (latest: number, openDays: number): number =>
  (Math.floor(latest / HOURS_PER_DAY) - openDays + 1) * HOURS_PER_DAY;

/** Closed days of a writer's ring (`closedDays` for its open days). */
const writerClosedDays = (hours: number, openDays: number): number =>
  Math.ceil((hours - 1 - HOURS_PER_DAY * (openDays - 1)) / HOURS_PER_DAY);

/** The first hour of a version 2 snapshot's closed days. */
const blockFirst = (h: SnapshotHead): number =>
  openDaysFrom(h.newest, h.openDays) - writerClosedDays(h.ringHours, h.openDays) * HOURS_PER_DAY;

/** Visits the hours written one by one from `h.hoursAt`, to the end (which it checks). */
function visitHours(
  r: Reader,
  h: SnapshotHead,
  visit: SnapshotHourVisitor | undefined,
  bytes: Uint8Array,
): void {
  r.at = h.hoursAt;
  let newest = Number.NEGATIVE_INFINITY;
  for (let x = h.hoursFrom; x < h.first + h.count; x++) {
    const flags = r.byte();
    if (flags & FLAG.absent) continue;
    newest = x;
    let electricity: number;
    let water: number;
    if (flags & FLAG.raw) {
      electricity = r.f64();
      water = r.f64();
    } else {
      electricity = r.varint() / MICRO;
      water = flags & FLAG.wet ? r.varint() / MICRO : 0;
    }
    const odd = (flags & FLAG.oddCounts) !== 0;
    const waterReadings = odd ? r.byte() : USUAL_COUNT;
    const electricityReadings = odd ? r.byte() : USUAL_COUNT;
    visit?.(x, water, electricity, waterReadings, electricityReadings, (flags & FLAG.excluded) !== 0);
  }
  if (!r.end) throw new RangeError(`${bytes.length - r.at} bytes after the last hour`);
  // Version 2 names its newest stored hour (a restore moves a fresh ring to it): seeding the
  // hours moves a ring to the newest of them, so the head's is that one.
  if (h.version !== V1 && h.count > 0 && newest !== h.newest)
    throw new RangeError(`its newest hour ${newest}, the head says ${h.newest}`);
}

/** The flags seeding gives every hour it stores. */
const SEEDED = SLOT.seeded | SLOT.emitted;

/** Whether float32 `v` is one a row gives (`put`): what seeding from `round6(v)` stores is `v` itself. */
const rowValue = (v: number): boolean => Object.is(Math.fround(round6(v)), v);

/**
 * Visits a version 2 snapshot's closed days' stored hours (checked: `walkDays`), in order. A block
 * this accepts holds only what seeding its hours would (`put`): a ring that takes it as it stands
 * (its writer's hours, open days and minimum) holds what one seeded from its hours does, so the
 * same bytes restore the same whatever the restoring detector's settings (review of session 19).
 */
function visitClosed(bytes: Uint8Array, h: SnapshotHead, visit: SnapshotHourVisitor | undefined): void {
  const start = blockFirst(h);
  const min = h.minReadingsPerHour;
  let present = 0;
  walkDays(bytes, h.blockStart, h.blockEnd, writerClosedDays(h.ringHours, h.openDays), (d, day) => {
    for (let j = 0; j < HOURS_PER_DAY; j++) {
      const flags = day.flags[j] as number;
      const water = day.water[j] as number;
      const elec = day.elec[j] as number;
      const wc = day.waterCount[j] as number;
      const ec = day.elecCount[j] as number;
      if (!(flags & SLOT.emitted)) {
        // An hour not stored: nothing at all (seeding leaves it as a fresh ring's).
        if (flags || wc || ec || !Object.is(water, 0) || !Object.is(elec, 0))
          throw new RangeError('a closed hour not stored, not empty');
        continue;
      }
      // A stored hour: seeded and emitted, observed exactly when seeding with the writer's
      // minimum marks it, excluded or not (its row's `in_alert`), never dirty; values a row gives.
      const observed = wc >= min && ec >= min ? SLOT.observed : 0;
      if ((flags & ~SLOT.excluded) !== (SEEDED | observed))
        throw new RangeError(`a closed hour's flags ${flags}, seeding's ${SEEDED | observed}`);
      if (!(rowValue(water) && rowValue(elec))) throw new RangeError('a closed hour of no row');
      const x = start + d * HOURS_PER_DAY + j;
      if (x < h.first || x >= h.hoursFrom) throw new RangeError(`a closed hour ${x} outside the snapshot's`);
      present++;
      // The row's millionths (the float32 seeds the same: fround(round6(f)) is f).
      visit?.(x, round6(water), round6(elec), wc, ec, (flags & SLOT.excluded) !== 0);
    }
  });
  if (present !== h.present) throw new RangeError(`${present} closed hours, the head says ${h.present}`);
}

/** A snapshot's head; throws INVALID_SNAPSHOT for bytes that are not one this version reads. */
export function readSnapshotHead(bytes: Uint8Array): SnapshotHead {
  try {
    return head(new Reader(bytes));
  } catch (error) {
    throw new UtilityError('INVALID_SNAPSHOT', `${bytes.length} bytes`, { cause: error });
  }
}

/**
 * The hours a snapshot writes one by one (version 2: its open days'; version 1: every hour), from
 * its head (`readSnapshotHead`), to `visit`; throws INVALID_SNAPSHOT as `readHouseholdSnapshot`.
 */
export function readSnapshotHours(bytes: Uint8Array, h: SnapshotHead, visit: SnapshotHourVisitor): void {
  try {
    visitHours(new Reader(bytes), h, visit, bytes);
  } catch (error) {
    throw new UtilityError('INVALID_SNAPSHOT', `${bytes.length} bytes`, { cause: error });
  }
}

/**
 * Walks a snapshot, calling `visit` for each hour it holds, in order, and returns its marks;
 * throws INVALID_SNAPSHOT for bytes that are not one of the versions read. Nothing is allocated
 * per hour: a restore seeds 167k households × 337 hours from it (issue 17), and checks each on load.
 */
export function readHouseholdSnapshot(
  bytes: Uint8Array,
  visit?: SnapshotHourVisitor,
): HouseholdSnapshot['taken'] {
  try {
    const r = new Reader(bytes);
    const h = head(r);
    if (h.version !== V1 && h.count > 0) visitClosed(bytes, h, visit);
    if (h.modelsEnd > h.modelsStart) readLearntModels(bytes, h.modelsStart, h.modelsEnd, h.newest);
    visitHours(r, h, visit, bytes);
    return h.taken;
  } catch (error) {
    if (error instanceof UtilityError) throw error;
    throw new UtilityError('INVALID_SNAPSHOT', `${bytes.length} bytes`, { cause: error });
  }
}

/**
 * Snapshots `checkHouseholdSnapshot` accepted: seeding takes them without walking them again (a
 * restore checks each as it loads it), and checks any other first (`requireHouseholdSnapshot`).
 * Bytes are not to be changed once checked (a restore's are views of the store's result).
 */
const accepted = new WeakSet<Uint8Array>();

/** Whether `bytes` are a snapshot this version reads (a restore checks each before it relies on it). */
export function checkHouseholdSnapshot(bytes: Uint8Array): boolean {
  try {
    readHouseholdSnapshot(bytes);
    accepted.add(bytes);
    return true;
  } catch (error) {
    if (error instanceof UtilityError) return false;
    throw error;
  }
}

/**
 * Throws INVALID_SNAPSHOT for bytes `checkHouseholdSnapshot` would refuse, before anything is
 * seeded from them: a restore takes a checked snapshot's closed days as they stand (the check is
 * what makes that safe), so seeding never relies on a caller having checked.
 */
export function requireHouseholdSnapshot(bytes: Uint8Array): void {
  if (accepted.has(bytes)) return;
  readHouseholdSnapshot(bytes);
  accepted.add(bytes);
}

/**
 * The learnt models a snapshot carries (version 3), read from its head (`readSnapshotHead`);
 * undefined for one that carries none. Throws INVALID_SNAPSHOT as `readHouseholdSnapshot`.
 */
export function readSnapshotModels(bytes: Uint8Array, h: SnapshotHead): LearntModels | undefined {
  if (h.modelsEnd === h.modelsStart) return undefined;
  try {
    return readLearntModels(bytes, h.modelsStart, h.modelsEnd, h.newest);
  } catch (error) {
    throw new UtilityError('INVALID_SNAPSHOT', `${bytes.length} bytes`, { cause: error });
  }
}

/** Reads a snapshot into objects; throws INVALID_SNAPSHOT for bytes that are not one of this version. */
export function decodeHouseholdSnapshot(bytes: Uint8Array): HouseholdSnapshot {
  const hours: SnapshotHour[] = [];
  const taken = readHouseholdSnapshot(
    bytes,
    (hour, water, electricity, waterReadings, electricityReadings, inAlert) =>
      hours.push({ hour, water, electricity, waterReadings, electricityReadings, inAlert }),
  );
  return { taken, hours };
}

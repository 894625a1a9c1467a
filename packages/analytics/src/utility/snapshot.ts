/**
 * A household's learnt model as a few bytes: its closed hours over the learning window, each as
 * it was stored (`household_usage_hourly`'s values, rounded as the row rounds them), and what
 * they had taken in. A detector restored from a snapshot holds exactly what one seeded from the
 * same hours' rows would, in about 1.8 KB instead of 337 row objects.
 *
 * Layout (version 1): version byte; first hour index and hour count as varints; the water and
 * electricity marks (`*_reading_through`, epoch ms; +Infinity: unknown) as float64; then, per
 * hour, a flag byte and what the flags say follows: electricity and water in millionths as
 * varints (or both as float64 when not a small whole number of millionths), and the two reading
 * counts when they are not the usual four each.
 */
import { UtilityError } from './errors.ts';
import { readingThroughMs } from './hourly-row.ts';
import type { HouseholdState } from './household.ts';
import { SLOT, type UsageRing } from './usage-ring.ts';

export const SNAPSHOT_VERSION = 1;

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

class Writer {
  #bytes = new Uint8Array(512);
  #view = new DataView(this.#bytes.buffer);
  length = 0;

  #room(n: number): void {
    if (this.length + n <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(this.#bytes.length * 2, this.length + n));
    grown.set(this.#bytes);
    this.#bytes = grown;
    this.#view = new DataView(grown.buffer);
  }

  byte(b: number): void {
    this.#room(1);
    this.#bytes[this.length++] = b;
  }

  varint(v: number): void {
    let rest = v;
    while (rest >= 0x80) {
      this.byte((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.byte(rest);
  }

  f64(x: number): void {
    this.#room(8);
    this.#view.setFloat64(this.length, x);
    this.length += 8;
  }

  done(): Uint8Array {
    return this.#bytes.slice(0, this.length);
  }
}

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
 */
export function encodeHouseholdSnapshot<S>(
  h: HouseholdState<S>,
  lastClosed: number,
  hours: number,
): Uint8Array {
  const { ring } = h;
  const w = new Writer();
  const last = Math.min(lastClosed, ring.latest);
  const first = Math.max(ring.latest - ring.size + 1, lastClosed - hours);
  const count = Number.isFinite(last) && last >= first ? last - first + 1 : 0;
  w.byte(SNAPSHOT_VERSION);
  w.varint(count === 0 ? 0 : first);
  w.varint(count);
  w.f64(readingThroughMs(h.water, ring.seededThroughOf('water')));
  w.f64(readingThroughMs(h.elec, ring.seededThroughOf('electricity')));
  for (let x = first; x < first + count; x++) writeHour(w, ring, ring.at(x));
  return w.done();
}

function writeHour(w: Writer, ring: UsageRing, s: number): void {
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

/** One stored hour as a snapshot holds it, handed to a reader's visitor (nothing allocated). */
export type SnapshotHourVisitor = (
  hour: number,
  water: number,
  electricity: number,
  waterReadings: number,
  electricityReadings: number,
  inAlert: boolean,
) => void;

/**
 * Walks a snapshot, calling `visit` for each hour it holds, and returns its marks; throws
 * INVALID_SNAPSHOT for bytes that are not one of this version. Nothing is allocated per hour:
 * a restore seeds 167k households × 337 hours from it (issue 17), and checks each on load.
 */
export function readHouseholdSnapshot(
  bytes: Uint8Array,
  visit?: SnapshotHourVisitor,
): HouseholdSnapshot['taken'] {
  try {
    const r = new Reader(bytes);
    const version = r.byte();
    if (version !== SNAPSHOT_VERSION) throw new RangeError(`version ${version}, not ${SNAPSHOT_VERSION}`);
    const first = r.varint();
    const count = r.varint();
    const taken = { water: r.f64(), electricity: r.f64() };
    for (let x = first; x < first + count; x++) {
      const flags = r.byte();
      if (flags & FLAG.absent) continue;
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
    return taken;
  } catch (error) {
    throw new UtilityError('INVALID_SNAPSHOT', `${bytes.length} bytes`, { cause: error });
  }
}

/** Whether `bytes` are a snapshot this version reads (a restore checks each before it relies on it). */
export function checkHouseholdSnapshot(bytes: Uint8Array): boolean {
  try {
    readHouseholdSnapshot(bytes);
    return true;
  } catch (error) {
    if (error instanceof UtilityError) return false;
    throw error;
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

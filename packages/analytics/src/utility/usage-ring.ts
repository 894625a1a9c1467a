/**
 * A household's hourly usage over the last days: water, electricity and reading counts per
 * hour. It is both the source of the `household_usage_hourly` rows and the history a rhythm is
 * learnt from.
 *
 * Compact (issue 17): the rings of a detector's households share a few slabs (ring-slab.ts),
 * 4.5 bytes an hour and no object graph per household. Values are kept as the whole number of
 * meter units they are (1 L of water, 0.01 kWh: the registers' resolution), which gives back
 * exactly the float32 the ring used to hold; a value that is not one (an interval split
 * between hours, a clock-skewed meter, an hour above 1,022 L or 20.46 kWh) is kept as that
 * float32 aside. Every value a rule reads is the same as before, so are its decisions
 * (layout.test.ts).
 */

import type { ColdDays, ColdScratch } from './cold-days.ts';
import type { LearntChunk } from './learnt-slab.ts';
import { closedDays, OPEN_DAYS, RingSlab, type SlabChunk } from './ring-slab.ts';
import { HOUR } from './time.ts';

/** Bits of `flags`. */
export const SLOT = {
  /** Evaluated live with both meters complete. */
  observed: 1,
  /** Part of an inactivity condition: not learnt from. */
  excluded: 2,
  /**
   * Loaded from storage at start-up: it already holds every reading of a kind up to its
   * `seededThroughOf`, so a replayed one is ignored and only a later one (a late batch) is added.
   */
  seeded: 4,
  /** Changed since its row was emitted. */
  dirty: 8,
  /** Its row was emitted at least once. */
  emitted: 16,
} as const;

export type UsageKind = 'water' | 'electricity';

/**
 * Hours a household's ring holds for `historyDays` of learning: three days more. The rules learn
 * from a span fixed by the day (the day's last hour + hour-close's judgement wait), so with two
 * spare days they learnt from 13.7 days; the third gives back a whole 14.7 (session 15, branch
 * wip-inact15: 3 fewer false alarms on simulator 12, 1–2 fewer on households 1007 and 1008, no
 * find lost, all development data; +144 B a household).
 */
export function ringHoursFor(historyDays: number): number {
  return (historyDays + 3) * 24;
}

/**
 * An hour's value as a ring seeded from its stored row holds it: the row's 6 decimals
 * (hourly-row.ts), as float32. Idempotent (a seeded hour reads what it was seeded with), so a
 * live ring and one rebuilt from its rows or snapshot read the same (config `storedPrecision`).
 */
export const storedHourValue = (x: number): number => Math.fround(Math.round(x * 1e6) / 1e6);

/** Hours of a day: a ring's closed days are packed a day at a time. */
const DAY = 24;

export class UsageRing {
  readonly #chunk: SlabChunk;
  /** This ring's first index in its chunk. */
  readonly #base: number;
  /** Where its marks are in its chunk's `marks`: newest hour, then water's and electricity's seeded through. */
  readonly #mark: number;

  /** A ring of `hours` in `slab` (shared with other rings), or in a slab of its own. */
  constructor(hours: number, slab: RingSlab = new RingSlab(hours, 1)) {
    if (slab.hours !== hours) throw new RangeError(`a ring of ${hours} h in a slab of ${slab.hours} h rings`);
    const { chunk, base } = slab.allocate();
    this.#chunk = chunk;
    this.#base = base;
    this.#mark = (3 * base) / slab.slots;
  }

  /** Hours it holds (its chunk's rings' size: a field less a ring). */
  get size(): number {
    return this.#chunk.ringHours;
  }

  /** Its slots in the chunk: every hour's, or its open days' when its closed days are packed. */
  get #slots(): number {
    return this.#chunk.ringSlots;
  }

  /** Its index among the chunk's rings. */
  get #ring(): number {
    return this.#mark / 3;
  }

  /** Days its closed days hold (`closedDays`). */
  get #closedDays(): number {
    return closedDays(this.size);
  }

  /** Newest hour index held (−Infinity: none yet); slots hold hours (latest − size, latest]. */
  get latest(): number {
    return this.#chunk.marks[this.#mark] as number;
  }

  /**
   * The newest reading of `kind` the stored (seeded) hours had taken in: one up to it is counted
   * there already, or came too late to count; a later one was never seen. −Infinity: nothing
   * seeded; +Infinity: unknown (rows stored before it was recorded), seeded hours are final.
   * Held in its chunk's marks, not an object of its own with two heap numbers (issue 17).
   */
  seededThroughOf(kind: UsageKind): number {
    return this.#chunk.marks[this.#mark + (kind === 'water' ? 1 : 2)] as number;
  }

  /** Sets both kinds' `seededThroughOf`. */
  setSeededThrough(water: number, electricity: number): void {
    this.#chunk.marks[this.#mark + 1] = water;
    this.#chunk.marks[this.#mark + 2] = electricity;
  }

  /** Where its learnt statistics are held (learnt-slab.ts): its chunk's tables, at record `learntIndex`. */
  get learnt(): LearntChunk {
    return this.#chunk.learnt;
  }

  get learntIndex(): number {
    return this.#ring;
  }

  /**
   * Slot of hour `h`, or -1 when it is older than the ring (or not a whole hour index). With its
   * closed days packed (cold-days.ts): an open hour's slot in the chunk (below `#slots`), or a
   * closed hour's place in its closed days, from `#slots` on.
   */
  at(h: number): number {
    const latest = this.latest;
    // A NaN hour would address slot 0 of the chunk's half-byte counts (NaN >> 1 is 0): another
    // household's hour. Only whole hour indexes have a slot.
    const size = this.size;
    if (!Number.isInteger(h) || h > latest || h <= latest - size) return -1;
    const n = this.#slots;
    // Open: within its last 72 h at least (no division), or every hour when none is packed.
    if (h > latest - n + DAY || n === size || h >= openFrom(latest)) return ((h % n) + n) % n;
    return n + h - (openFrom(latest) - this.#closedDays * DAY);
  }

  /** Slot of hour `h`, making room for it (dropping the oldest hours); -1 when too old. */
  ensure(h: number): number {
    const latest = this.latest;
    if (h > latest) {
      const n = this.#slots;
      // A ring's first hour needs no roll: its block is empty, and a day past its records reads empty.
      if (
        n < this.size &&
        latest !== Number.NEGATIVE_INFINITY &&
        Math.floor(h / DAY) > Math.floor(latest / DAY)
      )
        this.#roll(latest, h);
      // A ring never used holds zeros (its slots in the slab are its own, from allocation): a
      // restore seeding 167k households skipped clearing 384 empty slots each (issue 17).
      if (latest !== Number.NEGATIVE_INFINITY) {
        const from = Math.max(latest + 1, h - n + 1);
        for (let x = from; x <= h; x++) this.#chunk.clear(this.#base + (((x % n) + n) % n));
      }
      this.#chunk.marks[this.#mark] = h;
    }
    return this.at(h);
  }

  /**
   * The newest hour moves from `was` to `now` into a later day: the days that leave the open
   * ones are packed onto the closed days (as their slots hold them), the closed days that leave
   * the ring dropped.
   */
  #roll(was: number, now: number): void {
    const cold = this.#chunk.cold as ColdDays;
    const n = this.#slots;
    const chunk = this.#chunk;
    const base = this.#base;
    const days = this.#closedDays;
    const mark = this.#mark;
    const first = openFrom(now) / DAY - days;
    const oldest = now - this.size;
    cold.roll(this.#ring, openFrom(was) / DAY - days, days, first, first + days - 1, (d, day) => {
      for (let j = 0; j < DAY; j++) {
        const x = d * DAY + j;
        if (x > was || x <= oldest) {
          day.water[j] = 0;
          day.elec[j] = 0;
          day.waterCount[j] = 0;
          day.elecCount[j] = 0;
          day.flags[j] = 0;
        } else {
          const i = base + (((x % n) + n) % n);
          day.water[j] = chunk.water(i);
          day.elec[j] = chunk.elec(i);
          day.waterCount[j] = chunk.count(i, 0);
          day.elecCount[j] = chunk.count(i, 1);
          const flags = chunk.flags(i);
          day.flags[j] = flags;
          if (flags & SLOT.dirty) cold.setMayBeDirty(mark, true);
        }
      }
    });
  }

  /**
   * The closed days in the scratch copy (cold-days.ts); slot `s` of them at `s − #slots`. Keyed by
   * the ring's marks index (a small integer), not its ring index (a division).
   */
  #closed(): ColdScratch {
    return (this.#chunk.cold as ColdDays).open(this.#mark);
  }

  // The readers are small so that the rules' loops inline them (an open hour: a slab read).
  #water(s: number): number {
    const c = this.#chunk;
    return s < c.ringSlots ? c.water(this.#base + s) : (this.#closed().water[s - c.ringSlots] as number);
  }

  #elec(s: number): number {
    const c = this.#chunk;
    return s < c.ringSlots ? c.elec(this.#base + s) : (this.#closed().elec[s - c.ringSlots] as number);
  }

  #flags(s: number): number {
    const c = this.#chunk;
    return s < c.ringSlots ? c.flags(this.#base + s) : (this.#closed().flags[s - c.ringSlots] as number);
  }

  #setFlags(s: number, flags: number): void {
    if (s < this.#slots) this.#chunk.setFlags(this.#base + s, flags);
    else {
      const c = this.#closed();
      c.flags[s - this.#slots] = flags;
      c.dirty = true;
      if (flags & SLOT.dirty) (this.#chunk.cold as ColdDays).setMayBeDirty(this.#mark, true);
    }
  }

  #count(s: number, kind: 0 | 1): number {
    const c = this.#chunk;
    if (s < c.ringSlots) return c.count(this.#base + s, kind);
    const d = this.#closed();
    return (kind === 0 ? d.waterCount[s - c.ringSlots] : d.elecCount[s - c.ringSlots]) as number;
  }

  #setCounts(s: number, w: number, e: number): void {
    if (s < this.#slots) this.#chunk.setCounts(this.#base + s, w, e);
    else {
      if (!(isCount(w) && isCount(e))) throw new RangeError(`reading counts of ${w} and ${e}`);
      const c = this.#closed();
      c.waterCount[s - this.#slots] = w;
      c.elecCount[s - this.#slots] = e;
      c.dirty = true;
    }
  }

  #setValue(s: number, kind: UsageKind, value: number): void {
    if (s < this.#slots) {
      if (kind === 'water') this.#chunk.setWater(this.#base + s, value);
      else this.#chunk.setElec(this.#base + s, value);
    } else {
      const c = this.#closed();
      (kind === 'water' ? c.water : c.elec)[s - this.#slots] = value;
      c.dirty = true;
    }
  }

  /** Water (m3) of slot `s` as a float32 (with `storedPrecision`, as stored); NaN for no slot (-1). */
  waterAt(s: number): number {
    if (s < 0) return Number.NaN;
    const x = this.#water(s);
    return this.#chunk.storedPrecision ? storedHourValue(x) : x;
  }

  /** Electricity (kWh) of slot `s` as a float32 (with `storedPrecision`, as stored); NaN for no slot (-1). */
  elecAt(s: number): number {
    if (s < 0) return Number.NaN;
    const x = this.#elec(s);
    return this.#chunk.storedPrecision ? storedHourValue(x) : x;
  }

  /** Water readings counted in slot `s` (0–255); NaN for no slot. */
  waterCountAt(s: number): number {
    return s < 0 ? Number.NaN : this.#count(s, 0);
  }

  /** Electricity readings counted in slot `s` (0–255); NaN for no slot. */
  elecCountAt(s: number): number {
    return s < 0 ? Number.NaN : this.#count(s, 1);
  }

  /** Sets slot `s` (tests and seeding): values as float32, counts capped at 255. */
  setHour(s: number, water: number, elec: number, waterReadings: number, elecReadings: number): void {
    this.#setValue(s, 'water', Math.fround(water));
    this.#setValue(s, 'electricity', Math.fround(elec));
    this.#setCounts(s, Math.min(255, waterReadings), Math.min(255, elecReadings));
  }

  /**
   * Adds usage spread over the hours of `(from, to]` in proportion to the time in each: the
   * interval up to the reading at `to` (none to seeded hours that already took that reading).
   */
  spread(kind: UsageKind, from: number, to: number, usage: number): void {
    const span = to - from;
    if (!(span > 0)) return;
    const taken = to <= this.seededThroughOf(kind);
    let t = Math.max(from, (this.latest - this.size + 1) * HOUR);
    while (t < to) {
      const h = Math.floor(t / HOUR);
      const end = Math.min((h + 1) * HOUR, to);
      const s = this.ensure(h);
      if (s >= 0 && !(taken && this.has(s, SLOT.seeded))) {
        // As a Float32Array slot would: the float32 sum of the float32 held and the share.
        const share = (usage * (end - t)) / span;
        if (kind === 'water') this.#setValue(s, kind, Math.fround(this.#water(s) + share));
        else this.#setValue(s, kind, Math.fround(this.#elec(s) + share));
        this.#setFlags(s, this.#flags(s) | SLOT.dirty);
      }
      t = end;
    }
  }

  /** Counts a reading at `ts` in the hour it closes: `(h, h + 1]`. */
  count(kind: UsageKind, ts: number): void {
    const s = this.ensure(Math.ceil(ts / HOUR) - 1);
    if (s < 0 || (this.has(s, SLOT.seeded) && ts <= this.seededThroughOf(kind))) return;
    const w = this.#count(s, 0);
    const e = this.#count(s, 1);
    if (kind === 'water') this.#setCounts(s, Math.min(255, w + 1), e);
    else this.#setCounts(s, w, Math.min(255, e + 1));
    this.#setFlags(s, this.#flags(s) | SLOT.dirty);
  }

  /** Stores a stored hour as final; its slot, or -1 when it is older than the ring. */
  seed(h: number, water: number, elec: number, waterReadings: number, elecReadings: number): number {
    const s = this.ensure(h);
    if (s < 0) return s;
    const n = this.#chunk.ringSlots;
    if (s < n) {
      this.setHour(s, water, elec, waterReadings, elecReadings);
      this.#setFlags(s, SLOT.seeded | SLOT.emitted);
      return s;
    }
    // A closed hour (a restore writes most hours there): the scratch copy asked for once, not per field.
    const w = Math.min(255, waterReadings);
    const e = Math.min(255, elecReadings);
    if (!(isCount(w) && isCount(e))) throw new RangeError(`reading counts of ${w} and ${e}`);
    const c = this.#closed();
    const j = s - n;
    c.water[j] = Math.fround(water);
    c.elec[j] = Math.fround(elec);
    c.waterCount[j] = w;
    c.elecCount[j] = e;
    c.flags[j] = SLOT.seeded | SLOT.emitted;
    c.dirty = true;
    return s;
  }

  /**
   * The oldest hour that may be marked dirty: its oldest when its closed days may hold one
   * (packed with one, or one marked since), else its open days' first. A late batch's re-emit
   * scans from here (hour-close.ts), not through 14 packed days for nothing.
   */
  get dirtyFrom(): number {
    const oldest = this.latest - this.size + 1;
    if (!this.packed || (this.#chunk.cold as ColdDays).mayBeDirty(this.#mark)) return oldest;
    return Math.max(oldest, openFrom(this.latest));
  }

  /** Every hour before `before` was written clean (a re-emit): its closed days hold no dirty hour if they all lie before it. */
  cleanBefore(before: number): void {
    if (this.packed && before >= openFrom(this.latest))
      (this.#chunk.cold as ColdDays).setMayBeDirty(this.#mark, false);
  }

  /**
   * Its closed days as decoded (cold-days.ts's scratch: valid until another ring's are read, values
   * as held, not as `storedPrecision` reads them) and the hour of their first (hour x at x − it), for
   * a reader of many closed hours (a snapshot); undefined when it packs none or holds no hour.
   */
  closedView(): { days: ColdScratch; first: number } | undefined {
    if (!this.packed || this.latest === Number.NEGATIVE_INFINITY) return undefined;
    return { days: this.#closed(), first: closedFrom(this.latest, this.size) };
  }

  /**
   * Visits its closed days' records as packed (`ColdDays.walk`: day d of them holds hours
   * `closedFrom(latest, size)` + 24d + j), for a snapshot that copies a record rather than encoding
   * it again; nothing when it packs none or holds no hour.
   */
  walkClosedDays(visit: Parameters<ColdDays['walk']>[1]): void {
    if (!this.packed || this.latest === Number.NEGATIVE_INFINITY) return;
    (this.#chunk.cold as ColdDays).walk(this.#mark, visit);
  }

  /** The first day (hour index / 24) after those it packs as seeding with `min` holds them (`ColdDays.seededUntil`). */
  closedSeededUntil(min: number): number {
    if (!this.packed) return Number.NEGATIVE_INFINITY;
    return (this.#chunk.cold as ColdDays).seededUntil(this.#mark, min);
  }

  /** Whether it reads each hour as its stored row holds it (config `storedPrecision`). */
  get storedPrecision(): boolean {
    return this.#chunk.storedPrecision;
  }

  /** Whether its closed days are packed (cold-days.ts): its slots hold its open days alone. */
  get packed(): boolean {
    return this.#slots < this.size;
  }

  /**
   * A restore's closed days as they stand (snapshot.ts): on a ring fresh but for `ensure` of its
   * newest hour, its closed days become the records `bytes[start, end)` (`encodeDays` of its
   * closed days, hour j of the first at `closedFrom(latest, size)` + j), its hours before
   * `keepFrom` emptied. Returns the emptied hours that had been emitted. `seededMin`: the bytes are
   * a checked snapshot's whose writer's minimum it is (its days as seeding holds them).
   */
  adoptClosedDays(
    bytes: Uint8Array,
    start: number,
    end: number,
    keepFrom: number,
    seededMin?: number,
  ): number {
    const from = closedFrom(this.latest, this.size);
    return (this.#chunk.cold as ColdDays).adopt(
      this.#mark,
      bytes,
      start,
      end,
      Math.max(0, keepFrom - from),
      SLOT.emitted,
      seededMin === undefined ? undefined : { until: from / DAY + this.#closedDays, min: seededMin },
    );
  }

  has(s: number, flag: number): boolean {
    return (this.#flags(s) & flag) !== 0;
  }

  mark(s: number, flag: number, on = true): void {
    const flags = this.#flags(s);
    this.#setFlags(s, on ? flags | flag : flags & ~flag);
  }
}

/** The first hour of a ring's open days when its newest hour is `latest`. */
export const openFrom = (latest: number): number => (Math.floor(latest / DAY) - OPEN_DAYS + 1) * DAY;

/** The first hour of a packed ring's closed days (of `size` hours) when its newest hour is `latest`. */
export const closedFrom = (latest: number, size: number): number => openFrom(latest) - closedDays(size) * DAY;

/** A reading count a slot holds: 0–255. */
const isCount = (n: number): boolean => n >= 0 && n <= 255 && Number.isInteger(n);

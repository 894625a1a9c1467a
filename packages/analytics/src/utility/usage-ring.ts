/**
 * A household's hourly usage over the last days: water, electricity and reading counts per
 * hour, in typed arrays (about 11 bytes an hour) so that 100k households fit in memory. It is
 * both the source of the `household_usage_hourly` rows and the history a rhythm is learnt from.
 */
import { HOUR } from './time.ts';

/** Bits of `flags`. */
export const SLOT = {
  /** Evaluated live with both meters complete. */
  observed: 1,
  /** Part of an inactivity condition: not learnt from. */
  excluded: 2,
  /**
   * Loaded from storage at start-up: it already holds every reading up to `seededThrough` of
   * its kind, so a replayed one is ignored and only a later one (a late batch) is added.
   */
  seeded: 4,
  /** Changed since its row was emitted. */
  dirty: 8,
  /** Its row was emitted at least once. */
  emitted: 16,
} as const;

export class UsageRing {
  readonly size: number;
  /** Newest hour index held; slots hold hours (latest − size, latest]. */
  latest = Number.NEGATIVE_INFINITY;
  readonly water: Float32Array;
  readonly elec: Float32Array;
  readonly waterCount: Uint8Array;
  readonly elecCount: Uint8Array;
  readonly flags: Uint8Array;
  /**
   * Per kind, the newest reading the stored (seeded) hours had taken in: one up to it is counted
   * there already, or came too late to count; a later one was never seen. −Infinity: nothing
   * seeded; +Infinity: unknown (rows stored before it was recorded), seeded hours are final.
   */
  readonly seededThrough = { water: Number.NEGATIVE_INFINITY, electricity: Number.NEGATIVE_INFINITY };

  constructor(hours: number) {
    this.size = hours;
    this.water = new Float32Array(hours);
    this.elec = new Float32Array(hours);
    this.waterCount = new Uint8Array(hours);
    this.elecCount = new Uint8Array(hours);
    this.flags = new Uint8Array(hours);
  }

  /** Slot of hour `h`, or -1 when it is older than the ring. */
  at(h: number): number {
    if (h > this.latest || h <= this.latest - this.size) return -1;
    return ((h % this.size) + this.size) % this.size;
  }

  /** Slot of hour `h`, making room for it (dropping the oldest hours); -1 when too old. */
  ensure(h: number): number {
    if (h > this.latest) {
      const from = Math.max(this.latest + 1, h - this.size + 1);
      for (let x = from; x <= h; x++) this.#clear(((x % this.size) + this.size) % this.size);
      this.latest = h;
    }
    return this.at(h);
  }

  /**
   * Adds usage spread over the hours of `(from, to]` in proportion to the time in each: the
   * interval up to the reading at `to` (none to seeded hours that already took that reading).
   */
  spread(kind: 'water' | 'electricity', from: number, to: number, usage: number): void {
    const values = kind === 'water' ? this.water : this.elec;
    const span = to - from;
    if (!(span > 0)) return;
    const taken = to <= this.seededThrough[kind];
    let t = Math.max(from, (this.latest - this.size + 1) * HOUR);
    while (t < to) {
      const h = Math.floor(t / HOUR);
      const end = Math.min((h + 1) * HOUR, to);
      const s = this.ensure(h);
      if (s >= 0 && !(taken && ((this.flags[s] as number) & SLOT.seeded) !== 0)) {
        values[s] = (values[s] as number) + (usage * (end - t)) / span;
        this.flags[s] = (this.flags[s] as number) | SLOT.dirty;
      }
      t = end;
    }
  }

  /** Counts a reading at `ts` in the hour it closes: `(h, h + 1]`. */
  count(kind: 'water' | 'electricity', ts: number): void {
    const s = this.ensure(Math.ceil(ts / HOUR) - 1);
    if (s < 0 || (((this.flags[s] as number) & SLOT.seeded) !== 0 && ts <= this.seededThrough[kind])) return;
    const counts = kind === 'water' ? this.waterCount : this.elecCount;
    counts[s] = Math.min(255, (counts[s] as number) + 1);
    this.flags[s] = (this.flags[s] as number) | SLOT.dirty;
  }

  /** Stores a stored hour as final. */
  seed(h: number, water: number, elec: number, waterReadings: number, elecReadings: number): void {
    const s = this.ensure(h);
    if (s < 0) return;
    this.water[s] = water;
    this.elec[s] = elec;
    this.waterCount[s] = Math.min(255, waterReadings);
    this.elecCount[s] = Math.min(255, elecReadings);
    this.flags[s] = SLOT.seeded | SLOT.emitted;
  }

  has(s: number, flag: number): boolean {
    return ((this.flags[s] as number) & flag) !== 0;
  }

  mark(s: number, flag: number, on = true): void {
    this.flags[s] = on ? (this.flags[s] as number) | flag : (this.flags[s] as number) & ~flag;
  }

  #clear(s: number): void {
    this.water[s] = 0;
    this.elec[s] = 0;
    this.waterCount[s] = 0;
    this.elecCount[s] = 0;
    this.flags[s] = 0;
  }
}

/**
 * What a household's rules learnt for the day, as a snapshot carries it (snapshot.ts, layout 3;
 * issue 17, session 20). The rules learn once a local day, at their first check of it, and keep
 * that model all day; a restore that relearnt from the restored hours paid ~0.2 ms a household
 * (8–20 s a 42k-household partition, session 19), and learnt from hours a late batch may have
 * changed since, which the uninterrupted detector never relearnt from. Carried, a restored
 * household judges its day as the detector that wrote the snapshot would, and learns again at the
 * next day's first check, as it would have.
 *
 * Block: the key of the writer's rule and config (u32: a restoring detector of another rule or
 * config relearns, as it learns otherwise), a flag byte, then what the flags say: the rule's day
 * (varint) and its learnt rhythm (window count, then its record's float64s) and dry spells (first
 * hour and span as varints, the 24 longest); the water profile's day (varint) and its record
 * (73 uint16). The records' values are copied as they are held (learnt-slab.ts), nothing rounded.
 */
import { ByteWriter } from './byte-writer.ts';
import type { UtilityConfig } from './config.ts';
import type { HouseholdState } from './household.ts';
import { Rhythm } from './rhythm.ts';
import type { InactivityRule } from './rule.ts';
import type { UsageRing } from './usage-ring.ts';
import { PROFILE_WIDTH, profileRecordValid, WaterProfile } from './water-profile.ts';
import { adoptDrySpells, type DrySpellModel, drySpellRecord } from './water-spells.ts';

/** What an inactivity rule learnt on `day` (`InactivityRule.carry`). */
export interface CarriedRule {
  day: number;
  rhythm: Rhythm | undefined;
  drySpells: DrySpellModel | undefined;
}

const FLAG = {
  /** The rule's day follows. */
  rule: 1,
  /** Its rhythm follows (after the day). */
  rhythm: 2,
  /** Its dry spells follow (after the rhythm). */
  drySpells: 4,
  /** The water profile's day follows. */
  profileDay: 8,
  /** Its profile follows (after its day). */
  profile: 16,
} as const;
const KNOWN = 31;
/** Values of a rhythm's record besides its lowest ratios (24 medians, 3 scalars). */
const RHYTHM_FIXED = 27;
/** Lowest ratios of a rhythm: `maxQuietHours` + 1, so 2–49 (config.ts). */
const MIN_WINDOWS = 2;
const MAX_WINDOWS = 49;
/** Longest dry spell learnt: `awayHours`, at most 72 (config.ts). */
const MAX_SPELL = 72;
/** Hours a dry-spell model spans at most: a ring's (56 days and its open days) is well below. */
const MAX_SPAN = 0xffff;

/**
 * The key of a rule and config whose models a snapshot carries: FNV-1a of the rule's name and
 * the config as parsed. A carried model is taken only under the same key: one learnt under other
 * settings is not what this detector would have learnt.
 */
export function learntKey(ruleName: string, config: UtilityConfig): number {
  const text = `${ruleName}\u0000${JSON.stringify(config)}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One writer for every household's block (its bytes are copied out). */
let out: ByteWriter | undefined;

/**
 * The block of what `h`'s rule (and its water profile) learnt, or undefined when nothing is
 * learnt that a snapshot carries.
 */
export function encodeLearntModels<S>(
  h: HouseholdState<S>,
  rule: InactivityRule<S>,
  key: number,
): Uint8Array | undefined {
  const carried = rule.carry?.(h.rule);
  const spells = carried?.drySpells === undefined ? undefined : drySpellRecord(carried.drySpells);
  // A dry-spell model of no record (a test's object) is not carried: nor is the rest of the rule's.
  const rest = carried !== undefined && (carried.drySpells === undefined || spells !== undefined);
  const profileDay = Number.isInteger(h.waterProfileDay) && h.waterProfileDay >= 0;
  if (!rest && !profileDay) return undefined;
  out ??= new ByteWriter();
  const w = out;
  w.length = 0;
  w.u32(key);
  const flags =
    (rest ? FLAG.rule : 0) |
    (rest && carried.rhythm ? FLAG.rhythm : 0) |
    (rest && spells ? FLAG.drySpells : 0) |
    (profileDay ? FLAG.profileDay : 0) |
    (profileDay && h.waterProfile ? FLAG.profile : 0);
  w.byte(flags);
  if (rest) {
    w.varint(carried.day);
    if (carried.rhythm) {
      const record = carried.rhythm.record;
      w.byte(record.length - RHYTHM_FIXED);
      for (const x of record) w.f64(x);
    }
    if (spells) {
      w.varint(spells.first);
      w.varint(spells.span);
      for (const x of spells.longest) w.byte(x);
    }
  }
  if (profileDay) {
    w.varint(h.waterProfileDay);
    if (h.waterProfile) for (const x of h.waterProfile.record) w.u16(x);
  }
  return w.done();
}

class In {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  at: number;
  readonly #end: number;

  constructor(bytes: Uint8Array, start: number, end: number) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.at = start;
    this.#end = end;
  }

  #need(n: number): void {
    if (this.at + n > this.#end) throw new RangeError('learnt models end early');
  }

  byte(): number {
    this.#need(1);
    return this.#bytes[this.at++] as number;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if (b < 0x80) {
        // One way to write each number: a varint that ends in a zero byte is not one a writer makes.
        if (b === 0 && scale > 1) throw new RangeError('learnt models: a varint too long');
        if (!Number.isSafeInteger(value)) throw new RangeError('learnt models: a varint too long');
        return value;
      }
      scale *= 0x80;
      // Past 2^53 a sum is no longer exact: the number read back would not be the one written.
      if (scale > 2 ** 49 || value > Number.MAX_SAFE_INTEGER)
        throw new RangeError('learnt models: a varint too long');
    }
  }

  u32(): number {
    this.#need(4);
    const v = this.#view.getUint32(this.at);
    this.at += 4;
    return v;
  }

  f64(): number {
    this.#need(8);
    // NaN only as the writer's (its record holds Number.NaN): any other bits would not read back the same.
    if (
      Number.isNaN(this.#view.getFloat64(this.at)) &&
      !(this.#view.getUint32(this.at) === 0x7ff80000 && this.#view.getUint32(this.at + 4) === 0)
    )
      throw new RangeError('learnt models: a NaN of other bits');
    const x = this.#view.getFloat64(this.at);
    this.at += 8;
    return x;
  }

  u16(): number {
    this.#need(2);
    const v = this.#view.getUint16(this.at);
    this.at += 2;
    return v;
  }

  get end(): boolean {
    return this.at === this.#end;
  }
}

/**
 * One process's arrays the models are read into: a restore reads a block, then adopts it at once
 * (its records copied into the ring's), so each read reuses them (no arrays per household).
 */
const scratch = {
  rhythm: new Float64Array(RHYTHM_FIXED + MAX_WINDOWS),
  longest: new Uint8Array(24),
  profile: new Uint16Array(PROFILE_WIDTH),
};

/** What a block holds, read and checked (`readLearntModels`); its arrays valid until the next read. */
export interface LearntModels {
  key: number;
  /** The rule's day, NaN when not carried. */
  day: number;
  rhythm: Float64Array | undefined;
  spells: { first: number; span: number; longest: Uint8Array } | undefined;
  /** The water profile's day, NaN when not carried. */
  profileDay: number;
  profile: Uint16Array | undefined;
}

/** Whether `x` is a value learning gives: finite and not negative, or (`nan`) NaN. */
const learntValue = (x: number, nan: boolean): boolean => (nan && Number.isNaN(x)) || x >= 0;

/**
 * Reads the block in `bytes[start, end)`; a RangeError for bytes no writer makes (flags unknown,
 * lengths out of bounds, values learning never gives, bytes left over). Its arrays are this
 * module's, overwritten by the next read: adopt them (`adoptLearntModels`) before reading another.
 */
export function readLearntModels(
  bytes: Uint8Array,
  start: number,
  end: number,
  newestHour: number,
): LearntModels {
  // A rule learns at an hour it judges, and judges only closed hours: its day is never after the
  // newest's. (The water profile learns from live water, which may run ahead of a household's
  // closed hours: its day has no such bound, and any other day than today's is relearnt.)
  const lastDay = Math.floor((newestHour + 8) / 24);
  const r = new In(bytes, start, end);
  const key = r.u32();
  const flags = r.byte();
  if (flags & ~KNOWN || flags === 0) throw new RangeError(`learnt models: flags ${flags}`);
  const rule = (flags & FLAG.rule) !== 0;
  if (!rule && flags & (FLAG.rhythm | FLAG.drySpells)) throw new RangeError('learnt models of no rule day');
  if (!(flags & FLAG.profileDay) && flags & FLAG.profile) throw new RangeError('a water profile of no day');
  const models: LearntModels = {
    key,
    day: Number.NaN,
    rhythm: undefined,
    spells: undefined,
    profileDay: Number.NaN,
    profile: undefined,
  };
  if (rule) models.day = r.varint();
  if (models.day > lastDay) throw new RangeError(`learnt models of day ${models.day}, after the snapshot's`);
  if (flags & FLAG.rhythm) {
    const windows = r.byte();
    if (windows < MIN_WINDOWS || windows > MAX_WINDOWS)
      throw new RangeError(`a rhythm of ${windows} windows`);
    const record = scratch.rhythm.subarray(0, RHYTHM_FIXED + windows);
    for (let i = 0; i < record.length; i++) record[i] = r.f64();
    for (let i = 0; i < record.length; i++) {
      // Medians, base load and days always numbers; lowest ratios and the quiet high NaN when too few.
      const nan = (i >= 24 && i < 24 + windows) || i === 24 + windows + 2;
      if (!learntValue(record[i] as number, nan) || record[i] === Number.POSITIVE_INFINITY)
        throw new RangeError('a rhythm of values no learning gives');
    }
    const days = record[24 + windows + 1] as number;
    if (!Number.isInteger(days * 24)) throw new RangeError(`a rhythm of ${days} days`);
    models.rhythm = record;
  }
  if (flags & FLAG.drySpells) {
    const first = r.varint();
    const span = r.varint();
    if (span > MAX_SPAN) throw new RangeError(`dry spells over ${span} hours`);
    const longest = scratch.longest;
    for (let i = 0; i < 24; i++) {
      const v = r.byte();
      if (v > MAX_SPELL) throw new RangeError(`a dry spell of ${v} hours`);
      longest[i] = v;
    }
    models.spells = { first, span, longest };
  }
  if (flags & FLAG.profileDay) models.profileDay = r.varint();
  if (flags & FLAG.profile) {
    const record = scratch.profile;
    for (let i = 0; i < PROFILE_WIDTH; i++) record[i] = r.u16();
    if (!profileRecordValid(record)) throw new RangeError('a water profile no learning gives');
    models.profile = record;
  }
  if (!r.end) throw new RangeError('bytes after the learnt models');
  return models;
}

/**
 * Gives `h` (its ring seeded, its rule state fresh) the models of a block read by
 * `readLearntModels`, when they were learnt under `key`; returns whether it took them. A rhythm
 * of another window count than this detector's records is not taken (nor is the rest).
 */
export function adoptLearntModels<S>(
  h: HouseholdState<S>,
  rule: InactivityRule<S>,
  key: number,
  models: LearntModels,
  windows: number,
): boolean {
  if (models.key !== key) return false;
  // The key is the config's, but bytes may claim any key: a rhythm of another width would judge
  // with windows this config does not have (and set its chunk's table to the wrong width).
  if (models.rhythm !== undefined && models.rhythm.length - RHYTHM_FIXED !== windows) return false;
  if (!Number.isNaN(models.day) && rule.adopt) {
    rule.adopt(h.rule, {
      day: models.day,
      rhythm: models.rhythm && adoptRhythm(h.ring, models.rhythm),
      drySpells:
        models.spells &&
        adoptDrySpells(h.ring, models.spells.first, models.spells.span, models.spells.longest),
    });
  }
  if (!Number.isNaN(models.profileDay)) {
    h.waterProfile = models.profile && WaterProfile.adopt(h.ring, models.profile);
    h.waterProfileDay = models.profileDay;
  }
  return true;
}

function adoptRhythm(ring: UsageRing, record: Float64Array): Rhythm {
  const windows = record.length - RHYTHM_FIXED;
  const s = 24 + windows;
  return Rhythm.hold(ring, record.subarray(0, 24), record.subarray(24, s), [
    record[s] as number,
    record[s + 1] as number,
    record[s + 2] as number,
  ]);
}

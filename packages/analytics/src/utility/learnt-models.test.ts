import type { Alert, MeterReading } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { parseUtilityConfig, type UtilityConfigInput } from './config.ts';
import type { HourlyDetector } from './detector.ts';
import { UtilityDetector } from './detectors.ts';
import type { HouseholdUsageHour } from './hourly.ts';
import type { HouseholdState } from './household.ts';
import { adoptLearntModels, encodeLearntModels } from './learnt-models.ts';
import { type LongSpellState, longSpellInactivity } from './long-spell-rule.ts';
import { RingSlab } from './ring-slab.ts';
import {
  checkHouseholdSnapshot,
  readSnapshotHead,
  readSnapshotModels,
  SNAPSHOT_VERSION,
} from './snapshot.ts';
import { householdInfo, normalQuarter, QUARTER, stoppedQuarter, syntheticReadings, T0 } from './testing.ts';
import { DAY, HOUR } from './time.ts';
import { ringHoursFor, UsageRing } from './usage-ring.ts';

const HH = 'HH-00000011';
/** The default config's quiet windows (a rhythm's lowest ratios), and a rhythm record's width. */
const WINDOWS = parseUtilityConfig({}).maxQuietHours + 1;
const WIDTH = 27 + WINDOWS;
const detector = () =>
  new UtilityDetector(
    {},
    { household: (id) => householdInfo(id, { lives_alone: true, vulnerable: ['elderly'] }) },
  ) as HourlyDetector<unknown>;

/** Local day D (T0 is a local midnight): the restart falls in it. */
const D = T0 + 15 * DAY;
/** The electricity meter silent from D-2 18:00: its readings come as one batch at D 12:00. */
const SILENT_FROM = D - 2 * DAY + 18 * HOUR;
const BATCH_AT = D + 12 * HOUR;
/** Nobody moving from D 12:00: an inactivity alert on day D, after the restart. */
const STOP = D + 12 * HOUR;
const CRASH = D + 13 * HOUR;
const END = D + DAY - 2 * HOUR;

const readings = syntheticReadings({
  household: HH,
  from: T0,
  to: END,
  usage: (t) => (t > STOP && t <= STOP + 10 * HOUR ? stoppedQuarter() : normalQuarter(t)),
});
const arrival = (r: MeterReading): number => {
  const t = Date.parse(r.ts);
  return r.kind === 'electricity' && t > SILENT_FROM && t <= BATCH_AT ? BATCH_AT : t;
};
/** The feed as it arrives: in time order, but the electricity meter's batch all at `BATCH_AT`. */
const arrivals = readings
  .map((r) => ({ at: arrival(r), r }))
  .sort((a, b) => a.at - b.at || a.r.ts.localeCompare(b.r.ts));

interface Run {
  detector: HourlyDetector<unknown>;
  alerts: Alert[];
  hourly: HouseholdUsageHour[];
  last: number;
}

const run = (d = detector()): Run => ({
  detector: d,
  alerts: [],
  hourly: [],
  last: Number.NEGATIVE_INFINITY,
});

/** Feeds arrivals in order; the watermark trails the newest arrival by a quarter hour. */
function feed(o: Run, list: readonly { at: number; r: MeterReading }[]): Run {
  for (const { at, r } of list) {
    if (at > o.last) {
      const out = o.detector.advance(at - QUARTER);
      o.alerts.push(...out.alerts);
      o.hourly.push(...out.hourly);
      o.last = at;
    }
    o.detector.onReading(r);
  }
  return o;
}

function finish(o: Run): Run {
  const out = o.detector.advance(END + HOUR);
  o.alerts.push(...out.alerts);
  o.hourly.push(...out.hourly);
  return o;
}

/** One per (alert_id, status), as the store keeps them. */
const distinct = (alerts: readonly Alert[]): string[] =>
  [...new Set(alerts.map((a) => JSON.stringify({ ...a, raised_at: undefined })))].sort();

/** The stored rows of the detector's ring: the newest version of each hour. */
function stored(rows: readonly HouseholdUsageHour[]): HouseholdUsageHour[] {
  const kept = new Map<string, HouseholdUsageHour>();
  for (const r of rows) {
    const old = kept.get(r.hour);
    if (old === undefined || r.version >= old.version) kept.set(r.hour, r);
  }
  const all = [...kept.values()].sort((a, b) => a.hour.localeCompare(b.hour));
  const newest = Date.parse(all.at(-1)?.hour ?? '');
  return all.filter((r) => Date.parse(r.hour) >= newest - ringHoursFor(14) * HOUR);
}

/** A restart at `CRASH` (`restore` seeds the fresh detector), replayed from the resume point to the end. */
function restarted(first: Run, restore: (d: HourlyDetector<unknown>) => void): Run {
  const needed = first.detector.oldestNeededTime() as number;
  const o = run();
  restore(o.detector);
  o.detector.restoreAlerts(first.alerts.filter((a) => a.status === 'open'));
  // Everything at or after the resume point arrived by the crash in time order (the batch came before).
  const replay = arrivals.filter(({ r }) => Date.parse(r.ts) >= needed);
  return finish(feed(o, replay));
}

/**
 * `bytes` restored into a fresh detector, moved to the writer's step (a detector that has closed
 * no hour writes no hour) and snapshotted again: the models block it writes.
 */
function written(bytes: Uint8Array, version: number): number[] {
  const d = detector();
  d.seedSnapshot(HH, bytes, [], undefined, Number.NEGATIVE_INFINITY);
  d.advance(version);
  const again = d.snapshot(HH)?.bytes ?? new Uint8Array();
  const h = readSnapshotHead(again);
  return [...again.slice(h.modelsStart, h.modelsEnd)];
}

/** A household as the models block reads and writes it: a ring, a fresh rule state, no water profile. */
const fresh = () =>
  ({
    ring: new UsageRing(SIZE, new RingSlab(SIZE, 4, true)),
    rule: longSpellInactivity.init(),
    waterProfile: undefined,
    waterProfileDay: Number.NaN,
  }) as unknown as HouseholdState<LongSpellState>;
const SIZE = ringHoursFor(14);

const inactivity = (alerts: readonly Alert[]) => alerts.filter((a) => a.type === 'utility_inactivity');

describe('utility > learnt models in a snapshot', () => {
  const whole = finish(feed(run(), arrivals));
  const first = feed(
    run(),
    arrivals.filter((a) => a.at <= CRASH),
  );
  const snap = first.detector.snapshot(HH) as { bytes: Uint8Array; version: number };

  it('restores a day judged with the model the writer learnt, not one relearnt from a late batch', () => {
    expect(snap.bytes[0]).toBe(SNAPSHOT_VERSION);
    // The day's rule was learnt at D 00:00's judgement, before the batch filled D-2 18:00 – D-1 00:00.
    expect(readSnapshotModels(snap.bytes, readSnapshotHead(snap.bytes))?.day).toBe(
      Math.floor((D / HOUR + 8) / 24),
    );
    const fromSnapshot = restarted(first, (d) =>
      d.seedSnapshot(HH, snap.bytes, [], undefined, Date.parse(stored(first.hourly)[0]?.hour ?? '') / HOUR),
    );
    const fromRows = restarted(first, (d) => d.seedHistory(HH, stored(first.hourly)));
    // The scenario tells the two apart: relearnt from the batch's hours, the day's alert differs.
    expect(inactivity(whole.alerts).length).toBeGreaterThan(0);
    expect(distinct([...first.alerts, ...fromRows.alerts])).not.toEqual(distinct(whole.alerts));
    // Carried, the restored detector raises exactly the uninterrupted run's alerts.
    expect(distinct([...first.alerts, ...fromSnapshot.alerts])).toEqual(distinct(whole.alerts));
    const model = (rows: readonly HouseholdUsageHour[]) =>
      stored(rows).map((r) => [r.hour, r.model, r.in_alert]);
    expect(model([...first.hourly, ...fromSnapshot.hourly])).toEqual(model(whole.hourly));
  });

  it('writes back what it took: a restored household snapshots the same models', () => {
    const h = readSnapshotHead(snap.bytes);
    const block = [...snap.bytes.slice(h.modelsStart, h.modelsEnd)];
    expect(block.length).toBeGreaterThan(400);
    expect(written(snap.bytes, snap.version)).toEqual(block);
  });

  it('relearns under another config: its models were not learnt by these settings', () => {
    const restored = (config: UtilityConfigInput) => {
      const d = new UtilityDetector(config, {
        household: (id) => householdInfo(id),
      }) as HourlyDetector<unknown>;
      d.seedSnapshot(HH, snap.bytes, [], undefined, Number.NEGATIVE_INFINITY);
      return d.models();
    };
    // The same settings take the writer's model; others start from the default until they learn.
    expect(restored({})).toEqual({ learnt: 1 });
    expect(restored({ minQuietHours: 4 })).toEqual({ default: 1 });
  });

  it('refuses models no writer makes (no block, a later day, a varint past 2^53), other windows', () => {
    const head = readSnapshotHead(snap.bytes);
    const block = snap.bytes.slice(head.modelsStart, head.modelsEnd);
    /** The snapshot with its models block replaced by `models` (its length a one-byte varint). */
    const withModels = (models: Uint8Array) => {
      const lengthAt = head.modelsStart - (head.modelsEnd - head.modelsStart < 128 ? 1 : 2);
      const len = models.length < 128 ? [models.length] : [(models.length & 0x7f) | 0x80, models.length >> 7];
      return Uint8Array.from([
        ...snap.bytes.slice(0, lengthAt),
        ...len,
        ...models,
        ...snap.bytes.slice(head.modelsEnd),
      ]);
    };
    expect(checkHouseholdSnapshot(withModels(block))).toBe(true);
    expect(checkHouseholdSnapshot(withModels(new Uint8Array()))).toBe(false);
    // The rule's day: a varint after the key (4 bytes) and flags (1 byte).
    const dayAt = 5;
    const day = readSnapshotModels(snap.bytes, head)?.day as number;
    const varint = (n: number) => {
      const out: number[] = [];
      for (; n >= 0x80; n = Math.floor(n / 0x80)) out.push((n % 0x80) | 0x80);
      out.push(n);
      return out;
    };
    const dayLength = varint(day).length;
    const withDay = (n: number) =>
      withModels(
        Uint8Array.from([...block.slice(0, dayAt), ...varint(n), ...block.slice(dayAt + dayLength)]),
      );
    expect(checkHouseholdSnapshot(withDay(day))).toBe(true);
    expect(checkHouseholdSnapshot(withDay(day + 2))).toBe(false);
    expect(checkHouseholdSnapshot(withDay(2 ** 55 + 1))).toBe(false);
    // A rhythm of another window count (its key may be claimed by any bytes) is not taken.
    const models = readSnapshotModels(snap.bytes, head);
    if (models === undefined) throw new Error('the snapshot carries no models');
    expect(adoptLearntModels(fresh(), longSpellInactivity, models.key, models, WINDOWS + 1)).toBe(false);
    expect(adoptLearntModels(fresh(), longSpellInactivity, models.key, models, WINDOWS)).toBe(true);
  });

  it('accepts only models that restore as they stand, refuses the rest (random flips)', () => {
    const head = readSnapshotHead(snap.bytes);
    const block = (b: Uint8Array) => {
      const h = readSnapshotHead(b);
      return [...b.slice(h.modelsStart, h.modelsEnd)];
    };
    let refused = 0;
    let taken = 0;
    let seed = 17;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 600; n++) {
      const bad = snap.bytes.slice();
      // A flip in the models or in their length.
      const at = head.modelsStart - 2 + Math.floor(rnd() * (head.modelsEnd - head.modelsStart + 2));
      bad[at] = (bad[at] as number) ^ (1 << Math.floor(rnd() * 8));
      if (!checkHouseholdSnapshot(bad)) {
        refused++;
        continue;
      }
      // Accepted: taken into a fresh household and written again, the same block.
      const models = readSnapshotModels(bad, readSnapshotHead(bad));
      if (models === undefined) throw new Error('a snapshot of models read as none');
      const h = fresh();
      // A flip of the rhythm's window count is read, but not taken by a detector of other windows.
      const width = models.rhythm === undefined || models.rhythm.length === WIDTH;
      expect(adoptLearntModels(h, longSpellInactivity, models.key, models, WINDOWS)).toBe(width);
      if (!width) continue;
      expect([...(encodeLearntModels(h, longSpellInactivity, models.key) ?? [])]).toEqual(block(bad));
      taken++;
    }
    expect(refused).toBeGreaterThan(100);
    expect(taken).toBeGreaterThan(10);
    // A length past the bound is refused before anything is read by it.
    const long = snap.bytes.slice();
    long[head.modelsStart - 2] = 0xff;
    long[head.modelsStart - 1] = 0x7f;
    expect(checkHouseholdSnapshot(long)).toBe(false);
  });
});

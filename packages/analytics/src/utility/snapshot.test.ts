import { type Alert, isoCst, type MeterReading } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import type { HourlyDetector } from './detector.ts';
import { UtilityDetector } from './detectors.ts';
import type { HouseholdUsageHour, ReadingsTaken } from './hourly.ts';
import { decodeHouseholdSnapshot } from './snapshot.ts';
import {
  householdInfo,
  normalQuarter,
  QUARTER,
  stoppedQuarter,
  syntheticReadings,
  T0,
  type Usage,
} from './testing.ts';
import { DAY, HOUR, MINUTE } from './time.ts';
import { ringHoursFor } from './usage-ring.ts';

const HH = 'HH-00000001';
const detector = () =>
  new UtilityDetector(
    {},
    { household: (id) => householdInfo(id, { lives_alone: true, vulnerable: ['elderly'] }) },
  ) as HourlyDetector<unknown>;
const STOP = T0 + 14 * DAY + 10 * HOUR;
const END = T0 + 17 * DAY;

/** Water left running from mid-morning of day 15, electricity stopping for a day on day 14. */
const usage = (t: number): Usage => {
  const u = t > STOP && t <= STOP + DAY ? stoppedQuarter() : normalQuarter(t);
  const runFrom = T0 + 15 * DAY + 2 * HOUR + 30 * MINUTE;
  return t > runFrom && t <= runFrom + 5 * HOUR ? { ...u, water: u.water + 0.06 } : u;
};

interface Owner {
  detector: HourlyDetector<unknown>;
  alerts: Alert[];
  hourly: HouseholdUsageHour[];
  last: number;
}

/** Feeds readings in time order; the watermark trails the newest reading by a quarter hour. */
function feed(o: Owner, readings: readonly MeterReading[]): Owner {
  for (const r of readings) {
    const t = Date.parse(r.ts);
    if (t > o.last) {
      const out = o.detector.advance(t - QUARTER);
      o.alerts.push(...out.alerts);
      o.hourly.push(...out.hourly);
      o.last = t;
    }
    o.detector.onReading(r);
  }
  return o;
}

function finish(o: Owner): Owner {
  const out = o.detector.advance(o.last + HOUR);
  o.alerts.push(...out.alerts);
  o.hourly.push(...out.hourly);
  return o;
}

const owner = (d = detector()): Owner => ({
  detector: d,
  alerts: [],
  hourly: [],
  last: Number.NEGATIVE_INFINITY,
});

/** What the store keeps: per (household, hour) the newest version, the later write on a tie. */
function newest(rows: readonly HouseholdUsageHour[]): HouseholdUsageHour[] {
  const kept = new Map<string, HouseholdUsageHour>();
  for (const r of rows) {
    const old = kept.get(r.hour);
    if (old === undefined || r.version >= old.version) kept.set(r.hour, r);
  }
  return [...kept.values()].sort((a, b) => a.hour.localeCompare(b.hour));
}

function taken(rows: readonly HouseholdUsageHour[]): ReadingsTaken | undefined {
  const highest = (k: 'water_reading_through' | 'electricity_reading_through') => {
    const marks = rows.flatMap((r) => (r[k] == null ? [] : [Date.parse(r[k])]));
    return marks.length === 0 ? undefined : Math.max(...marks);
  };
  return rows.length === 0
    ? undefined
    : { water: highest('water_reading_through'), electricity: highest('electricity_reading_through') };
}

const openAlerts = (alerts: readonly Alert[]): Alert[] => {
  const latest = new Map<string, Alert>();
  for (const a of alerts) latest.set(a.alert_id, a);
  return [...latest.values()].filter((a) => a.status === 'open');
};

/** What a restart reads back (restart-state.ts): the open alerts and the newest resolved inactivity one. */
const restorable = (alerts: readonly Alert[]): Alert[] => {
  const resolved = alerts.filter((a) => a.type === 'utility_inactivity' && a.status === 'resolved');
  return [...openAlerts(alerts), ...resolved.slice(-1)];
};

/** Alerts as the store keeps them: one per (alert_id, status). */
const distinct = (alerts: readonly Alert[]): string[] =>
  [...new Set(alerts.map((a) => JSON.stringify({ ...a, raised_at: undefined })))].sort();

/** The rows path: the stored rows of the detector's ring (as `loadUtilityRestartState` reads them). */
const window = (rows: readonly HouseholdUsageHour[]): HouseholdUsageHour[] => {
  const kept = newest(rows);
  const newestHour = Date.parse(kept.at(-1)?.hour ?? '');
  return kept.filter((r) => Date.parse(r.hour) >= newestHour - ringHoursFor(14) * HOUR);
};

describe('utility > snapshot', () => {
  const readings = syntheticReadings({ household: HH, from: T0, to: END, usage }).sort((a, b) =>
    a.ts.localeCompare(b.ts),
  );

  it('holds the stored rows of the learning window, as rounded, and their marks', () => {
    const o = feed(
      owner(),
      readings.filter((r) => Date.parse(r.ts) <= T0 + 16 * DAY),
    );
    const { bytes } = o.detector.snapshot(HH) ?? { bytes: new Uint8Array() };
    const snapshot = decodeHouseholdSnapshot(bytes);
    const rows = window(o.hourly);
    expect(
      snapshot.hours.map((h) => [
        h.hour * HOUR,
        h.water,
        h.electricity,
        h.waterReadings,
        h.electricityReadings,
        h.inAlert,
      ]),
    ).toEqual(
      rows.map((r) => [
        Date.parse(r.hour),
        r.water_m3,
        r.electricity_kwh,
        r.water_readings,
        r.electricity_readings,
        r.in_alert === 1,
      ]),
    );
    expect(snapshot.hours.some((h) => h.inAlert)).toBe(true);
    // The snapshot is taken between steps: its marks are the newest rows' or later (readings of the open hour).
    const marks = taken(o.hourly);
    expect(snapshot.taken.water).toBeGreaterThanOrEqual(marks?.water ?? Number.NaN);
    expect(snapshot.taken.electricity).toBeGreaterThanOrEqual(marks?.electricity ?? Number.NaN);
    // The ring's hours (16 days here; 17 at most) in under 2.4 KB (rows: one object each).
    expect(bytes.length).toBeLessThan(2400);
  });

  it('rejects bytes it did not write, with INVALID_SNAPSHOT', () => {
    const o = feed(owner(), readings.slice(0, 400));
    const bytes = o.detector.snapshot(HH)?.bytes ?? new Uint8Array();
    for (const bad of [
      new Uint8Array(),
      bytes.slice(0, -1),
      new Uint8Array([...bytes, 0]),
      new Uint8Array([9, ...bytes.slice(1)]),
    ])
      expect(() => decodeHouseholdSnapshot(bad)).toThrow(
        expect.objectContaining({ code: 'INVALID_SNAPSHOT' }),
      );
  });

  it('resumes after a crash exactly as from the stored rows, with the uninterrupted run’s usage', () => {
    // Crashes while water runs, during the inactivity alert, at a quiet time, after the run's
    // alert resolved, and after the tap shut at 07:30 with its alert (since 02:30, over
    // `maxGapMs` ago) not yet resolved: the replay must see the run's last flow (session 15 left
    // this one out: the restored run resolved at 08:15 with `ended_at` 02:30, not 08:30, 07:30).
    crashesMatchWhole(HH, readings, [
      T0 + 15 * DAY + 5 * HOUR + 20 * MINUTE,
      STOP + 9 * HOUR + 5 * MINUTE,
      T0 + 16 * DAY + 3 * HOUR,
      T0 + 15 * DAY + 9 * HOUR + 20 * MINUTE,
      T0 + 15 * DAY + 8 * HOUR + 35 * MINUTE,
    ]);
  });

  it('restores a tap run over the gap bound, stopped or still running, as one alert', () => {
    // A tap from 00:30 to 08:30 of day 15 (8 h: longer than `maxGapMs`), its meter missing two
    // readings at 04:15 and 04:30 (a 45-min interval: not flowing, a pause shorter than
    // `waterPauseMs`). A crash at any point of it, every 20 min, gives the same alert, id and end.
    const hh = 'HH-00000002';
    const from = T0 + 15 * DAY + 30 * MINUTE;
    const tap = (t: number): Usage => {
      const u = normalQuarter(t);
      return t > from && t <= from + 8 * HOUR ? { ...u, water: u.water + 0.06 } : u;
    };
    const gap = {
      kind: 'water' as const,
      from: T0 + 15 * DAY + 4 * HOUR,
      to: T0 + 15 * DAY + 4 * HOUR + 30 * MINUTE,
    };
    const tapReadings = sorted(
      syntheticReadings({ household: hh, from: T0, to: END, usage: tap, silent: [gap] }),
    );
    const whole = finish(feed(owner(), tapReadings));
    const running = whole.alerts.filter((a) => a.type === 'water_running');
    expect(running.map((a) => [a.status, a.since, a.evidence.ended_at])).toEqual([
      ['open', isoCst(from), undefined],
      ['resolved', isoCst(from), isoCst(from + 8 * HOUR)],
    ]);
    crashesMatchWhole(hh, tapReadings, every(35 * MINUTE, from + HOUR, from + 11 * HOUR));
  });

  it('restores a silent meter’s alert as one alert, silent past the gap bound and back', () => {
    // The water meter silent from 06:00 to 20:00 of day 15 (14 h), then reporting again.
    const hh = 'HH-00000003';
    const silence = { kind: 'water' as const, from: T0 + 15 * DAY + 6 * HOUR, to: T0 + 15 * DAY + 20 * HOUR };
    const silentReadings = sorted(syntheticReadings({ household: hh, from: T0, to: END, silent: [silence] }));
    const whole = finish(feed(owner(), silentReadings));
    const offline = whole.alerts.filter((a) => a.type === 'meter_offline');
    expect(offline.map((a) => [a.status, a.since])).toEqual([
      ['open', isoCst(silence.from)],
      ['resolved', isoCst(silence.from)],
    ]);
    crashesMatchWhole(hh, silentReadings, every(40 * MINUTE, silence.from + HOUR, silence.to + 3 * HOUR), {
      unattributed: silence,
    });
  });

  it('keeps a restored meter_offline open through a replay that begins before its silence', () => {
    // The replay of a partition starts at its households' oldest need: another household's run
    // of water may hold it back hours before this meter fell silent. Its readings from then are
    // not the meter coming back: the restored alert ends as in the uninterrupted run.
    const hh = 'HH-00000004';
    const silence = { kind: 'water' as const, from: T0 + 15 * DAY + 6 * HOUR, to: T0 + 15 * DAY + 20 * HOUR };
    const all = sorted(syntheticReadings({ household: hh, from: T0, to: END, silent: [silence] }));
    const whole = finish(feed(owner(), all));
    const crash = silence.from + 8 * HOUR;
    const first = feed(
      owner(),
      all.filter((r) => Date.parse(r.ts) <= crash),
    );
    const restarted = owner();
    restarted.detector.seedHistory(hh, window(first.hourly), taken(window(first.hourly)));
    restarted.detector.restoreAlerts(restorable(first.alerts));
    finish(
      feed(
        restarted,
        all.filter((r) => Date.parse(r.ts) >= silence.from - 4 * HOUR),
      ),
    );
    const offline = (alerts: readonly Alert[]) => distinct(alerts.filter((a) => a.type === 'meter_offline'));
    expect(offline([...first.alerts, ...restarted.alerts])).toEqual(offline(whole.alerts));
    expect(offline(whole.alerts)).toHaveLength(2);
  });
});

const sorted = (rs: MeterReading[]): MeterReading[] => rs.sort((a, b) => a.ts.localeCompare(b.ts));

/** Crash times from `from` to `to`, `step` apart. */
const every = (step: number, from: number, to: number): number[] =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

/**
 * For each crash, restarts from what the store held (rows, or a snapshot taken a few hours
 * before: the last flush) and the alerts a restart reads back, replays from the resume point,
 * and checks the rows and alerts against the uninterrupted run's: the same alerts, ids and ends.
 */
function crashesMatchWhole(
  hh: string,
  readings: readonly MeterReading[],
  crashes: readonly number[],
  options: { unattributed?: { from: number; to: number } } = {},
): void {
  // A meter silent over `maxGapMs` starts afresh after a restart: the usage over its gap, which
  // the uninterrupted run spread over the hours of the interval `(from, to + 15 min]` that
  // spans it, stays unattributed (config.ts `maxGapMs`). Those hours' water is not compared.
  const gap = options.unattributed;
  const water = (r: HouseholdUsageHour) => {
    const hour = Date.parse(r.hour);
    return gap && hour < gap.to + QUARTER && hour + HOUR > gap.from ? 'unattributed' : r.water_m3;
  };
  const whole = finish(feed(owner(), readings));
  for (const crash of crashes) {
    for (const snapshotAt of [crash, crash - 3 * HOUR - 10 * MINUTE]) {
      const first = feed(
        owner(),
        readings.filter((r) => Date.parse(r.ts) <= snapshotAt),
      );
      const snap = first.detector.snapshot(hh);
      const before = first.hourly.length;
      feed(
        first,
        readings.filter((r) => Date.parse(r.ts) > snapshotAt && Date.parse(r.ts) <= crash),
      );
      const needed = first.detector.oldestNeededTime() as number;
      const stored = first.hourly;
      // Rows the snapshot may not hold: those emitted after it (at or above its version).
      const newer = newest(stored.slice(before)).filter((r) => r.version >= (snap?.version ?? 0));
      const replay = readings.filter((r) => Date.parse(r.ts) >= needed);

      const fromRows = owner();
      fromRows.detector.seedHistory(hh, window(stored), taken(window(stored)));
      fromRows.detector.restoreAlerts(restorable(first.alerts));
      finish(feed(fromRows, replay));

      const fromSnapshot = owner();
      const from = Date.parse(newest(stored).at(-1)?.hour ?? '') / HOUR - ringHoursFor(14);
      fromSnapshot.detector.seedSnapshot(hh, snap?.bytes ?? new Uint8Array(), newer, taken(newer), from);
      fromSnapshot.detector.restoreAlerts(restorable(first.alerts));
      finish(feed(fromSnapshot, replay));

      const label = `crash at ${new Date(crash).toISOString()}, snapshot ${(crash - snapshotAt) / MINUTE} min before`;
      // Rows equal but for the version and the marks: a snapshot taken between steps holds the
      // open hour's readings too, so its replayed rows may say they had taken later ones. And
      // but for the model: a snapshot carries the rule's (session 20), which a restore from rows
      // lacks until it judges again, so rows written while an hour waits for its meters say
      // `default` there; the snapshot's say what the uninterrupted run's do (checked below).
      const strip = (rows: HouseholdUsageHour[]) =>
        newest(rows).map((r) => ({
          ...r,
          version: 0,
          water_reading_through: '',
          electricity_reading_through: '',
          model: '',
        }));
      expect(strip([...stored, ...fromSnapshot.hourly]), label).toEqual(
        strip([...stored, ...fromRows.hourly]),
      );
      expect(distinct([...first.alerts, ...fromSnapshot.alerts]), label).toEqual(
        distinct([...first.alerts, ...fromRows.alerts]),
      );
      // And exactly the uninterrupted run's alerts: a replay that re-judges an hour a resolved
      // alert covered opens no second alert for the same incident (issue 15 item 1).
      expect(distinct([...first.alerts, ...fromSnapshot.alerts]), label).toEqual(distinct(whole.alerts));
      expect(distinct([...first.alerts, ...fromRows.alerts]), label).toEqual(distinct(whole.alerts));
      expect(
        newest([...stored, ...fromSnapshot.hourly]).map((r) => [
          r.hour,
          water(r),
          r.electricity_kwh,
          r.in_alert,
          r.model,
        ]),
        label,
      ).toEqual(newest(whole.hourly).map((r) => [r.hour, water(r), r.electricity_kwh, r.in_alert, r.model]));
    }
  }
}

/**
 * Restarts through a grid outage and through a water meter silent longer than `maxGapMs` while
 * its tap's alert is open (issue 15 item 1: one condition, one alert, the same id and end as an
 * uninterrupted run). A restarted detector is seeded with the stored rows of its ring, given the
 * alerts a restart reads back, and fed a replay that may begin hours before the condition.
 */
import { type Alert, isoCst, type MeterReading, toEpochMs } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { parseUtilityConfig } from './config.ts';
import type { HourlyDetector } from './detector.ts';
import { UtilityDetector } from './detectors.ts';
import type { HouseholdUsageHour, ReadingsTaken } from './hourly.ts';
import type { MeterTrack } from './meter-track.ts';
import { OfflineWatcher, type WatchedMeter } from './offline.ts';
import { householdInfo, normalQuarter, QUARTER, syntheticReadings, T0, type Usage } from './testing.ts';
import { DAY, HOUR, MINUTE } from './time.ts';
import { ringHoursFor } from './usage-ring.ts';

const END = T0 + 17 * DAY;
const detector = () =>
  new UtilityDetector({}, { household: (id) => householdInfo(id) }) as HourlyDetector<unknown>;

interface Owner {
  detector: HourlyDetector<unknown>;
  alerts: Alert[];
  hourly: HouseholdUsageHour[];
  last: number;
}

const owner = (): Owner => ({ detector: detector(), alerts: [], hourly: [], last: Number.NEGATIVE_INFINITY });

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
  const out = o.detector.advance(o.last + HOUR);
  o.alerts.push(...out.alerts);
  o.hourly.push(...out.hourly);
  return o;
}

/** What the store keeps of a household's rows: per hour the newest version, within the ring's span. */
function stored(rows: readonly HouseholdUsageHour[], hh: string): HouseholdUsageHour[] {
  const kept = new Map<string, HouseholdUsageHour>();
  for (const r of rows) {
    if (r.household_id !== hh) continue;
    const old = kept.get(r.hour);
    if (old === undefined || r.version >= old.version) kept.set(r.hour, r);
  }
  const sorted = [...kept.values()].sort((a, b) => a.hour.localeCompare(b.hour));
  const newestHour = Date.parse(sorted.at(-1)?.hour ?? '');
  return sorted.filter((r) => Date.parse(r.hour) >= newestHour - ringHoursFor(14) * HOUR);
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

/** What a restart reads back (restart-state.ts): every alert's latest status if open. */
const openAlerts = (alerts: readonly Alert[]): Alert[] => {
  const latest = new Map<string, Alert>();
  for (const a of alerts) latest.set(a.alert_id, a);
  return [...latest.values()].filter((a) => a.status === 'open');
};

/** Alerts as the store keeps them: one per (alert_id, status). */
const distinct = (alerts: readonly Alert[]): string[] =>
  [...new Set(alerts.map((a) => JSON.stringify({ ...a, raised_at: undefined })))].sort();

/** Runs `readings` up to `crash`, restarts from the store and replays from `replayFrom`. */
function restarted(
  households: readonly string[],
  readings: readonly MeterReading[],
  crash: number,
  replayFrom: (first: Owner) => number,
): Alert[] {
  const first = feed(
    owner(),
    readings.filter((r) => Date.parse(r.ts) <= crash),
  );
  const from = replayFrom(first);
  const next = owner();
  for (const hh of households) {
    const rows = stored(first.hourly, hh);
    next.detector.seedHistory(hh, rows, taken(rows));
  }
  next.detector.restoreAlerts(openAlerts(first.alerts));
  feed(
    next,
    readings.filter((r) => Date.parse(r.ts) >= from),
  );
  return [...first.alerts, ...next.alerts];
}

const sorted = (rs: MeterReading[]): MeterReading[] => rs.sort((a, b) => a.ts.localeCompare(b.ts));

describe('utility restart > a grid outage', () => {
  /** A watched meter whose newest consumed reading is at `anchorTs` (all a check reads of its track). */
  const watched = (id: string, anchorTs: number): WatchedMeter => ({
    id,
    householdId: `HH-${id}`,
    kind: 'water',
    place: { district: '310101', grid: 'G-7', gridWorker: undefined },
    track: { anchorTs } as MeterTrack,
  });

  it('keeps a restored outage open through its meters’ readings from before it', () => {
    const config = parseUtilityConfig({});
    const cut = T0 + DAY;
    const meters = Array.from({ length: 8 }, (_, i) => watched(`WM-${i}`, cut));
    const first = new OfflineWatcher(config);
    for (const m of meters) first.add(m);
    const opened: Alert[] = [];
    for (let t = cut; t <= cut + 8 * HOUR; t += QUARTER) first.check(meters, t, opened);
    expect(opened.map((a) => [a.subject, a.evidence.scope, a.status])).toEqual([['G-7', 'grid', 'open']]);
    const since = toEpochMs((opened[0] as Alert).since);

    // The restart: the outage restored, the replay held back 4 h before the cut by another
    // household's need, the meters' readings from then replayed, then their silence.
    const next = new OfflineWatcher(config);
    for (const m of meters) next.add(m);
    next.restore(opened[0] as Alert);
    const out: Alert[] = [];
    for (let t = cut - 4 * HOUR; t <= cut + 10 * HOUR; t += QUARTER) {
      for (const m of meters) m.track.anchorTs = Math.min(t, cut);
      next.check(meters, t, out);
    }
    // Before the fix: resolved at cut - 3 h with ended_at cut - 4 h, before its own since.
    expect(out).toEqual([]);
    // Back once its meters report after the cut, ended where they came back.
    const back = cut + 10 * HOUR + QUARTER;
    for (let t = back; t <= back + 2 * HOUR; t += QUARTER) {
      for (const m of meters) m.track.anchorTs = t;
      next.check(meters, t, out);
    }
    expect(out.map((a) => [a.subject, a.status])).toEqual([['G-7', 'resolved']]);
    expect(Date.parse(String(out[0]?.evidence.ended_at))).toBeGreaterThan(since);
  });

  it('ends a restored outage as the uninterrupted run does, through the detector', () => {
    // Six households of one grid: their water meters (a network outage) silent 14 h.
    const households = Array.from({ length: 6 }, (_, i) => `HH-0000001${i}`);
    const silence = { kind: 'water' as const, from: T0 + 15 * DAY + 6 * HOUR, to: T0 + 15 * DAY + 20 * HOUR };
    const readings = sorted(
      households.flatMap((household) =>
        syntheticReadings({ household, from: T0, to: END, silent: [silence] }),
      ),
    );
    const grid = (alerts: readonly Alert[]) =>
      distinct(alerts.filter((a) => a.type === 'meter_offline' && a.evidence.scope === 'grid'));
    const whole = grid(feed(owner(), readings).alerts);
    expect(whole.map((a) => JSON.parse(a).status)).toEqual(['open', 'resolved']);
    const alerts = restarted(households, readings, silence.from + 8 * HOUR, () => silence.from - 4 * HOUR);
    expect(grid(alerts)).toEqual(whole);
  });
});

describe('utility restart > water_running whose meter fell silent over maxGapMs', () => {
  const HH = 'HH-00000021';
  // A tap left running from 02:30 of day 15 until its water meter falls silent at 10:00 (the tap
  // off by then); the meter is back at 20:00, past `maxGapMs` (6 h) after its last reading.
  const runFrom = T0 + 15 * DAY + 2 * HOUR + 30 * MINUTE;
  const silence = { kind: 'water' as const, from: T0 + 15 * DAY + 10 * HOUR, to: T0 + 15 * DAY + 20 * HOUR };
  const usage = (t: number): Usage => {
    const u = normalQuarter(t);
    return t > runFrom && t <= silence.from ? { ...u, water: u.water + 0.06 } : u;
  };
  const readings = sorted(syntheticReadings({ household: HH, from: T0, to: END, usage, silent: [silence] }));
  const running = (alerts: readonly Alert[]) => distinct(alerts.filter((a) => a.type === 'water_running'));

  it('ends the restored alert where the tap was last seen flowing, not where the meter came back', () => {
    const whole = running(feed(owner(), readings).alerts);
    expect(whole.map((a) => [JSON.parse(a).status, JSON.parse(a).evidence.ended_at])).toEqual([
      ['open', undefined],
      ['resolved', isoCst(silence.from)],
    ]);
    for (const crash of [silence.from + 7 * HOUR, silence.from + 9 * HOUR + 50 * MINUTE]) {
      const alerts = running(
        restarted([HH], readings, crash, (first) => first.detector.oldestNeededTime() as number),
      );
      // Before the fix: ended_at 20:15, the end of the first interval after the meter came back.
      expect(alerts.map((a) => JSON.parse(a).evidence.ended_at)).toEqual(
        whole.map((a) => JSON.parse(a).evidence.ended_at),
      );
      // The restarted track starts afresh after the gap: its first interval ends a reading later.
      const resolvedAt = (list: string[]) => Date.parse(JSON.parse(list[1] as string).detected_at);
      expect(resolvedAt(alerts) - resolvedAt(whole)).toBeLessThanOrEqual(QUARTER);
    }
  });
});

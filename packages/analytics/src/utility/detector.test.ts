import type { Alert, MeterReading } from '@onegrid/contracts';
import { alertSchema } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import type { HouseholdInfo } from './alerts.ts';
import type { HourlyDetector } from './detector.ts';
import { UtilityDetector } from './detectors.ts';
import type { HouseholdUsageHour, ReadingsTaken } from './hourly.ts';
import {
  householdInfo,
  normalQuarter,
  QUARTER,
  type Run,
  run,
  stoppedQuarter,
  syntheticReadings,
  T0,
  type Usage,
} from './testing.ts';
import { DAY, HOUR, MINUTE } from './time.ts';

const HH = 'HH-00000001';
const withContacts = (id: string, overrides = {}) => ({
  ...householdInfo(id, overrides),
  contacts: [{ role: 'family', phone: '+8613800000000' }],
  name: '张三',
});
const detector = (
  lookup: (id: string) => HouseholdInfo | undefined = (id) =>
    withContacts(id, { lives_alone: true, vulnerable: ['elderly'] }),
) => new UtilityDetector({}, { household: lookup }) as HourlyDetector<unknown>;
const ofType = (alerts: Alert[], type: string) => alerts.filter((a) => a.type === type);
const STOP = T0 + 14 * DAY + 10 * HOUR;
const END = T0 + 16 * DAY;
const stopsThenResumes = (t: number): Usage =>
  t > STOP && t <= STOP + DAY ? stoppedQuarter() : normalQuarter(t);

/** What a store keyed by (household, hour) keeps: the newest version, the later write on a tie. */
function newest(rows: readonly HouseholdUsageHour[]): HouseholdUsageHour[] {
  const kept = new Map<string, HouseholdUsageHour>();
  for (const r of rows) {
    const key = `${r.household_id}|${r.hour}`;
    const old = kept.get(key);
    if (old === undefined || r.version >= old.version) kept.set(key, r);
  }
  return [...kept.values()].sort((a, b) => a.hour.localeCompare(b.hour));
}

/** What a restarted detector is told its stored rows had taken in: the highest marks (they only grow). */
function readingsTaken(rows: readonly HouseholdUsageHour[]): ReadingsTaken | undefined {
  const highest = (kind: 'water_reading_through' | 'electricity_reading_through') => {
    const marks = rows.flatMap((r) => (r[kind] == null ? [] : [Date.parse(r[kind])]));
    return marks.length === 0 ? undefined : Math.max(...marks);
  };
  return rows.length === 0
    ? undefined
    : { water: highest('water_reading_through'), electricity: highest('electricity_reading_through') };
}

/**
 * Feeds readings in arrival order; the watermark (newest − 15 min) moves before a reading that
 * is the newest yet, as a busy stream's clock would. `beforeFirst` runs before the first reading.
 */
class Feed {
  readonly alerts: Alert[] = [];
  readonly hourly: HouseholdUsageHour[] = [];
  #last = Number.NEGATIVE_INFINITY;
  #started = false;

  readonly detector: HourlyDetector<unknown>;
  readonly beforeFirst: () => void;

  constructor(detector: HourlyDetector<unknown>, beforeFirst = () => {}) {
    this.detector = detector;
    this.beforeFirst = beforeFirst;
  }

  feed(arrival: readonly MeterReading[]): this {
    for (const r of arrival) {
      const t = Date.parse(r.ts);
      if (t > this.#last) {
        this.#collect(this.detector.advance(t - QUARTER));
        this.#last = t;
      }
      if (!this.#started) this.beforeFirst();
      this.#started = true;
      this.detector.onReading(r);
    }
    return this;
  }

  /** The end of the stream: every hour closes. */
  finish(): this {
    this.#collect(this.detector.advance(this.#last + HOUR));
    return this;
  }

  #collect(out: { alerts: Alert[]; hourly: HouseholdUsageHour[] }): void {
    this.alerts.push(...out.alerts);
    this.hourly.push(...out.hourly);
  }
}

/** Alerts still open: the newest status per id is `open`. */
function openAlerts(alerts: readonly Alert[]): Alert[] {
  const latest = new Map<string, Alert>();
  for (const a of alerts) latest.set(a.alert_id, a);
  return [...latest.values()].filter((a) => a.status === 'open');
}

/** What a store keyed by (alert_id, status) keeps; a repeat must be identical. */
function distinct(alerts: readonly Alert[]): Alert[] {
  const kept = new Map<string, Alert>();
  for (const a of alerts) {
    const key = `${a.alert_id}|${a.status}`;
    const old = kept.get(key);
    if (old !== undefined) expect(a).toEqual(old);
    kept.set(key, a);
  }
  return [...kept.values()].sort((a, b) =>
    `${a.alert_id}|${a.status}`.localeCompare(`${b.alert_id}|${b.status}`),
  );
}

describe('usage > UtilityDetector', () => {
  it('raises nothing for a household living its usual rhythm, and emits complete hourly rows', () => {
    const result = run(detector(), syntheticReadings({ household: HH, from: T0, to: END }));
    expect(result.alerts).toEqual([]);
    const full = result.hourly.filter((r) => r.water_readings === 4 && r.electricity_readings === 4);
    expect(full.length).toBeGreaterThan(15 * 24);
    const day = result.hourly.filter((r) => r.hour >= '2026-09-10T00' && r.hour < '2026-09-11T00');
    const elec = day.reduce((s, r) => s + r.electricity_kwh, 0);
    let expected = 0;
    for (let t = T0 + 9 * DAY + QUARTER; t <= T0 + 10 * DAY; t += QUARTER) expected += normalQuarter(t).elec;
    expect(elec).toBeCloseTo(expected, 1);
  });

  it('raises utility_inactivity once when usage stops, critical for an old person alone, and resolves it', () => {
    const result = run(
      detector(),
      syntheticReadings({ household: HH, from: T0, to: END, usage: stopsThenResumes }),
    );
    const alerts = ofType(result.alerts, 'utility_inactivity');
    expect(alerts.map((a) => a.status)).toEqual(['open', 'resolved']);
    const [open, resolved] = alerts as [Alert, Alert];
    expect(open.severity).toBe('critical');
    expect(resolved.alert_id).toBe(open.alert_id);
    const detectedAt = Date.parse(open.detected_at);
    expect(detectedAt).toBeGreaterThan(STOP);
    expect(detectedAt - STOP).toBeLessThan(6 * HOUR);
    expect(Date.parse(open.since)).toBeGreaterThanOrEqual(STOP - HOUR);
    expect(Date.parse(resolved.detected_at)).toBeGreaterThan(STOP + DAY);
    expect(result.alerts.filter((a) => a.type !== 'utility_inactivity')).toEqual([]);
  });

  it('gives warning severity when the person lives alone but has no vulnerable tag', () => {
    const d = detector((id) => withContacts(id, { lives_alone: true }));
    const result = run(d, syntheticReadings({ household: HH, from: T0, to: END, usage: stopsThenResumes }));
    expect(ofType(result.alerts, 'utility_inactivity')[0]?.severity).toBe('warning');
  });

  it('follows the contract and carries no personal data, only the grid worker id', () => {
    const result = run(
      detector(),
      syntheticReadings({ household: HH, from: T0, to: END, usage: stopsThenResumes }),
    );
    expect(result.alerts.length).toBeGreaterThan(0);
    for (const a of result.alerts) {
      expect(alertSchema.parse(a)).toEqual(a);
      expect(JSON.stringify(a)).not.toMatch(/contacts|phone|\+86|张三/);
      expect(a.evidence.grid_worker).toBe('GW-0001');
    }
  });

  it('raises meter_offline, not inactivity, when a meter stops reporting, and resolves it when it returns', () => {
    const silent = [{ kind: 'water' as const, from: STOP, to: STOP + 8 * HOUR }];
    const result = run(detector(), syntheticReadings({ household: HH, from: T0, to: END, silent }));
    expect(ofType(result.alerts, 'utility_inactivity')).toEqual([]);
    const offline = ofType(result.alerts, 'meter_offline');
    expect(offline.map((a) => [a.subject, a.status, a.severity])).toEqual([
      ['WM-00000001', 'open', 'info'],
      ['WM-00000001', 'resolved', 'info'],
    ]);
  });

  it('sees a silence even when the readings after it arrived before the watermark reached it', () => {
    // Re-keyed input merges source partitions: one may be hours ahead of the watermark.
    const silent = [{ kind: 'water' as const, from: STOP, to: STOP + 8 * HOUR }];
    const d = detector();
    for (const r of syntheticReadings({ household: HH, from: T0, to: END, silent })) d.onReading(r);
    const alerts: Alert[] = [];
    for (let t = T0; t <= END; t += QUARTER) alerts.push(...d.advance(t).alerts);
    const offline = ofType(alerts, 'meter_offline');
    expect(offline.map((a) => [a.subject, a.status])).toEqual([
      ['WM-00000001', 'open'],
      ['WM-00000001', 'resolved'],
    ]);
    expect(Date.parse(offline[0]?.since ?? '')).toBe(STOP);
  });

  it('does not take a silent household for an inactive one when both meters stop', () => {
    const silent = [
      { kind: 'water' as const, from: STOP, to: STOP + 12 * HOUR },
      { kind: 'electricity' as const, from: STOP, to: STOP + 12 * HOUR },
    ];
    const result = run(
      detector(),
      syntheticReadings({ household: HH, from: T0, to: END, usage: stopsThenResumes, silent }),
    );
    const inactivity = ofType(result.alerts, 'utility_inactivity');
    // Usage stopped for a day, but the first 12 hours of it were not seen: the alert comes after.
    expect(inactivity.length).toBeLessThanOrEqual(2);
    if (inactivity[0]) expect(Date.parse(inactivity[0].detected_at)).toBeGreaterThan(STOP + 12 * HOUR);
    expect(ofType(result.alerts, 'meter_offline').filter((a) => a.status === 'open')).toHaveLength(2);
  });

  it('reports a grid whose electricity meters fall silent together as one outage', () => {
    const d = detector((id) => withContacts(id));
    const ids = Array.from({ length: 8 }, (_, i) => `HH-0000010${i}`);
    const silent = [{ kind: 'electricity' as const, from: STOP, to: STOP + 5 * HOUR }];
    const readings = ids.flatMap((household) =>
      syntheticReadings({ household, from: T0 + 8 * DAY, to: END, silent }),
    );
    const result = run(d, readings);
    const offline = ofType(result.alerts, 'meter_offline');
    expect(offline.map((a) => [a.subject, a.status, a.evidence.scope, a.evidence.cause])).toEqual([
      ['G-310101-0001', 'open', 'grid', 'power_cut_suspected'],
      ['G-310101-0001', 'resolved', 'grid', 'power_cut_suspected'],
    ]);
    expect(ofType(result.alerts, 'utility_inactivity')).toEqual([]);
    // Another partition watching only some of the grid's households raises the same alert.
    const part = run(
      detector((id) => withContacts(id)),
      readings.filter((r) => ids.slice(0, 6).includes(r.household_id)),
    );
    expect(ofType(part.alerts, 'meter_offline')).toEqual(offline);
  });

  it('raises water_running once while water flows without pause, and resolves it', () => {
    const running = (t: number): Usage => {
      const u = normalQuarter(t);
      return t > STOP && t <= STOP + 4 * HOUR ? { ...u, water: u.water + 0.06 } : u;
    };
    const result = run(detector(), syntheticReadings({ household: HH, from: T0, to: END, usage: running }));
    const alerts = ofType(result.alerts, 'water_running');
    expect(alerts.map((a) => a.status)).toEqual(['open', 'resolved']);
    expect(Date.parse(alerts[0]?.since ?? '')).toBe(STOP);
    expect(alerts[0]?.severity).toBe('warning');
    expect(ofType(result.alerts, 'utility_inactivity')).toEqual([]);
  });

  it('gives the same alerts, ids included, when the stream is replayed', () => {
    const readings = syntheticReadings({ household: HH, from: T0, to: END, usage: stopsThenResumes });
    expect(run(detector(), readings).alerts).toEqual(run(detector(), readings).alerts);
  });

  it('learns from seeded history as from live readings', () => {
    const readings = syntheticReadings({ household: HH, from: T0, to: END, usage: stopsThenResumes });
    const live = run(detector(), readings);
    const cut = '2026-09-14T00';
    const seeded = detector();
    seeded.seedHistory(
      HH,
      live.hourly.filter((r) => r.hour < cut),
    );
    const resumed = run(
      seeded,
      readings.filter((r) => r.ts >= '2026-09-13T23:45'),
    );
    const first = (r: { alerts: Alert[] }) => ofType(r.alerts, 'utility_inactivity')[0];
    expect(first(resumed)?.alert_id).toBe(first(live)?.alert_id);
  });

  it('needs replay from no earlier than the interval crossing into the oldest open hour', () => {
    const d = detector();
    run(d, syntheticReadings({ household: HH, from: T0, to: T0 + 2 * DAY }));
    const needed = d.oldestNeededTime() as number;
    expect(needed).toBeGreaterThan(T0 + 2 * DAY - 3 * HOUR);
    expect(needed).toBeLessThanOrEqual(T0 + 2 * DAY);
  });

  it("counts a meter's first reading in its hour, though it starts no interval", () => {
    const from = T0 + 5 * MINUTE;
    const result = run(detector(), syntheticReadings({ household: HH, from, to: from + 3 * HOUR }));
    const first = result.hourly.find((r) => Date.parse(r.hour) === T0);
    expect(first?.water_readings).toBe(4);
    expect(first?.electricity_readings).toBe(4);
  });

  it('closes every hour of a backlog whose first watermark comes hours after its first readings', () => {
    const readings = syntheticReadings({ household: HH, from: T0, to: T0 + 12 * HOUR });
    const d = detector();
    for (const r of readings) d.onReading(r);
    const { hourly } = d.advance(T0 + 11 * HOUR);
    const hours = new Set(hourly.map((r) => Date.parse(r.hour)));
    for (let h = T0; h < T0 + 10 * HOUR; h += HOUR) expect(hours.has(h)).toBe(true);
    // Hours after T0 hold the readings after T0 (one on the hour counts in the hour it ends).
    const counted = hourly.filter((r) => Date.parse(r.hour) >= T0).reduce((n, r) => n + r.water_readings, 0);
    expect(counted).toBe(
      readings.filter(
        (r) => r.kind === 'water' && Date.parse(r.ts) > T0 && Date.parse(r.ts) <= T0 + 10 * HOUR,
      ).length,
    );
  });

  it("counts a meter's first readings that came in a late batch, after their hour closed", () => {
    const readings = syntheticReadings({ household: HH, from: T0, to: T0 + 6 * HOUR });
    // The electricity meter's first four readings arrive together 48 minutes late, after the
    // hour its first one closed (a reading on the hour counts in the hour before).
    const held = (r: (typeof readings)[number]) =>
      r.kind === 'electricity' && Date.parse(r.ts) <= T0 + 45 * MINUTE;
    const d = detector();
    const rows: HouseholdUsageHour[] = [];
    let last = Number.NEGATIVE_INFINITY;
    const late = readings.filter(held);
    for (const r of readings.filter((x) => !held(x))) {
      const t = Date.parse(r.ts);
      if (t > last) {
        rows.push(...d.advance(t - QUARTER).hourly);
        last = t;
      }
      if (t === T0 + 60 * MINUTE) for (const l of late) d.onReading(l);
      d.onReading(r);
    }
    rows.push(...d.advance(last + HOUR).hourly);
    const counted = newest(rows)
      .filter((r) => Date.parse(r.hour) < T0 + 5 * HOUR)
      .reduce((n, r) => n + r.electricity_readings, 0);
    expect(counted).toBe(
      readings.filter((r) => r.kind === 'electricity' && Date.parse(r.ts) <= T0 + 5 * HOUR).length,
    );
  });

  it('counts the readings of a household first heard of after their hours closed', () => {
    // One household's readings move the watermark 5 hours on; another's (a partition behind, or
    // readings held until the household's registry record came) arrive only then. Their hours
    // were closed without the household: its rows must still be written, with every reading.
    const other = 'HH-00000002';
    const ahead = syntheticReadings({ household: HH, from: T0, to: T0 + 6 * HOUR });
    const behind = syntheticReadings({ household: other, from: T0, to: T0 + 6 * HOUR });
    const d = detector();
    const rows: HouseholdUsageHour[] = [];
    for (const r of ahead) d.onReading(r);
    rows.push(...d.advance(T0 + 5 * HOUR).hourly);
    for (const r of behind) d.onReading(r);
    const outcomes = behind.map((r) => d.onReading(r));
    expect(new Set(outcomes)).toEqual(new Set(['duplicate']));
    rows.push(...d.advance(T0 + 7 * HOUR).hourly);
    const closed = (r: HouseholdUsageHour) => Date.parse(r.hour) < T0 + 5 * HOUR;
    const counted = newest(rows)
      .filter((r) => r.household_id === other && closed(r))
      .reduce((n, r) => n + r.water_readings + r.electricity_readings, 0);
    // Hours from T0 − 1 h: the reading at T0 closes the interval ending there.
    expect(counted).toBe(behind.filter((r) => Date.parse(r.ts) <= T0 + 5 * HOUR).length);
  });

  it('counts readings that arrive behind a watermark that then stops moving', () => {
    // The electricity meter's source was released as idle: the water meter's readings took the
    // watermark to the end of the data; the electricity readings come after, and nothing follows.
    const readings = syntheticReadings({ household: HH, from: T0, to: T0 + 6 * HOUR });
    const d = detector();
    const rows: HouseholdUsageHour[] = [];
    for (const r of readings.filter((x) => x.kind === 'water')) d.onReading(r);
    rows.push(...d.advance(T0 + 6 * HOUR).hourly);
    for (const r of readings.filter((x) => x.kind === 'electricity')) d.onReading(r);
    rows.push(...d.advance(T0 + 6 * HOUR).hourly);
    const counted = newest(rows)
      .filter((r) => Date.parse(r.hour) < T0 + 5 * HOUR)
      .reduce((n, r) => n + r.electricity_readings, 0);
    expect(counted).toBe(
      readings.filter((r) => r.kind === 'electricity' && Date.parse(r.ts) <= T0 + 5 * HOUR).length,
    );
  });

  it('needs the readings still waiting for the watermark when none is consumed yet', () => {
    const d = detector();
    const readings = syntheticReadings({ household: HH, from: T0, to: T0 + 20 * MINUTE });
    for (const r of readings) d.onReading(r);
    expect(d.oldestNeededTime()).toBe(T0);
    d.advance(T0 - HOUR);
    expect(d.oldestNeededTime()).toBe(T0);
  });

  it('resumes after a crash as if never stopped: same rows, same alerts, from the store and a replay', () => {
    // Water starts running mid-hour and is still running at the crash; usage later stops.
    const runFrom = T0 + 14 * DAY + 2 * HOUR + 30 * MINUTE;
    const usage = (t: number): Usage => {
      const u = stopsThenResumes(t);
      return t > runFrom && t <= runFrom + 5 * HOUR ? { ...u, water: u.water + 0.06 } : u;
    };
    const readings = syntheticReadings({ household: HH, from: T0, to: END, usage }).sort((a, b) =>
      a.ts.localeCompare(b.ts),
    );
    const crash = runFrom + 3 * HOUR + 20 * MINUTE;

    // The first owner, stopped by the crash: what it emitted reached the store.
    const first = detector();
    const before: Run = { alerts: [], hourly: [] };
    let last = Number.NEGATIVE_INFINITY;
    for (const r of readings.filter((x) => Date.parse(x.ts) <= crash)) {
      const t = Date.parse(r.ts);
      if (t > last) {
        const out = first.advance(t - QUARTER);
        before.alerts.push(...out.alerts);
        before.hourly.push(...out.hourly);
        last = t;
      }
      first.onReading(r);
    }
    const needed = first.oldestNeededTime() as number;
    expect(ofType(before.alerts, 'water_running').map((a) => a.status)).toEqual(['open']);

    const whole = run(detector(), readings);
    // The next owner: stored rows and open alerts, then the input replayed from the commit
    // point, or from earlier (other households of the partition may hold the commit back).
    for (const from of [needed, needed - 5 * HOUR]) {
      const next = detector();
      next.seedHistory(HH, newest(before.hourly), readingsTaken(before.hourly));
      next.restoreAlerts(openAlerts(before.alerts));
      const after = run(
        next,
        readings.filter((r) => Date.parse(r.ts) >= from),
      );
      expect(newest([...before.hourly, ...after.hourly])).toEqual(newest(whole.hourly));
      expect(distinct([...before.alerts, ...after.alerts])).toEqual(distinct(whole.alerts));
    }
  });

  it('after a restart takes a late batch into a stored hour, and no replayed reading twice', () => {
    // The electricity meter's readings of T0..T0+45min arrive together at T0+60min (a
    // store-and-forward batch), after the hour of the first one (on the hour: the hour before) closed.
    const readings = syntheticReadings({ household: HH, from: T0 - 4 * HOUR, to: T0 + 5 * HOUR });
    const held = (r: MeterReading) =>
      r.kind === 'electricity' && Date.parse(r.ts) >= T0 && Date.parse(r.ts) <= T0 + 45 * MINUTE;
    const arrival: MeterReading[] = [];
    for (const r of readings.filter((x) => !held(x))) {
      if (Date.parse(r.ts) === T0 + HOUR && r.kind === 'water') arrival.push(...readings.filter(held));
      arrival.push(r);
    }
    const whole = new Feed(detector()).feed(arrival).finish();
    const electricity = newest(whole.hourly).reduce((n, r) => n + r.electricity_readings, 0);
    // Every reading after the first hour is in (one on the hour counts in the hour before).
    expect(electricity).toBe(readings.filter((r) => r.kind === 'electricity').length);
    const usage = (rows: HouseholdUsageHour[]) =>
      newest(rows).map((r) => [
        r.hour,
        r.water_readings,
        r.electricity_readings,
        r.water_m3,
        r.electricity_kwh,
      ]);

    // A crash at every point. The last commit came a few readings earlier: what was emitted up
    // to it is stored, what came after it may be or not. The next owner seeds what is stored,
    // then reads from the commit's floor (every reading stamped at or after what its open state
    // needed), or from earlier (the partition's other households hold the floor back).
    for (let crash = 4; crash < arrival.length; crash += 3) {
      for (const commit of [crash, Math.max(1, crash - 7)]) {
        const first = new Feed(detector()).feed(arrival.slice(0, commit));
        const needed = first.detector.oldestNeededTime() ?? Number.POSITIVE_INFINITY;
        const committed = first.hourly.length;
        first.feed(arrival.slice(commit, crash));
        const floor = arrival.findIndex((r, i) => i >= commit || Date.parse(r.ts) >= needed);
        for (const stored of [first.hourly, first.hourly.slice(0, committed)]) {
          for (const from of [floor, Math.max(0, floor - 6)]) {
            const next: Feed = new Feed(detector(), () => {
              next.detector.seedHistory(HH, newest(stored), readingsTaken(stored));
              next.detector.restoreAlerts(openAlerts(first.alerts));
            });
            next.feed(arrival.slice(from)).finish();
            const label = `crash after ${crash}, commit at ${commit}, ${stored.length} rows stored, replay from ${from}`;
            expect(usage([...stored, ...next.hourly]), label).toEqual(usage(whole.hourly));
          }
        }
      }
    }
  });

  it('keeps a restored meter_offline open until the meter is heard from again', () => {
    const silent = [{ kind: 'water' as const, from: STOP, to: STOP + 8 * HOUR }];
    const readings = syntheticReadings({ household: HH, from: T0, to: END, silent });
    const first = run(detector(), readings);
    const open = ofType(first.alerts, 'meter_offline')[0] as Alert;
    const restarted = detector();
    restarted.restoreAlerts([open]);
    const after = run(
      restarted,
      readings.filter((r) => Date.parse(r.ts) > STOP + 3 * HOUR),
    );
    const offline = ofType(after.alerts, 'meter_offline');
    expect(offline.map((a) => [a.alert_id, a.status])).toEqual([[open.alert_id, 'resolved']]);
    expect(Date.parse(offline[0]?.detected_at ?? '')).toBeGreaterThan(STOP + 8 * HOUR);
  });

  it('ignores readings of households the registry does not know', () => {
    const d = detector(() => undefined);
    const [reading] = syntheticReadings({ household: 'HH-90000001', from: T0, to: T0 });
    expect(d.onReading(reading as never)).toBe('unknown_id');
  });
});

describe('usage > UtilityDetector: what it keeps for its caller', () => {
  const reading = (meter_id: string, household_id: string, t: number): MeterReading => ({
    meter_id,
    household_id,
    kind: 'water',
    ts: new Date(t).toISOString(),
    reading: 100,
    unit: 'm3',
  });

  it('hands a meter’s tag to its clock, and marks the households it holds as seen', () => {
    const asked: [string, number][] = [];
    const d = new UtilityDetector(
      {},
      {
        household: (id) => householdInfo(id),
        meterClock: (id, tag) => {
          asked.push([id, tag]);
          return Number.POSITIVE_INFINITY;
        },
      },
    );
    d.onReading(reading('WM-00000001', HH, T0), -1, T0, 7);
    d.onReading(reading('WM-00000002', 'HH-00000002', T0), -1, T0);
    d.advance(T0 + 2 * HOUR);
    expect(new Map(asked).get('WM-00000001')).toBe(7);
    // A meter given no tag is handed −1.
    expect(new Map(asked).get('WM-00000002')).toBe(-1);
    expect(d.seen(HH)).toBe(false);
    expect(d.markSeen(HH)).toBe(true);
    expect(d.seen(HH)).toBe(true);
    expect(d.seen('HH-00000002')).toBe(false);
    // Not held: not marked.
    expect(d.markSeen('HH-00000003')).toBe(false);
    expect(d.seen('HH-00000003')).toBe(false);
  });
});

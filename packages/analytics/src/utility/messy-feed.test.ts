/**
 * The failure modes an outside 15-minute feed showed (issue 15), as unit cases: duplicates,
 * disorder, store-and-forward batches, a 10-litre water register, a meter reset. A household
 * with two weeks of such history must be judged on its own rhythm, not on the fallback, and a
 * normal fortnight must raise nothing.
 */
import type { Alert, MeterReading } from '@onegrid/contracts';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { mersenne } from 'pure-rand/generator/mersenne';
import { describe, expect, it } from 'vitest';
import type { HourlyDetector } from './detector.ts';
import { UtilityDetector } from './detectors.ts';
import type { HouseholdUsageHour } from './hourly.ts';
import { householdInfo, normalQuarter, QUARTER, syntheticReadings, T0, type Usage } from './testing.ts';
import { DAY, HOUR, hourOfDay, MINUTE } from './time.ts';

const HH = 'HH-00000007';

/** Deterministic uniform draws in [0, 1) (pure-rand's Mersenne Twister): the same feed on every run. */
function prng(seed: number): () => number {
  const generator = mersenne(seed);
  return () => uniformFloat64(generator);
}

interface Arrival {
  at: number;
  reading: MeterReading;
}

/** The readings as a messy feed delivers them: each with the time it arrives. */
function messy(readings: readonly MeterReading[], seed: number, batchRate = 0.004): Arrival[] {
  const rnd = prng(seed);
  const out: Arrival[] = [];
  // Store-and-forward: now and then a meter keeps 2–5 h of readings and sends them at once.
  const batchUntil = new Map<string, number>();
  for (const r of readings) {
    const ts = Date.parse(r.ts);
    let reading = r;
    if (r.kind === 'water') reading = { ...r, reading: Math.floor(r.reading * 100) / 100 }; // 10 L register step
    const held = batchUntil.get(r.meter_id) ?? Number.NEGATIVE_INFINITY;
    if (ts > held && rnd() < batchRate) batchUntil.set(r.meter_id, ts + (2 + 3 * rnd()) * HOUR);
    const until = batchUntil.get(r.meter_id) ?? Number.NEGATIVE_INFINITY;
    const at = ts <= until ? until + rnd() * 5 * MINUTE : ts + rnd() * 20 * MINUTE; // disorder within 20 min
    out.push({ at, reading });
    if (rnd() < 0.1) out.push({ at: at + rnd() * HOUR, reading }); // a duplicate, up to an hour later
  }
  return out.sort((a, b) => a.at - b.at);
}

/** Feeds in arrival order; the watermark is the newest event time seen − 30 min (the processor's bound). */
function feed(d: HourlyDetector<unknown>, arrivals: readonly Arrival[]) {
  const alerts: Alert[] = [];
  const hourly: HouseholdUsageHour[] = [];
  let newest = Number.NEGATIVE_INFINITY;
  for (const { reading } of arrivals) {
    const t = Date.parse(reading.ts);
    if (t > newest) {
      newest = t;
      const out = d.advance(newest - 30 * MINUTE);
      alerts.push(...out.alerts);
      hourly.push(...out.hourly);
    }
    d.onReading(reading);
  }
  const out = d.advance(newest + HOUR);
  alerts.push(...out.alerts);
  hourly.push(...out.hourly);
  return { alerts, hourly };
}

const detector = () =>
  new UtilityDetector(
    {},
    { household: (id) => householdInfo(id, { lives_alone: true }) },
  ) as HourlyDetector<unknown>;

describe('usage > UtilityDetector on a messy 15-minute feed', () => {
  it('judges a household with two weeks of duplicated, disordered, batched readings on its own rhythm', () => {
    const readings = syntheticReadings({ household: HH, from: T0, to: T0 + 16 * DAY });
    const d = detector();
    const { alerts, hourly } = feed(d, messy(readings, 15));
    expect(alerts.filter((a) => a.type === 'utility_inactivity')).toEqual([]);
    expect(d.models()).toEqual({ learnt: 1 });
    const lastDay = hourly.filter((r) => Date.parse(r.hour) >= T0 + 15 * DAY);
    expect(lastDay.length).toBeGreaterThan(0);
    expect(lastDay.every((r) => r.model === 'learnt')).toBe(true);
    // Before a week of history, the fallback judges it.
    expect(hourly.find((r) => Date.parse(r.hour) < T0 + 3 * DAY)?.model).toBe('default');
  });

  it('uses its rhythm and finds an incident when a meter sends everything in batches hours late', () => {
    const stop = T0 + 14 * DAY + 20 * HOUR;
    const usage = (t: number): Usage =>
      t > stop && t <= stop + DAY ? { water: 0, elec: 0.02 } : normalQuarter(t);
    const readings = syntheticReadings({ household: HH, from: T0, to: T0 + 16 * DAY, usage });
    const d = detector();
    const { alerts } = feed(d, messy(readings, 17, 1));
    expect(d.models()).toEqual({ learnt: 1 });
    const inactivity = alerts.filter((a) => a.type === 'utility_inactivity');
    expect(inactivity.map((a) => a.status)).toEqual(['open', 'resolved']);
    expect(Date.parse(inactivity[0]?.detected_at ?? '') - stop).toBeLessThan(8 * HOUR);
  });

  it('moves a very low user on to its own rhythm though the fallback fires on its quiet days', () => {
    // Water once a day, electricity at the always-on load but for an evening hour: the fallback
    // (10 quiet, flat hours) fires every day. Its alerts' hours are still learnt from.
    const usage = (t: number): Usage => {
      const hod = hourOfDay(Math.floor((t - 1) / HOUR));
      return { water: hod === 19 && t % HOUR === 0 ? 0.01 : 0, elec: hod === 19 ? 0.06 : 0.02 };
    };
    const readings = syntheticReadings({ household: HH, from: T0, to: T0 + 12 * DAY, usage });
    const d = detector();
    const { alerts } = feed(d, messy(readings, 20));
    expect(alerts.some((a) => a.evidence.model === 'default')).toBe(true);
    expect(d.models()).toEqual({ learnt: 1 });
  });

  it('still finds an incident in such a feed, once, and ends it when water flows again', () => {
    const stop = T0 + 14 * DAY + 20 * HOUR;
    const usage = (t: number): Usage =>
      t > stop && t <= stop + DAY ? { water: 0, elec: 0.02 } : normalQuarter(t);
    const readings = syntheticReadings({ household: HH, from: T0, to: T0 + 16 * DAY, usage });
    const { alerts } = feed(detector(), messy(readings, 16));
    const inactivity = alerts.filter((a) => a.type === 'utility_inactivity');
    expect(inactivity.map((a) => a.status)).toEqual(['open', 'resolved']);
    expect(Date.parse(inactivity[0]?.detected_at ?? '') - stop).toBeLessThan(8 * HOUR);
    expect(Date.parse(inactivity[1]?.detected_at ?? '')).toBeGreaterThan(stop + DAY);
    expect(QUARTER).toBe(15 * MINUTE);
  });
});

describe('usage > UtilityDetector: one condition, one alert', () => {
  /** Nights at the always-on load only, as many real homes: the median at night is the base load. */
  const baseNights = (t: number): Usage => {
    const u = normalQuarter(t);
    const hod = Math.floor(((t - 1 + 8 * HOUR) % DAY) / HOUR);
    return hod >= 7 && hod < 22 ? u : { water: 0, elec: 0.02 };
  };

  it('keeps one alert open through the night of an incident, and resolves it once when water flows', () => {
    const stop = T0 + 14 * DAY + 15 * HOUR; // 15:00: the incident runs through the night and the next day
    const back = stop + 30 * HOUR;
    const usage = (t: number): Usage => (t > stop && t <= back ? { water: 0, elec: 0.02 } : baseNights(t));
    const readings = syntheticReadings({ household: HH, from: T0, to: T0 + 17 * DAY, usage });
    const d = detector();
    const { alerts, hourly } = feed(d, messy(readings, 18));
    const inactivity = alerts.filter((a) => a.type === 'utility_inactivity');
    expect(new Set(inactivity.map((a) => a.alert_id)).size).toBe(1);
    // Its hours are stored as part of the alert (written again when it opened), so a restarted
    // detector leaves them out of the rhythm it learns, as this one does.
    const newest = new Map<string, HouseholdUsageHour>();
    for (const r of hourly) newest.set(r.hour, r);
    const since = Date.parse(inactivity[0]?.since ?? '');
    const flagged = [...newest.values()].filter((r) => r.in_alert === 1).map((r) => Date.parse(r.hour));
    expect(Math.min(...flagged)).toBe(since);
    expect(Math.max(...flagged)).toBeGreaterThanOrEqual(back - HOUR);
    expect(inactivity.map((a) => a.status)).toEqual(['open', 'resolved']);
    const resolvedAt = Date.parse(inactivity[1]?.detected_at ?? '');
    expect(resolvedAt).toBeGreaterThan(back);
    expect(resolvedAt - back).toBeLessThan(3 * HOUR);
    expect(Date.parse(inactivity[0]?.detected_at ?? '') - stop).toBeLessThan(6 * HOUR);
  });

  it('keeps one meter_offline through a meter that sends one reading and falls silent again', () => {
    const from = T0 + 3 * DAY;
    const readings = syntheticReadings({
      household: HH,
      from: T0,
      to: T0 + 5 * DAY,
      silent: [
        { kind: 'water', from, to: from + 3 * HOUR },
        { kind: 'water', from: from + 3 * HOUR + QUARTER, to: from + 6 * HOUR },
      ],
    });
    const { alerts } = feed(detector(), messy(readings, 19, 0));
    const offline = alerts.filter((a) => a.type === 'meter_offline');
    expect(new Set(offline.map((a) => a.alert_id)).size).toBe(1);
    expect(offline.map((a) => a.status)).toEqual(['open', 'resolved']);
    expect(Date.parse(offline[1]?.evidence.ended_at as string)).toBeGreaterThanOrEqual(from + 6 * HOUR);
  });
});

import { readFileSync } from 'node:fs';
import { type Alert, isoCst, type MeterReading } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import type { UtilityConfigInput } from './config.ts';
import type { HourlyDetector } from './detector.ts';
import { UtilityDetector } from './detectors.ts';
import type { HouseholdUsageHour } from './hourly.ts';
import { emptyStore, type OutputStore, restoreFrom } from './restart-store.test-support.ts';
import { householdInfo } from './testing.ts';
import { DAY, HOUR, MINUTE } from './time.ts';
import { storedHourValue, UsageRing } from './usage-ring.ts';

/**
 * Issue 15 item 1 on the household where it was found (restore16): HH-50000254 of
 * packages/households seed 1007 (development data), its readings as they arrived
 * (fixtures/, one token a reading). A detector crashed every 7 h and rebuilt from its stored rows
 * raised an alert the uninterrupted one did not: a `long_dry_spell` whose ratio was 0.5 against a
 * threshold of 0.5, from hours the rebuilt ring held as their rows' 6 decimals and the live one as
 * float32 sums a few float32 steps away.
 */
const HH = 'HH-50000254';
const FIRST = Date.parse('2026-10-19T00:15:00+08:00');
const QUARTER = 15 * MINUTE;

function fixtureReadings(): { reading: MeterReading; ts: number }[] {
  const text = readFileSync(new URL('./fixtures/households-1007-HH-50000254.txt', import.meta.url), 'utf8');
  const register = { w: 1_554_440, e: 144_225 };
  let q = 0;
  const out: { reading: MeterReading; ts: number }[] = [];
  for (const token of text.split(/\s+/)) {
    if (token === '' || token.startsWith('#')) continue;
    const m = /^([we])(-?\d+)(?::(-?\d+))?$/.exec(token);
    if (!m) continue;
    const kind = m[1] as 'w' | 'e';
    q += Number(m[2]);
    register[kind] += Number(m[3] ?? 0);
    const ts = FIRST + q * QUARTER;
    const water = kind === 'w';
    out.push({
      ts,
      reading: {
        meter_id: `${water ? 'WM' : 'EM'}-50000254`,
        household_id: HH,
        kind: water ? 'water' : 'electricity',
        ts: isoCst(ts),
        reading: water ? register.w / 1000 : register.e / 100,
        unit: water ? 'm3' : 'kWh',
      },
    });
  }
  return out;
}

const readings = fixtureReadings();
const info = householdInfo(HH, { lives_alone: true });
const detector = (config: UtilityConfigInput) =>
  new UtilityDetector(config, {
    household: (id) => (id === HH ? info : undefined),
  }) as HourlyDetector<unknown>;

/** Readings `from`…`to` into `d`, the watermark 15 min behind the newest and moved every 10 min of it. */
function feed(
  d: HourlyDetector<unknown>,
  store: OutputStore,
  from: number,
  to: number,
  final: boolean,
): void {
  let maxTs = Number.NEGATIVE_INFINITY;
  let next = Number.NEGATIVE_INFINITY;
  const take = (out: { alerts: Alert[]; hourly: HouseholdUsageHour[] }) => {
    store.alerts.push(...out.alerts);
    for (const row of out.hourly) {
      const old = store.rows.get(row.hour);
      if (old === undefined || row.version >= old.version) store.rows.set(row.hour, row);
    }
  };
  for (let i = from; i < to; i++) {
    const { reading, ts } = readings[i] as { reading: MeterReading; ts: number };
    maxTs = Math.max(maxTs, ts);
    d.onReading(reading, undefined, ts);
    if (maxTs >= next) {
      take(d.advance(maxTs - QUARTER));
      next = maxTs + 10 * MINUTE;
    }
  }
  if (final) take(d.advance(maxTs - QUARTER));
}

/** A detector rebuilt from what the store holds, as restart-utility.ts (and the processor) rebuild one. */
const restore = (store: OutputStore, config: UtilityConfigInput): HourlyDetector<unknown> =>
  restoreFrom(detector(config), store);

/** The alerts of an uninterrupted run and of one crashed every `everyHours` from day 13, as the store keeps them. */
function runs(config: UtilityConfigInput, everyHours: number): { whole: string[]; restarted: string[] } {
  const whole: OutputStore = emptyStore();
  feed(detector(config), whole, 0, readings.length, true);
  const stored: OutputStore = emptyStore();
  let d = detector(config);
  let at = 0;
  let maxTs = Number.NEGATIVE_INFINITY;
  let crashAt = FIRST + 13 * DAY;
  for (let i = 0; i < readings.length; i++) {
    maxTs = Math.max(maxTs, (readings[i] as { ts: number }).ts);
    if (maxTs < crashAt) continue;
    crashAt += everyHours * HOUR;
    feed(d, stored, at, i, false);
    const needed = d.oldestNeededTime() ?? Number.POSITIVE_INFINITY;
    const from = readings.findIndex((r) => r.ts >= needed);
    at = from < 0 || from > i ? i : from;
    d = restore(stored, config);
  }
  feed(d, stored, at, readings.length, true);
  const distinct = (alerts: readonly Alert[]) =>
    [...new Set(alerts.map((a) => JSON.stringify({ ...a, raised_at: undefined })))].sort();
  return { whole: distinct(whole.alerts), restarted: distinct(stored.alerts) };
}

const longDrySpell = (alerts: string[]) =>
  alerts.filter((a) => a.includes('"path":"long_dry_spell"') && a.includes('2026-11-02T01:00:00+08:00'));

describe('utility > stored precision: a restart judges the hours as the store keeps them', () => {
  it('reads an hour of a live ring as the ring seeded from its row reads it', () => {
    const live = new UsageRing(48);
    const seeded = new UsageRing(48);
    const h = Math.floor(FIRST / HOUR);
    // Quarters of 0.02, 0.01, 0.02, 0.01 kWh summed in float32: a float32 step off 0.06, which the row rounds away.
    for (let k = 0; k < 4; k++)
      live.spread(
        'electricity',
        h * HOUR + k * QUARTER,
        h * HOUR + (k + 1) * QUARTER,
        k % 2 === 0 ? 0.02 : 0.01,
      );
    const s = live.at(h);
    const row = Math.round(live.elecAt(s) * 1e6) / 1e6;
    seeded.seed(h, 0, row, 4, 4);
    expect(row).toBe(0.06);
    expect(live.elecAt(s)).not.toBe(seeded.elecAt(seeded.at(h)));
    expect(storedHourValue(live.elecAt(s))).toBe(seeded.elecAt(seeded.at(h)));
    expect(storedHourValue(storedHourValue(live.elecAt(s)))).toBe(storedHourValue(live.elecAt(s)));
  });

  it('crashed every 7 h, raises the alerts of the uninterrupted run with storedPrecision', () => {
    const { whole, restarted } = runs({ storedPrecision: true }, 7);
    expect(restarted).toEqual(whole);
    // Through the case that diverged: both now judge the 0.5 ratio alike (here: an alert in both).
    expect(longDrySpell(whole).length).toBeGreaterThan(0);
  });

  it('crashed every 3 h, too', () => {
    const { whole, restarted } = runs({ storedPrecision: true }, 3);
    expect(restarted).toEqual(whole);
  });

  it('without it (the default until 2026-12-07), the same crashes raise an alert the uninterrupted run did not', () => {
    const { whole, restarted } = runs({ storedPrecision: false }, 7);
    expect(longDrySpell(whole)).toEqual([]);
    expect(longDrySpell(restarted).length).toBe(2);
  });
});

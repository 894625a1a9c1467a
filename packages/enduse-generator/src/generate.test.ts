import { createHash } from 'node:crypto';
import { readTruth } from '@onegrid/analytics/utility';
import { decoderFor, TOPICS } from '@onegrid/contracts';
import { type HouseholdConditionTruth, INVALID_FAULTS } from '@onegrid/households';
import { beforeAll, describe, expect, it } from 'vitest';
import { dailyUse, type Fixture, makeFixture } from './test-fixture.ts';

// One generation for the file (the models are the slow part): 30 households, a day of warm-up
// and 6 scored days, with many planted conditions so that each kind has cases at this size.
const options = {
  seed: 5,
  households: 30,
  warmupDays: 1,
  days: 6,
  plant: {
    incident: 3000,
    travel: 3000,
    waterRunning: 1500,
    meterSilent: 1000,
    lateBatch: 1000,
    replacement: 1000,
  },
};
const DAY = 86_400_000;
let f: Fixture;
let conditions: HouseholdConditionTruth[];
beforeAll(async () => {
  f = await makeFixture(options);
  conditions = f.truth.filter((e): e is HouseholdConditionTruth => e.type === 'household');
}, 180_000); // the Python models on a loaded machine: a hang guard, not a speed check

const indexOf = (f: Fixture, id: string) => f.generation.city.findIndex((hh) => hh.id === id);

describe('enduse > the feed', () => {
  it('sends the registry first, then readings in arrival order', () => {
    expect(f.records.findIndex((r) => r.topic === TOPICS.meterReadings)).toBe(30);
    const backwards = f.records.filter(
      (r, i) => i > 0 && r.arrivalTime < (f.records[i - 1]?.arrivalTime as number),
    );
    expect(backwards).toEqual([]);
  });

  it('passes the contracts with every valid message and fails them with every invalid copy', () => {
    let invalid = 0;
    for (const r of f.records) {
      const result = decoderFor(r.topic)(r.value);
      if (r.fault !== null && INVALID_FAULTS.includes(r.fault) && r.fault !== 'unknown_id') {
        expect(result.ok, `${r.fault}: ${String(r.value)}`).toBe(false);
        invalid++;
      } else expect(result.ok, String(r.value)).toBe(true);
    }
    expect(invalid).toBeGreaterThan(0);
  });

  it('reads back, register by register, what the models used (to the register step)', () => {
    const q = f.usage.meta.quarters;
    for (const hh of f.generation.city) {
      const faulty = f.generation.meterFaults.has(2 * hh.index);
      const readings = f.byMeter.get(hh.waterMeter) ?? [];
      if (faulty || readings.length < 2) continue;
      const used = f.usage.water.subarray(hh.index * q + 1, (hh.index + 1) * q).reduce((s, x) => s + x, 0);
      const read = ((readings.at(-1)?.reading as number) - (readings[0]?.reading as number)) * 1000;
      expect(Math.abs(read - used), hh.id).toBeLessThanOrEqual(hh.waterStepL + 0.01 * used);
    }
  });

  it('counts what it yielded and frames the truth with the scenario and the counts', () => {
    const counts = f.generation.counts();
    expect(counts.total).toBe(f.records.length);
    expect(f.truth[0]?.type).toBe('scenario');
    expect(f.truth.at(-1)?.type).toBe('counts');
    expect(f.truth.filter((e) => e.type === 'population')).toHaveLength(30);
  });
});

describe('enduse > planted truth', () => {
  it('is read by the analytics scoring as it reads the other generators', () => {
    const truth = readTruth(JSON.parse(JSON.stringify(f.truth)) as unknown[]);
    expect(truth.households.length).toBe(conditions.length);
    expect(truth.populations.size).toBe(30);
    expect(conditions.some((c) => c.kind === 'incident')).toBe(true);
  });

  it('places incidents on people living alone, and their water stops for good while the meters report', () => {
    const incidents = conditions.filter((c) => c.kind === 'incident');
    expect(incidents.length).toBeGreaterThanOrEqual(3);
    let checked = 0;
    for (const c of incidents) {
      expect(c.lives_alone).toBe(true);
      const hh = f.generation.city[indexOf(f, c.household_id)];
      const onset = Date.parse(c.from as string);
      const after = (f.byMeter.get(hh?.waterMeter as string) ?? []).filter((r) => r.t >= onset + 15 * 60_000);
      const tap = conditions.some((t) => t.kind === 'water_running' && t.household_id === c.household_id);
      const replaced = f.generation.meterFaults.has(2 * indexOf(f, c.household_id)); // a reset restarts the count
      if (tap || replaced || after.length < 2) continue;
      checked++;
      expect(new Set(after.map((r) => r.reading)).size, c.household_id).toBe(1);
      expect(
        (f.byMeter.get(hh?.powerMeter as string) ?? []).filter((r) => r.t > onset).length,
      ).toBeGreaterThan(0);
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('leaves, after an incident, only a steady electricity load: cold cycles, standby and what stayed on', () => {
    let checked = 0;
    for (const c of conditions.filter((c) => c.kind === 'incident')) {
      const h = indexOf(f, c.household_id);
      const firstFullDay = Math.ceil((Date.parse(c.from as string) - f.generation.streamStart) / DAY);
      const days = dailyUse(f.usage, 'power', h).slice(firstFullDay);
      if (days.length < 2) continue;
      checked++;
      for (const wh of days) expect(Math.abs(wh / (days[0] as number) - 1), c.household_id).toBeLessThan(0.3);
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('empties the home on a trip: no water, electricity down to standby and cold appliances', () => {
    let checked = 0;
    for (const c of conditions.filter((c) => c.kind === 'travel')) {
      const h = indexOf(f, c.household_id);
      if (conditions.some((t) => t.kind !== 'travel' && t.household_id === c.household_id)) continue;
      const from = Date.parse(c.from as string);
      const to = Date.parse(c.to as string);
      const water = dailyUse(f.usage, 'water', h);
      const power = dailyUse(f.usage, 'power', h);
      const home = power.filter((_, d) => {
        const t = f.generation.streamStart + d * DAY;
        return t + DAY <= from || t >= to;
      });
      for (let d = 0; d < water.length; d++) {
        const t = f.generation.streamStart + d * DAY;
        if (t < from || t + DAY > to) continue;
        checked++;
        expect(water[d], c.household_id).toBe(0);
        if (home.length > 0) expect(power[d] as number).toBeLessThan(Math.max(...home));
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('runs a tap at its planted rate', () => {
    const taps = conditions.filter((c) => c.kind === 'water_running');
    expect(taps.length).toBeGreaterThan(0);
    for (const c of taps) {
      const hh = f.generation.city[indexOf(f, c.household_id)];
      const from = Date.parse(c.from as string);
      const to = Date.parse(c.to as string);
      const readings = (f.byMeter.get(hh?.waterMeter as string) ?? []).filter((r) => r.t > from && r.t <= to);
      if (readings.length < 5) continue;
      const litres = ((readings.at(-1)?.reading as number) - (readings[0]?.reading as number)) * 1000;
      const hours = ((readings.at(-1)?.t as number) - (readings[0]?.t as number)) / 3_600_000;
      expect(litres / hours / 1000, c.household_id).toBeGreaterThanOrEqual((c.amount as number) * 0.95);
    }
  });
});

describe('enduse > determinism', () => {
  const digest = (fx: Fixture) => {
    const hash = createHash('sha256');
    for (const r of fx.records) hash.update(`${r.topic}|${r.key}|${r.arrivalTime}|`).update(r.value);
    return hash.digest('hex');
  };

  it('gives the same bytes for the same seed (models run afresh) and other bytes for another', async () => {
    const small = { seed: 11, households: 6, days: 2 };
    const a = await makeFixture(small);
    const b = await makeFixture(small);
    const c = await makeFixture({ ...small, seed: 12 });
    expect(Buffer.from(b.usage.water.buffer)).toEqual(Buffer.from(a.usage.water.buffer));
    expect(digest(b)).toBe(digest(a));
    expect(digest(c)).not.toBe(digest(a));
  }, 180_000);
});

import { describe, expect, it } from 'vitest';
import type { HouseholdSpec } from './model/household.ts';
import { makeFixture, type Reading, usages } from './test-fixture.ts';
import { MINUTE, QUARTER } from './time.ts';
import type { DeviceConditionTruth, HouseholdConditionTruth } from './truth.ts';

// Raised plant rates so that 12 days of 200 households hold several of each condition.
const fx = makeFixture({
  seed: 11,
  households: 200,
  days: 12,
  plant: {
    incident: 800,
    waterRunning: 400,
    meterSilent: 300,
    lateBatch: 300,
    replacement: 300,
    clockSkew: 300,
  },
});
const lines = fx.truth.filter((e): e is HouseholdConditionTruth => e.type === 'household');
const devices = fx.truth.filter((e): e is DeviceConditionTruth => e.type === 'device');
const spec = new Map(fx.generation.households.map((h) => [h.id, h]));
const meter = (id: string): Reading[] => fx.byMeter.get(id) ?? [];
const skewed = new Set(devices.filter((d) => d.kind === 'clock_skew').map((d) => d.device_id));
const faulty = new Set(devices.filter((d) => d.kind !== 'clock_skew').map((d) => d.device_id));

describe('planted > incidents', () => {
  const incidents = lines.filter((l) => l.kind === 'incident');

  it('plants them on people living alone, each with an onset in the window and no end', () => {
    expect(incidents.length).toBeGreaterThanOrEqual(10);
    // Spread over the populations with people living alone, not by their share of the city.
    const perPopulation = new Map<string, number>();
    for (const i of incidents) perPopulation.set(i.population, (perPopulation.get(i.population) ?? 0) + 1);
    expect(perPopulation.size).toBeGreaterThanOrEqual(5);
    expect(Math.max(...perPopulation.values()) - Math.min(...perPopulation.values())).toBeLessThanOrEqual(2);
    for (const i of incidents) {
      expect(i.lives_alone).toBe(true);
      expect(i.to).toBeNull();
      const from = Date.parse(i.from as string);
      expect(from).toBeGreaterThanOrEqual(fx.generation.start);
      expect(from).toBeLessThan(fx.generation.end);
    }
  });

  it('stops the water for good while the water meter keeps reporting', () => {
    for (const i of incidents) {
      const hh = spec.get(i.household_id) as HouseholdSpec;
      if (faulty.has(hh.waterMeter)) continue;
      const from = Date.parse(i.from as string);
      const after = meter(hh.waterMeter).filter(
        (r) => r.t >= from + QUARTER + (skewed.has(hh.waterMeter) ? 5 * MINUTE : 0),
      );
      const expected = Math.floor((fx.generation.end - from) / QUARTER) - 2;
      expect(after.length, i.household_id).toBeGreaterThanOrEqual(expected);
      expect(new Set(after.map((r) => r.reading)).size, i.household_id).toBe(1);
    }
  });

  it('drops the electricity to the always-on load (standby and fridge) after the onset', () => {
    for (const i of incidents) {
      const hh = spec.get(i.household_id) as HouseholdSpec;
      if (faulty.has(hh.powerMeter)) continue;
      const from = Date.parse(i.from as string);
      const quarters = usages(meter(hh.powerMeter)).filter((u) => u.t >= from + 30 * MINUTE);
      expect(quarters.length).toBeGreaterThan(8);
      const ceiling = ((hh.standbyW + hh.fridgeW) * 0.25) / 1000 + 0.011; // kWh per quarter, + one step
      for (const q of quarters)
        expect(q.use, `${i.household_id} at ${new Date(q.t).toISOString()}`).toBeLessThanOrEqual(ceiling);
      // …and it was above that before: the drop is visible.
      const before = usages(meter(hh.powerMeter)).filter((u) => u.t < from && u.t > from - 3 * 86_400_000);
      expect(Math.max(...before.map((q) => q.use))).toBeGreaterThan(ceiling);
    }
  });
});

describe('planted > travel and running taps', () => {
  it('shows no water during a trip but the fridge still running', () => {
    const trips = lines.filter((l) => l.kind === 'travel' && l.from !== null && l.to !== null);
    expect(trips.length).toBeGreaterThan(0);
    for (const trip of trips) {
      const hh = spec.get(trip.household_id) as HouseholdSpec;
      const from = Date.parse(trip.from as string) + QUARTER;
      const to = Date.parse(trip.to as string);
      const tap = lines.some((l) => l.kind === 'water_running' && l.household_id === trip.household_id);
      const inside = usages(meter(hh.waterMeter)).filter((u) => u.t > from && u.t <= to);
      if (!tap && !faulty.has(hh.waterMeter)) for (const u of inside) expect(u.use).toBe(0);
      const power = usages(meter(hh.powerMeter)).filter((u) => u.t > from && u.t <= to);
      if (power.length > 16) expect(power.reduce((s, u) => s + u.use, 0)).toBeGreaterThan(0);
    }
  });

  it('runs water without pause at the planted flow for the planted hours', () => {
    const taps = lines.filter((l) => l.kind === 'water_running');
    expect(taps.length).toBeGreaterThanOrEqual(5);
    for (const tap of taps) {
      const hh = spec.get(tap.household_id) as HouseholdSpec;
      if (faulty.has(hh.waterMeter)) continue;
      const from = Date.parse(tap.from as string);
      const to = Date.parse(tap.to as string);
      const inside = usages(meter(hh.waterMeter)).filter((u) => u.t > from + QUARTER && u.t <= to);
      const perQuarter = ((tap.amount as number) * 1000) / 4; // litres
      const litres = inside.reduce((s, u) => s + u.use * 1000, 0);
      expect(litres).toBeGreaterThanOrEqual(perQuarter * inside.length - hh.waterStepL * 2);
      if (perQuarter > 2 * hh.waterStepL) for (const u of inside) expect(u.use).toBeGreaterThan(0);
    }
  });
});

describe('planted > meter faults', () => {
  const of = (kind: DeviceConditionTruth['kind']) => devices.filter((d) => d.kind === kind);

  it('sends nothing from a silent meter while it is silent', () => {
    expect(of('silent').length).toBeGreaterThan(0);
    for (const d of of('silent')) {
      const from = Date.parse(d.from as string);
      const to = d.to === null ? Number.POSITIVE_INFINITY : Date.parse(d.to);
      expect(meter(d.device_id).filter((r) => r.t > from && r.t <= to)).toHaveLength(0);
      expect(meter(d.device_id).filter((r) => r.t <= from).length).toBeGreaterThan(0);
    }
  });

  it('holds a store-and-forward meter’s readings and delivers them together after the window', () => {
    expect(of('late_batch').length).toBeGreaterThan(0);
    for (const d of of('late_batch')) {
      const from = Date.parse(d.from as string);
      const to = Date.parse(d.to as string);
      const held = meter(d.device_id).filter((r) => r.t > from && r.t <= to);
      expect(held.length).toBeGreaterThan(4);
      for (const r of held) expect(r.arrival).toBeGreaterThan(to);
    }
  });

  it('resets a replaced meter once, after its time offline', () => {
    expect(of('replacement').length).toBeGreaterThan(0);
    for (const d of of('replacement')) {
      const resets = meter(d.device_id).filter((r) => r.reset);
      expect(resets).toHaveLength(1);
      expect(resets[0]?.t).toBeGreaterThan(Date.parse(d.to as string));
    }
  });

  it('never lets a register go down except on a reset', () => {
    let checked = 0;
    const down: string[] = [];
    for (const readings of fx.byMeter.values()) {
      for (let i = 1; i < readings.length; i++) {
        const r = readings[i] as Reading;
        if (!r.reset && r.reading < (readings[i - 1] as Reading).reading) down.push(`${r.meter} ${r.t}`);
        checked++;
      }
    }
    expect(down).toEqual([]);
    expect(checked).toBeGreaterThan(200 * 2 * 12 * 96 * 0.95);
  });
});

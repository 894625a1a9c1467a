import { TOPICS } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { createScenario } from '../scenario.ts';
import { MINUTE } from '../time.ts';
import { collectTruth, type DeviceConditionTruth, type HouseholdConditionTruth } from './truth.ts';

interface Reading {
  meter_id: string;
  household_id: string;
  ts: string;
  reading: number;
  reset?: boolean;
  arrival: number;
}

// Many planted conditions in a small city, no feed faults: every reading is the meter's own.
const truth = collectTruth();
const scenario = createScenario(
  {
    seed: 5,
    households: 600,
    hours: 48,
    pathologies: { duplicate: 0, outOfOrder: 0, malformed: 0, wrongType: 0, outOfRange: 0, unknownId: 0 },
    plant: {
      incident: 150,
      travel: 100,
      waterRunning: 100,
      meterSilent: 100,
      lateBatch: 100,
      replacement: 100,
      clockSkew: 100,
    },
    streams: {
      weather: false,
      waterLevels: false,
      tickets: false,
      evacuations: false,
      resources: false,
      advisories: false,
    },
  },
  truth,
);
const byMeter = new Map<string, Reading[]>();
for (const r of scenario.events()) {
  const v = JSON.parse(String(r.value)) as Reading;
  v.arrival = r.arrivalTime;
  const list = byMeter.get(v.meter_id) ?? [];
  list.push(v);
  byMeter.set(v.meter_id, list);
}
for (const list of byMeter.values()) list.sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts));
const households = truth.entries.filter((e): e is HouseholdConditionTruth => e.type === 'household');
const devices = truth.entries.filter((e): e is DeviceConditionTruth => e.type === 'device');
const ofKind = <T extends { kind: string }>(list: T[], kind: string) => list.filter((e) => e.kind === kind);
const usage = (list: Reading[], from: number, to: number): number[] => {
  const inside = list.filter((r) => Date.parse(r.ts) > from && Date.parse(r.ts) <= to);
  return inside.slice(1).map((r, i) => r.reading - (inside[i] as Reading).reading);
};
const meterIds = (householdId: string) =>
  [`WM-${householdId.slice(3)}`, `EM-${householdId.slice(3)}`] as const;

describe('planted truth > incidents', () => {
  const incidents = ofKind(households, 'incident');

  it('stops water entirely and electricity down to base load while readings keep coming', () => {
    expect(incidents.length).toBeGreaterThanOrEqual(5);
    for (const incident of incidents) {
      const from = Date.parse(incident.from as string);
      const [wm, em] = meterIds(incident.household_id);
      const water = byMeter.get(wm) ?? [];
      const power = byMeter.get(em) ?? [];
      const after = (list: Reading[]) => list.filter((r) => Date.parse(r.ts) > from);
      // Readings continue every 15 minutes until the end (no gaps unless a device plan says so).
      if (!devices.some((d) => d.household_id === incident.household_id)) {
        expect(after(water).length).toBeGreaterThanOrEqual(
          Math.floor((scenario.end - from) / (15 * MINUTE)) - 1,
        );
      }
      expect(usage(water, from + 15 * MINUTE, scenario.end).every((u) => Math.abs(u) < 1e-9)).toBe(true);
      // Base load only: a fridge's 30-100 W is at most 0.03 kWh a quarter hour (+ rounding).
      expect(usage(power, from + 15 * MINUTE, scenario.end).every((u) => u <= 0.04)).toBe(true);
      // ...where before it the household lived normally (given a day's waking hours to show it:
      // bedtimes move from night to night, so a few hours at night may draw no water).
      if (from - scenario.start >= 16 * 60 * MINUTE)
        expect(usage(water, scenario.start, from).reduce((s, u) => s + u, 0)).toBeGreaterThan(0);
    }
  });

  it('strikes mostly old people living alone', () => {
    expect(incidents.filter((i) => i.lives_alone).length).toBeGreaterThan(incidents.length / 2);
  });
});

describe('planted truth > devices', () => {
  it('silent meters send nothing at all in their window', () => {
    const silent = ofKind(devices, 'silent');
    expect(silent.length).toBeGreaterThan(0);
    for (const s of silent) {
      const from = Date.parse(s.from as string);
      const to = s.to === null ? Number.POSITIVE_INFINITY : Date.parse(s.to);
      const inside = (byMeter.get(s.device_id) ?? []).filter(
        (r) => Date.parse(r.ts) > from && Date.parse(r.ts) <= to,
      );
      expect(inside).toEqual([]);
    }
  });

  it('store-and-forward meters deliver their window in one late batch', () => {
    for (const s of ofKind(devices, 'late_batch').filter((d) => d.household_id !== undefined)) {
      const from = Date.parse(s.from as string);
      const to = Date.parse(s.to as string);
      const inside = (byMeter.get(s.device_id) ?? []).filter(
        (r) => Date.parse(r.ts) > from && Date.parse(r.ts) <= to,
      );
      expect(inside.length).toBeGreaterThan(4);
      expect(inside.every((r) => r.arrival >= to)).toBe(true);
    }
  });

  it('a replaced meter restarts its count with reset: true', () => {
    const replaced = ofKind(devices, 'replacement');
    expect(replaced.length).toBeGreaterThan(0);
    for (const s of replaced) {
      const list = byMeter.get(s.device_id) ?? [];
      const resets = list.filter((r) => r.reset === true);
      expect(resets).toHaveLength(1);
      const reset = resets[0] as Reading;
      expect(Date.parse(reset.ts)).toBeGreaterThan(Date.parse(s.to as string));
      expect(reset.reading).toBeLessThan(list[0]?.reading ?? 0);
    }
  });

  it('readings never go down except at a reset', () => {
    for (const list of byMeter.values()) {
      for (let i = 1; i < list.length; i++) {
        const r = list[i] as Reading;
        if (!r.reset) expect(r.reading).toBeGreaterThanOrEqual((list[i - 1] as Reading).reading);
      }
    }
  });

  it('skewed clocks stamp readings off the quarter hour by their skew', () => {
    for (const s of ofKind(devices, 'clock_skew')) {
      const first = byMeter.get(s.device_id)?.[0] as Reading;
      expect(Math.abs(((Date.parse(first.ts) - (s.skew_s ?? 0) * 1000) % (15 * MINUTE)) / 1000)).toBe(0);
    }
  });
});

describe('planted truth > water left running', () => {
  it('shows water flowing every quarter hour of the window', () => {
    const running = ofKind(households, 'water_running');
    expect(running.length).toBeGreaterThan(0);
    for (const r of running) {
      const from = Date.parse(r.from as string);
      const to = Date.parse(r.to as string);
      const [wm] = meterIds(r.household_id);
      const flows = usage(byMeter.get(wm) ?? [], from + 15 * MINUTE, Math.min(to, scenario.end));
      if (devices.some((d) => d.device_id === wm)) continue;
      expect(flows.every((u) => u >= (r.amount ?? 0) * 0.25 * 0.85)).toBe(true);
    }
  });
});

it('truth and readings carry no phone numbers', () => {
  expect(JSON.stringify(truth.entries)).not.toMatch(/\+86/);
  expect(TOPICS.meterReadings).toBe('city.sensor.meter-readings');
});

import { describe, expect, it } from 'vitest';
import { UtilityError } from './errors.ts';
import { seedHouseholdHours } from './seed-history.ts';
import { HOUR, hourIndex } from './time.ts';
import { SLOT, UsageRing } from './usage-ring.ts';

const H0 = Date.UTC(2026, 8, 13, 16); // 2026-09-14T00:00+08:00
const row = (hour: number | string, over: Record<string, number> = {}) => ({
  hour,
  water_m3: 0.1,
  electricity_kwh: 0.3,
  water_readings: 4,
  electricity_readings: 4,
  in_alert: 0,
  ...over,
});

describe('utility seed history', () => {
  it('puts stored hours back, observed when both meters had enough readings', () => {
    const ring = new UsageRing(48);
    const n = seedHouseholdHours(
      'HH-1',
      ring,
      [row(H0), row('2026-09-14T01:00:00+08:00', { water_readings: 1 })],
      undefined,
      3,
    );
    expect(n).toBe(2);
    const first = ring.at(hourIndex(H0));
    const second = ring.at(hourIndex(H0 + HOUR));
    expect(ring.waterAt(first)).toBeCloseTo(0.1);
    expect(ring.has(first, SLOT.observed)).toBe(true);
    expect(ring.has(second, SLOT.observed)).toBe(false);
  });

  it('keeps an hour of an inactivity alert out of learning', () => {
    const ring = new UsageRing(48);
    seedHouseholdHours('HH-1', ring, [row(H0, { in_alert: 1 })], undefined, 3);
    expect(ring.has(ring.at(hourIndex(H0)), SLOT.excluded)).toBe(true);
  });

  it('records what the stored hours had taken in (unknown: the hours are final)', () => {
    const ring = new UsageRing(48);
    seedHouseholdHours('HH-1', ring, [], { water: H0 + 5, electricity: undefined }, 3);
    expect([ring.seededThroughOf('water'), ring.seededThroughOf('electricity')]).toEqual([
      H0 + 5,
      Number.POSITIVE_INFINITY,
    ]);
  });

  it('refuses a row that does not parse, naming the household', () => {
    const ring = new UsageRing(48);
    const bad = () => seedHouseholdHours('HH-7', ring, [row(H0, { water_m3: -1 })], undefined, 3);
    expect(bad).toThrow(UtilityError);
    expect(bad).toThrow(/HH-7/);
  });
});

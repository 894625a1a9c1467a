import { decoderFor, TOPICS } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { makeFixture } from '../test-fixture.ts';
import { MINUTE, QUARTER } from '../time.ts';
import type { DeviceConditionTruth } from '../truth.ts';

const rates = {
  duplicate: 0.01,
  outOfOrder: 0.01,
  malformed: 0.005,
  wrongType: 0.005,
  outOfRange: 0.005,
  unknownId: 0.005,
};
const fx = makeFixture({ seed: 21, households: 100, days: 4, faults: rates, plant: { clockSkew: 1000 } });
const readings = fx.records.filter((r) => r.topic === TOPICS.meterReadings);
const originals = readings.filter((r) => r.fault === null).length;
const count = (fault: string) => readings.filter((r) => r.fault === fault).length;

describe('feed > fault rates', () => {
  it.each([
    ['duplicate', rates.duplicate],
    ['malformed', rates.malformed],
    ['wrong_type', rates.wrongType],
    ['out_of_range', rates.outOfRange],
    ['unknown_id', rates.unknownId],
  ])('sends %s copies at the planted rate', (fault, rate) => {
    const expected = originals * rate;
    expect(count(fault)).toBeGreaterThan(expected * 0.8);
    expect(count(fault)).toBeLessThan(expected * 1.2);
  });

  it('sends a duplicate as the same bytes, minutes after the original', () => {
    const firstSeen = new Map<string, number>();
    for (const r of readings) {
      if (typeof r.value !== 'string') continue;
      if (r.fault === null) firstSeen.set(r.value, r.arrivalTime);
      if (r.fault === 'duplicate') {
        const at = firstSeen.get(r.value);
        expect(at).toBeDefined();
        expect(r.arrivalTime - (at as number)).toBeGreaterThanOrEqual(MINUTE);
      }
    }
  });

  it('delivers some originals out of order, 2-30 min late, at the planted rate', () => {
    const late = fx.records.filter((r) => {
      if (r.topic !== TOPICS.meterReadings || r.fault !== null || typeof r.value !== 'string') return false;
      const ts = Date.parse((JSON.parse(r.value) as { ts: string }).ts);
      return r.arrivalTime - ts > 2 * MINUTE && r.arrivalTime - ts < 40 * MINUTE;
    }).length;
    expect(late).toBeGreaterThan(originals * rates.outOfOrder * 0.7);
    expect(fx.generation.counts().out_of_order).toBeGreaterThan(originals * rates.outOfOrder * 0.8);
  });

  it('names unknown households only in the unknown-id copies', () => {
    const known = new Set(fx.generation.households.map((h) => h.id));
    for (const r of readings) {
      const decoded = decoderFor(TOPICS.meterReadings)(r.value);
      if (!decoded.ok) continue;
      expect(known.has(decoded.value.household_id), String(r.value)).toBe(r.fault !== 'unknown_id');
    }
  }, 30_000); // ~40k decodes: slow on a loaded machine, not a speed assertion

  it('stamps a skewed meter’s readings off the quarter hour by its skew', () => {
    const skews = fx.truth.filter(
      (e): e is DeviceConditionTruth => e.type === 'device' && e.kind === 'clock_skew',
    );
    expect(skews.length).toBeGreaterThan(5);
    for (const s of skews) {
      const list = fx.byMeter.get(s.device_id) ?? [];
      expect(list.length).toBeGreaterThan(300);
      for (const r of list.slice(0, 20)) {
        const off = (((r.t - (s.skew_s as number) * 1000) % QUARTER) + QUARTER) % QUARTER;
        expect(off).toBe(0);
      }
    }
  });
});

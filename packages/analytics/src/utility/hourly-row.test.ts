import { describe, expect, it } from 'vitest';
import { hourlyRow, modelOf, readingThrough } from './hourly-row.ts';
import { newHousehold } from './household.ts';
import { MeterTrack } from './meter-track.ts';
import { householdInfo } from './testing.ts';
import { HOUR, hourIndex } from './time.ts';
import { SLOT } from './usage-ring.ts';

const H0 = Date.UTC(2026, 8, 13, 16); // 2026-09-14T00:00+08:00

describe('utility hourly row', () => {
  it('writes the hour as the table keys it, with usage rounded and the slot marked emitted', () => {
    const h = newHousehold(householdInfo('HH-1'), 48, {});
    const s = h.ring.ensure(hourIndex(H0));
    h.ring.seed(hourIndex(H0), 0.1234567, 0.5, 4, 5);
    h.ring.mark(s, SLOT.dirty);
    h.ring.mark(s, SLOT.excluded);
    const r = hourlyRow(h, hourIndex(H0), s, H0 + 2 * HOUR, 'learnt');
    expect(r).toMatchObject({
      household_id: 'HH-1',
      hour: '2026-09-14T00:00:00+08:00',
      water_m3: 0.123457,
      water_readings: 4,
      electricity_readings: 5,
      version: H0 + 2 * HOUR,
      model: 'learnt',
      in_alert: 1,
    });
    expect(h.ring.has(s, SLOT.emitted)).toBe(true);
    expect(h.ring.has(s, SLOT.dirty)).toBe(false);
  });

  it('says which readings the row holds: the meter, or the seeded hours if later, or unknown', () => {
    const track = new MeterTrack();
    track.anchorTs = H0 + 30 * 60_000;
    expect(readingThrough(track, Number.NEGATIVE_INFINITY)).toBe('2026-09-14T00:30:00+08:00');
    expect(readingThrough(track, H0 + HOUR)).toBe('2026-09-14T01:00:00+08:00');
    expect(readingThrough(undefined, Number.NEGATIVE_INFINITY)).toBe('1970-01-01T08:00:00+08:00');
    expect(readingThrough(track, Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('writes only the model names the table knows', () => {
    expect(modelOf('default')).toBe('default');
    expect(modelOf('fixed')).toBe('');
    expect(modelOf(undefined)).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { frameOf, parseGeneratorConfig } from './config.ts';
import { HouseholdsError } from './errors.ts';

describe('config > parseGeneratorConfig', () => {
  it('defaults to 2,000 households over 21 days from a Monday midnight', () => {
    const c = parseGeneratorConfig({});
    expect(c).toMatchObject({ seed: 1, households: 2000, days: 21, warmupDays: 0 });
    const f = frameOf(parseGeneratorConfig({ warmupDays: 7 }));
    expect(f.start - f.streamStart).toBe(7 * 86_400_000);
    expect(f.end - f.start).toBe(21 * 86_400_000);
  });

  it('names the field, the value and what was expected', () => {
    expect(() => parseGeneratorConfig({ households: 0 })).toThrow(/households: .*got 0/);
    expect(() => parseGeneratorConfig({ start: '2026-11-02T09:00:00+08:00' })).toThrow(
      /start: a \+08:00 midnight, ISO-8601, got "2026-11-02T09:00:00\+08:00"/,
    );
    expect(() => parseGeneratorConfig({ plant: { incidents: 3 } })).toThrow(/plant/);
  });

  it('throws a HouseholdsError with the INVALID_CONFIG code, not retriable', () => {
    try {
      parseGeneratorConfig({ days: 'three' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(HouseholdsError);
      expect(error).toMatchObject({ code: 'INVALID_CONFIG', retriable: false });
    }
  });
});

import { isoCst } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { HOUR } from './time.ts';

/**
 * The `isoCst` this module had until the utility detector moved to @onegrid/contracts'. Kept
 * here only to prove the move changes no stored text: the utility alert ids (`…:since`), the
 * `hour` key of household_usage_hourly (a ReplacingMergeTree) and `*_reading_through` are
 * written with it, so a different string for the same instant would give a second row or alert
 * after an upgrade.
 */
function formerIsoCst(ms: number): string {
  const iso = new Date(ms + 8 * HOUR).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}+08:00` : `${iso.slice(0, 23)}+08:00`;
}

describe('utility time > one isoCst', () => {
  const at = Date.UTC(2026, 8, 13, 18, 0, 0); // 2026-09-14T02:00:00+08:00

  it('writes every millisecond of a second as before', () => {
    for (let ms = 0; ms < 1000; ms++) expect(isoCst(at + ms)).toBe(formerIsoCst(at + ms));
  });

  it('truncates fractional milliseconds as before (both go through Date)', () => {
    for (const ms of [at + 0.4, at + 0.999, at + 250.5, at - 0.5, at + 999.9999])
      expect(isoCst(ms)).toBe(formerIsoCst(ms));
  });

  it('writes whole hours (the hourly key) and instants spread over a century as before', () => {
    for (let h = -24; h < 24 * 400; h += 7) expect(isoCst(at + h * HOUR)).toBe(formerIsoCst(at + h * HOUR));
    // A fixed-step walk from 1970 to about 2100 through every field (month, day, leap years, ms).
    const step = 1_234_567_891;
    for (let ms = 0; ms < Date.UTC(2100, 0, 1); ms += step) expect(isoCst(ms)).toBe(formerIsoCst(ms));
  });

  it('still refuses what is not an instant (the old one threw RangeError too)', () => {
    expect(() => formerIsoCst(Number.NaN)).toThrow(RangeError);
    expect(() => isoCst(Number.NaN)).toThrow(RangeError);
  });
});

import { isoCstSeconds } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { cstDateCompact, cstHour, cstWeekday, parseInstant } from './time.ts';

describe('time', () => {
  it('formats instants in China Standard Time', () => {
    expect(isoCstSeconds(Date.UTC(2026, 8, 14, 0, 15, 0))).toBe('2026-09-14T08:15:00+08:00');
    expect(isoCstSeconds(Date.UTC(2026, 8, 13, 16, 0, 0))).toBe('2026-09-14T00:00:00+08:00');
  });

  it('reads local hour, weekday and date in +08:00 whatever TZ is', () => {
    const t = parseInstant('2026-09-14T23:30:00+08:00');
    expect(cstHour(t)).toBe(23.5);
    expect(cstWeekday(t)).toBe(1);
    expect(cstDateCompact(t)).toBe('20260914');
  });

  it('refuses a time without an offset', () => {
    expect(() => parseInstant('2026-09-14T08:00:00')).toThrow(RangeError);
  });
});

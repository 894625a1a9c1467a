import { describe, expect, it } from 'vitest';
import { formatAge, formatClock, formatCount, formatDuration, formatHm, formatRate } from './format.ts';

describe('format', () => {
  it('shows Beijing time whatever the zone the test runs in (TZ=UTC)', () => {
    expect(formatClock(Date.parse('2026-09-14T01:02:03Z'))).toBe('09:02:03');
    expect(formatHm('2026-09-14T23:30:00+08:00')).toBe('23:30');
  });
  it('groups counts and rounds', () => {
    expect(formatCount(1234567.4)).toBe('1,234,567');
  });
  it('shows rates as percent and unknown as a dash', () => {
    expect(formatRate(0.9342)).toBe('93.4%');
    expect(formatRate(null)).toBe('—');
  });
  it('picks the unit of a duration', () => {
    expect(formatDuration(42)).toBe('42秒');
    expect(formatDuration(150)).toBe('2.5分钟');
    expect(formatDuration(1800)).toBe('30分钟');
    expect(formatDuration(5400)).toBe('1.5小时');
  });
  it('says how long ago', () => {
    expect(formatAge(12_400)).toBe('12秒前');
    expect(formatAge(3 * 60_000 + 5)).toBe('3分钟前');
    expect(formatAge(7_300_000)).toBe('2小时前');
  });
});

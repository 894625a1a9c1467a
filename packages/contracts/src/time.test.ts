import { describe, expect, it } from 'vitest';
import { isoCst, isoCstMillis, isoCstSeconds, timestamp, toEpochMs } from './time.ts';

describe('time > timestamp', () => {
  it.each([
    '2026-09-14T08:15:00+08:00',
    '2026-09-14T00:15:00Z',
    '2026-09-14T08:15:00.123+08:00',
    '2026-09-14T08:15:00-03:30',
    '2028-02-29T12:00:00+08:00',
    `2026-09-14T08:15:00.${'1'.repeat(38)}+08:00`,
  ])('accepts %s', (ts) => {
    expect(timestamp.safeParse(ts).success).toBe(true);
  });

  it.each([
    ['no offset', '2026-09-14T08:15:00'],
    ['a space instead of T', '2026-09-14 08:15:00+08:00'],
    ['no seconds', '2026-09-14T08:15+08:00'],
    ['a day that does not exist', '2026-02-30T08:15:00+08:00'],
    ['29 February of a common year', '2026-02-29T08:15:00+08:00'],
    ['hour 24', '2026-09-14T24:00:00+08:00'],
    ['an offset without a colon', '2026-09-14T08:15:00+0800'],
    ['a date only', '2026-09-14'],
    ['epoch milliseconds as text', '1789344900000'],
    ['a fraction past 64 characters in all', `2026-09-14T08:15:00.${'1'.repeat(39)}+08:00`],
    ['a 70 KB fraction', `2026-09-14T08:15:00.${'1'.repeat(70_000)}+08:00`],
  ])('rejects %s', (_, ts) => {
    expect(timestamp.safeParse(ts).success).toBe(false);
  });

  it('rejects a number', () => {
    expect(timestamp.safeParse(1789344900000).success).toBe(false);
  });
});

describe('time > toEpochMs', () => {
  it('reads a +08:00 time', () => {
    expect(toEpochMs('2026-09-14T08:15:00+08:00')).toBe(Date.UTC(2026, 8, 14, 0, 15, 0));
  });

  it('reads a Z time', () => {
    expect(toEpochMs('2026-09-14T00:15:00Z')).toBe(Date.UTC(2026, 8, 14, 0, 15, 0));
  });

  it('gives the same instant for the same moment in different offsets', () => {
    expect(toEpochMs('2026-09-14T08:15:00+08:00')).toBe(toEpochMs('2026-09-13T20:45:00-03:30'));
  });

  it('crosses midnight and year ends through the offset', () => {
    expect(toEpochMs('2027-01-01T07:59:59+08:00')).toBe(Date.UTC(2026, 11, 31, 23, 59, 59));
  });

  it('keeps milliseconds and truncates finer digits', () => {
    expect(toEpochMs('2026-09-14T08:15:00.5+08:00') % 1000).toBe(500);
    expect(toEpochMs('2026-09-14T08:15:00.123987Z') % 1000).toBe(123);
  });

  it('handles leap days', () => {
    expect(toEpochMs('2028-02-29T00:00:00Z')).toBe(Date.UTC(2028, 1, 29));
  });

  it('agrees with Date across three centuries and every offset', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const from = Date.UTC(1900, 0, 1);
    const to = Date.UTC(2200, 0, 1);
    for (let i = 0; i < 2000; i++) {
      const ms = from + Math.floor(random() * (to - from));
      const offsetMin = -720 + 15 * Math.floor(random() * 113);
      const abs = Math.abs(offsetMin);
      const zone = `${offsetMin < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
      const local = new Date(ms + offsetMin * 60_000).toISOString().slice(0, 23);
      expect(toEpochMs(`${local}${zone}`)).toBe(ms);
      expect(toEpochMs(new Date(ms).toISOString())).toBe(ms);
    }
  });

  it.each([
    '',
    'garbage',
    '2026-09-14T08:15:00',
    '2026-09-14T08:15:00+08',
    '2026-09-14T08:15:00.Z',
    'x026-09-14T08:15:00Z',
  ])('returns NaN for %j', (ts) => {
    expect(toEpochMs(ts)).toBeNaN();
  });
});

describe('time > isoCst', () => {
  const at = Date.UTC(2026, 8, 14, 0, 15, 0); // 2026-09-14T08:15:00+08:00

  it('writes a whole second without milliseconds, as the contract examples do', () => {
    expect(isoCst(at)).toBe('2026-09-14T08:15:00+08:00');
  });

  it('writes milliseconds only when there are some', () => {
    expect(isoCst(at + 250)).toBe('2026-09-14T08:15:00.250+08:00');
    expect(isoCst(at + 7)).toBe('2026-09-14T08:15:00.007+08:00');
  });

  it('crosses the date line of +08:00', () => {
    expect(isoCst(Date.UTC(2026, 11, 31, 16, 0, 0))).toBe('2027-01-01T00:00:00+08:00');
  });

  it('round-trips through toEpochMs and timestamp', () => {
    for (const ms of [at, at + 1, at + 999, Date.UTC(2028, 1, 28, 16, 0, 0)]) {
      expect(toEpochMs(isoCst(ms))).toBe(ms);
      expect(timestamp.safeParse(isoCst(ms)).success).toBe(true);
    }
  });

  it('round-trips a feed string exactly', () => {
    expect(isoCst(toEpochMs('2026-09-14T08:15:00+08:00'))).toBe('2026-09-14T08:15:00+08:00');
  });

  it('refuses an instant that is not a number', () => {
    expect(() => isoCst(Number.NaN)).toThrow(RangeError);
  });
});

describe('time > isoCstSeconds', () => {
  it('truncates to the whole second, never rounding up', () => {
    expect(isoCstSeconds(Date.UTC(2026, 8, 14, 0, 15, 59, 999))).toBe('2026-09-14T08:15:59+08:00');
    expect(isoCstSeconds(Date.UTC(2026, 8, 14, 0, 15, 0))).toBe('2026-09-14T08:15:00+08:00');
  });
});

describe('time > isoCstMillis', () => {
  it('always writes three digits of milliseconds', () => {
    expect(isoCstMillis(Date.UTC(2026, 8, 14, 0, 15, 0))).toBe('2026-09-14T08:15:00.000+08:00');
    expect(isoCstMillis(Date.UTC(2026, 8, 14, 0, 15, 0, 42))).toBe('2026-09-14T08:15:00.042+08:00');
  });
});

import { describe, expect, it } from 'vitest';
import { byBucket, byGroup, startOfDayCst, startOfWeekCst, summarise } from './aggregate.ts';
import type { KpiRow } from './api.ts';

function row(over: Partial<KpiRow>): KpiRow {
  return {
    bucket: '2026-09-14T00:00:00.000+08:00',
    district: '310101',
    reported: 10,
    resolved: 8,
    open: 2,
    overdue: 1,
    on_time_rate: 0.75,
    satisfaction_rate: 0.5,
    p50_response_s: 600,
    p90_response_s: 3600,
    ...over,
  };
}

describe('kpi aggregate > summarise', () => {
  it('keeps a single row as it is and adds the resolution rate', () => {
    expect(summarise('x', [row({})])).toEqual({
      key: 'x',
      reported: 10,
      resolved: 8,
      overdue: 1,
      resolution_rate: 0.8,
      on_time_rate: 0.75,
      satisfaction_rate: 0.5,
      p50_response_s: 600,
      p90_response_s: 3600,
    });
  });

  it('weights rates by resolved tickets and drops percentiles when adding rows', () => {
    const s = summarise('x', [row({ resolved: 8, on_time_rate: 1 }), row({ resolved: 2, on_time_rate: 0 })]);
    expect(s.on_time_rate).toBeCloseTo(0.8);
    expect(s.reported).toBe(20);
    expect(s.p90_response_s).toBeNull();
  });

  it('uses numerators and denominators exactly when the rows carry them', () => {
    const s = summarise('x', [
      row({ on_time: 1, late: 3, rated: 4, satisfied: 4, resolved: 100 }),
      row({ on_time: 3, late: 1, rated: 0, satisfied: 0, resolved: 1 }),
    ]);
    expect(s.on_time_rate).toBe(0.5);
    expect(s.satisfaction_rate).toBe(1);
  });

  it('has no rate when nothing counts towards it', () => {
    expect(
      summarise('x', [row({ on_time_rate: null, satisfaction_rate: null, reported: 0, resolved: 0 })]),
    ).toMatchObject({
      on_time_rate: null,
      satisfaction_rate: null,
      resolution_rate: null,
    });
  });
});

describe('kpi aggregate > byGroup and byBucket', () => {
  const rows = [
    row({ district: 'a', bucket: '2026-09-14T00:00:00.000+08:00' }),
    row({ district: 'b', bucket: '2026-09-14T00:00:00.000+08:00', reported: 5 }),
    row({ district: 'a', bucket: '2026-09-13T00:00:00.000+08:00', reported: 1 }),
  ];
  it('sums each group over buckets', () => {
    expect(byGroup(rows, 'district').map((s) => [s.key, s.reported])).toEqual([
      ['a', 11],
      ['b', 5],
    ]);
  });
  it('sums each bucket over groups, oldest first', () => {
    expect(byBucket(rows).map((s) => [s.key.slice(0, 10), s.reported])).toEqual([
      ['2026-09-13', 1],
      ['2026-09-14', 15],
    ]);
  });
});

describe('kpi aggregate > Beijing calendar', () => {
  it('starts the day at Beijing midnight', () => {
    expect(new Date(startOfDayCst(Date.parse('2026-09-14T01:30:00+08:00'))).toISOString()).toBe(
      '2026-09-13T16:00:00.000Z',
    );
  });
  it('starts the week on Monday (2026-09-14 is a Monday)', () => {
    const monday = '2026-09-13T16:00:00.000Z';
    expect(new Date(startOfWeekCst(Date.parse('2026-09-14T00:00:00+08:00'))).toISOString()).toBe(monday);
    expect(new Date(startOfWeekCst(Date.parse('2026-09-20T23:59:00+08:00'))).toISOString()).toBe(monday);
  });
});

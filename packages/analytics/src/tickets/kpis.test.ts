import { isoCst } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { ticketFeed } from './feed.ts';
import { durationStats, ticketKpis, ticketKpisBy } from './kpis.ts';
import type { TicketRow } from './rows.ts';
import { at } from './test-support.ts';

let n = 0;
function row(over: Partial<TicketRow>): TicketRow {
  n++;
  return {
    ticket_id: `T-${n}`,
    district: '310101',
    street: '310101002',
    category: 'noise',
    source: 'app',
    priority: 'normal',
    department: 'DEPT-URBAN-MGMT',
    status: 'closed',
    reported_at: isoCst(at(0)),
    accepted_at: null,
    dispatched_at: null,
    first_resolved_at: null,
    resolved_at: isoCst(at(60)),
    feedback_at: null,
    rated_at: null,
    closed_at: null,
    cancelled_at: null,
    reopened: 0,
    satisfaction: null,
    limit_s: 604_800,
    deadline: isoCst(at(7 * 24 * 60)),
    on_time: true,
    overdue: false,
    accept_s: null,
    dispatch_s: null,
    resolve_s: null,
    feedback_s: null,
    rate_s: null,
    version: 1,
    ...over,
  };
}

/** R-7 (Hyndman & Fan type 7) written out independently: h = (n − 1)p, interpolate. */
function r7(values: number[], p: number): number {
  const x = [...values].sort((a, b) => a - b);
  const h = (x.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, x.length - 1);
  return (x[lo] as number) + (h - lo) * ((x[hi] as number) - (x[lo] as number));
}

describe('tickets > durationStats', () => {
  it('gives R-7 percentiles on a small sample (worked by hand)', () => {
    // sorted 10 20 30 40 50: p50 → h = 2 → 30; p90 → h = 3.6 → 40 + 0.6·10 = 46; p99 → h = 3.96 → 49.6
    const s = durationStats([50, 10, null, 40, 20, 30]);
    expect(s.n).toBe(5);
    expect(s.p50).toBe(30);
    expect(s.p90).toBeCloseTo(46, 10);
    expect(s.p99).toBeCloseTo(49.6, 10);
  });

  it('agrees with an independent R-7 on an uneven sample', () => {
    const sample = [7, 300, 12, 12, 45, 1800, 90, 3, 600, 61, 75];
    const s = durationStats(sample);
    expect(s.p50).toBeCloseTo(r7(sample, 0.5), 10);
    expect(s.p90).toBeCloseTo(r7(sample, 0.9), 10);
    expect(s.p99).toBeCloseTo(r7(sample, 0.99), 10);
  });

  it('gives nulls for no values and the value itself for one', () => {
    expect(durationStats([null])).toEqual({ n: 0, p50: null, p90: null, p99: null });
    expect(durationStats([42])).toEqual({ n: 1, p50: 42, p90: 42, p99: 42 });
  });
});

describe('tickets > ticketKpis', () => {
  const rows = [
    row({ satisfaction: 5, resolve_s: 3600, on_time: true }),
    row({ satisfaction: 4, resolve_s: 7200, on_time: false }),
    row({ satisfaction: 2, resolve_s: 1800, on_time: true }),
    row({ status: 'resolved', resolve_s: 600, on_time: true }), // resolved, not rated
    row({ status: 'dispatched', resolved_at: null, on_time: null }), // open, not late yet
    row({ status: 'accepted', resolved_at: null, on_time: false, overdue: true }), // open and late
    row({ status: 'cancelled', resolved_at: null, on_time: null }),
    row({ status: 'reopened', satisfaction: 1, on_time: null }), // rated, then reopened
  ];

  it('keeps the department-reported resolution rate apart from the rating-confirmed one', () => {
    const k = ticketKpis(rows);
    expect(k).toMatchObject({
      reported: 8,
      cancelled: 1,
      open: 3,
      resolved: 4,
      overdue: 1,
      rated: 4,
      satisfied: 2,
    });
    expect(k.resolutionRate).toBeCloseTo(4 / 7, 12);
    expect(k.confirmedResolutionRate).toBeCloseTo(2 / 7, 12);
  });

  it('computes 满意率 over rated tickets and 按时办结率 over tickets whose on_time is known', () => {
    const k = ticketKpis(rows);
    expect(k.satisfactionRate).toBeCloseTo(2 / 4, 12);
    expect(k.meanSatisfaction).toBeCloseTo((5 + 4 + 2 + 1) / 4, 12);
    expect(k.onTimeKnown).toBe(5);
    expect(k.onTimeRate).toBeCloseTo(3 / 5, 12);
    expect(k.durations.resolve_s.n).toBe(4);
    expect(k.durations.resolve_s.p50).toBeCloseTo(r7([3600, 7200, 1800, 600], 0.5), 10);
  });

  it('gives null rates for an empty group', () => {
    const k = ticketKpis([]);
    expect([k.onTimeRate, k.resolutionRate, k.satisfactionRate]).toEqual([null, null, null]);
  });

  it('groups by department, null last', () => {
    const groups = ticketKpisBy(
      [
        row({ department: 'DEPT-B' }),
        row({ department: null }),
        row({ department: 'DEPT-A' }),
        row({ department: 'DEPT-B' }),
      ],
      'department',
    );
    expect(groups.map((g) => [g.key, g.kpis.reported])).toEqual([
      ['DEPT-A', 1],
      ['DEPT-B', 2],
      [null, 1],
    ]);
  });
});

describe('tickets > ticketFeed', () => {
  it('counts the tickets reported in the 24 hours up to asOf, in all and per district', () => {
    const asOf = at(24 * 60);
    const feed = ticketFeed(
      [
        row({ reported_at: isoCst(at(0)) }), // exactly 24 h before: outside
        row({ reported_at: isoCst(at(1)), accept_s: 100 }),
        row({
          reported_at: isoCst(at(600)),
          district: '310104',
          accept_s: 300,
          status: 'accepted',
          resolved_at: null,
        }),
        row({ reported_at: isoCst(at(24 * 60 + 1)) }), // after asOf: outside
      ],
      asOf,
    );
    expect(Object.keys(feed).sort()).toEqual(['310101', '310104', 'all']);
    expect(feed.all).toMatchObject({ reported: 2, open: 1, resolved: 1, p50_response_s: 200, window: '24h' });
    expect(feed['310104']).toMatchObject({ reported: 1, open: 1, p90_response_s: 300 });
  });
});

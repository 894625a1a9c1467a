import type { ResourceStatus } from '@onegrid/contracts';
import { isoCst } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { compareResources } from './compare.ts';
import { resourcesFeed } from './feed.ts';
import { ResourceBook } from './resource-book.ts';

const T0 = Date.UTC(2026, 8, 14, 0, 0, 0);
function st(
  id: string,
  status: ResourceStatus['status'],
  minutes: number,
  over: Partial<ResourceStatus> = {},
) {
  return {
    resource_id: id,
    ts: isoCst(T0 + minutes * 60_000),
    type: 'boat',
    status,
    district: '310101',
    quantity: 1,
    ...over,
  } satisfies ResourceStatus;
}

describe('emergency > ResourceBook', () => {
  it('keeps the latest status by event time: an older one arriving late does not overwrite it', () => {
    const book = new ResourceBook();
    expect(book.apply(st('RS-BOAT-001', 'available', 0))).toBe('accepted');
    expect(book.apply(st('RS-BOAT-001', 'on_site', 60, { district: '310104' }))).toBe('accepted');
    expect(book.apply(st('RS-BOAT-001', 'dispatched', 30))).toBe('superseded');
    expect(book.apply(st('RS-BOAT-001', 'on_site', 60, { district: '310104' }))).toBe('duplicate');
    expect(book.get('RS-BOAT-001')).toMatchObject({ status: 'on_site', district: '310104' });
  });

  it('breaks a tie at the same time the same way in any arrival order', () => {
    const a = st('RS-PUMP-001', 'returning', 10, { type: 'pump' });
    const b = st('RS-PUMP-001', 'out_of_service', 10, { type: 'pump' });
    const ab = new ResourceBook();
    ab.apply(a);
    ab.apply(b);
    const ba = new ResourceBook();
    ba.apply(b);
    ba.apply(a);
    expect(ab.get('RS-PUMP-001')?.status).toBe('out_of_service');
    expect(ba.get('RS-PUMP-001')?.status).toBe('out_of_service');
  });

  it('counts quantities by type and status, and by district', () => {
    const book = new ResourceBook();
    book.apply(st('RS-TEAM-001', 'on_site', 5, { type: 'rescue_team', quantity: 12, district: '310104' }));
    book.apply(st('RS-TEAM-002', 'available', 5, { type: 'rescue_team', quantity: 8 }));
    book.apply(st('RS-BOAT-001', 'dispatched', 5, { district: '310104' }));
    const feed = resourcesFeed(book);
    expect(Object.keys(feed)).toHaveLength(7);
    expect(feed.rescue_team).toEqual({
      type: 'rescue_team',
      by_status: { available: 8, dispatched: 0, on_site: 12, returning: 0, out_of_service: 0 },
    });
    expect(feed.generator?.by_status.available).toBe(0);
    expect(book.byDistrict()['310104']).toMatchObject({ on_site: 12, dispatched: 1 });
  });

  it('sums the books of several partitions', () => {
    const a = new ResourceBook();
    const b = new ResourceBook();
    a.apply(st('RS-BOAT-001', 'available', 0));
    b.apply(st('RS-BOAT-002', 'available', 0));
    b.apply(st('RS-PUMP-001', 'on_site', 0, { type: 'pump', quantity: 2 }));
    const feed = resourcesFeed([a, b]);
    expect(feed.boat?.by_status.available).toBe(2);
    expect(feed.pump?.by_status.on_site).toBe(2);
  });

  it('refuses an unknown district when told which are known', () => {
    const book = new ResourceBook({ isKnownDistrict: (d) => d !== '310199' });
    expect(book.apply(st('RS-BOAT-001', 'available', 0, { district: '310199' }))).toBe('unknown_id');
    expect(book.current()).toEqual([]);
  });

  it('reports the oldest current status as what a replay must start from', () => {
    const book = new ResourceBook();
    book.apply(st('RS-BOAT-001', 'available', 0), 3);
    book.apply(st('RS-BOAT-002', 'available', 20), 1);
    book.apply(st('RS-BOAT-001', 'dispatched', 40), 5);
    expect(book.oldestNeededTime()).toBe(T0 + 20 * 60_000);
    expect(book.oldestNeededPosition()).toBe(1);
  });

  it('compares with truth entries: none when equal, each difference otherwise', () => {
    const book = new ResourceBook();
    book.apply(st('RS-BOAT-001', 'on_site', 5, { district: '310104' }));
    const truth = [
      {
        type: 'resource' as const,
        resource_id: 'RS-BOAT-001',
        resource_type: 'boat',
        final_status: 'on_site',
        final_district: '310104',
      },
      {
        type: 'resource' as const,
        resource_id: 'RS-BOAT-009',
        resource_type: 'boat',
        final_status: 'unknown',
        final_district: '310101',
      },
    ];
    expect(compareResources(book.current(), truth)).toEqual([]);
    const wrong = [{ ...truth[0], final_status: 'returning' } as (typeof truth)[number]];
    expect(compareResources(book.current(), wrong)).toEqual([
      { path: 'resource.RS-BOAT-001.status', expected: 'returning', actual: 'on_site' },
    ]);
  });
});

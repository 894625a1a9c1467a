import { describe, expect, it } from 'vitest';
import { resourcesByType } from './resources-value.ts';

const at = (iso: string) => Date.parse(iso);

describe('live > resourcesByType', () => {
  it('per type, every known status (0 when none), summed; as of the newest change', () => {
    const { data, asOf } = resourcesByType([
      { type: 'boat', status: 'available', quantity: 1, ts: at('2026-09-14T09:00:00+08:00') },
      { type: 'boat', status: 'dispatched', quantity: 2, ts: at('2026-09-14T09:30:00+08:00') },
      { type: 'boat', status: 'dispatched', quantity: 1, ts: at('2026-09-14T08:00:00+08:00') },
      { type: 'pump', status: 'on_site', quantity: 4, ts: at('2026-09-14T07:00:00+08:00') },
    ]);
    expect(data).toEqual({
      boat: {
        type: 'boat',
        by_status: { available: 1, dispatched: 3, on_site: 0, returning: 0, out_of_service: 0 },
      },
      pump: {
        type: 'pump',
        by_status: { available: 0, dispatched: 0, on_site: 4, returning: 0, out_of_service: 0 },
      },
    });
    expect(asOf).toBe('2026-09-14T09:30:00.000+08:00');
  });

  it('leaves out a status the contract does not know, and has no time without counts', () => {
    const { data } = resourcesByType([{ type: 'boat', status: 'sunk', quantity: 1, ts: 0 }]);
    expect(data.boat?.by_status).not.toHaveProperty('sunk');
    expect(resourcesByType([])).toEqual({ data: {}, asOf: undefined });
  });
});

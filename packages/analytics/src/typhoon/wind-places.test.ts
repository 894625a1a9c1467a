import { describe, expect, it } from 'vitest';
import { windPlaces } from './wind-places.ts';

describe('windPlaces', () => {
  const station = { station_id: 'AWS-1', lat: 31.2, lon: 121.5 };
  const gauge = { gauge_id: 'WL-1', lat: 31.0, lon: 121.9 };

  it('takes the stations when the district has any, and only their positions', () => {
    expect(windPlaces({ stations: [station], gauges: [gauge] })).toEqual([{ lat: 31.2, lon: 121.5 }]);
  });

  it('falls back to the gauges, then to nothing', () => {
    expect(windPlaces({ stations: [], gauges: [gauge] })).toEqual([{ lat: 31.0, lon: 121.9 }]);
    expect(windPlaces({ stations: [], gauges: [] })).toEqual([]);
  });
});

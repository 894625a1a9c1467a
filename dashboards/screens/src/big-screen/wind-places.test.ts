import { describe, expect, it } from 'vitest';
import { placesByDistrict } from './wind-places.ts';

describe('wind places > placesByDistrict', () => {
  const stations = {
    stations: [
      { station_id: 'AWS-1', name: 's1', district: '310115', lat: 31.2, lon: 121.5 },
      { station_id: 'AWS-2', name: 's2', district: '310115', lat: 31.0, lon: 121.8 },
    ],
  };
  const gauges = {
    gauges: [
      { gauge_id: 'WL-1', district: '310115', lat: 31.1, lon: 121.6 },
      { gauge_id: 'WL-2', district: '310151', lat: 31.6, lon: 121.4 },
    ],
  };

  it("takes a district's stations, as the score does, not its gauges", () => {
    expect(placesByDistrict(stations, gauges).get('310115')).toEqual([
      { lat: 31.2, lon: 121.5 },
      { lat: 31.0, lon: 121.8 },
    ]);
  });

  it('takes the gauges of a district without a station', () => {
    expect(placesByDistrict(stations, gauges).get('310151')).toEqual([{ lat: 31.6, lon: 121.4 }]);
  });

  it('drops rows without a district or a position, and reads a body without rows as none', () => {
    const bad = { stations: [{ station_id: 'AWS-9', lat: 'x', lon: 121 }, { district: '310101' }] };
    expect(placesByDistrict(bad, {}).size).toBe(0);
    expect(placesByDistrict(null, 'nonsense').size).toBe(0);
  });
});

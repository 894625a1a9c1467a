import type { LatLon } from './wind-circle.ts';

/**
 * Where a district meets the wind circles (风圈到达), for the score and the screen's countdown
 * alike: its weather stations, which measure the wind the circle brings and against which the
 * forecast is scored (test/scoring/score-wind-arrival.ts); with no station, its gauges. Not the
 * centroid: a district 60 km across (浦东, 崇明) feels the wind where its first station does,
 * hours before the circle reaches its middle.
 */
export function windPlaces(devices: {
  readonly stations: readonly LatLon[];
  readonly gauges: readonly LatLon[];
}): LatLon[] {
  const from = devices.stations.length > 0 ? devices.stations : devices.gauges;
  return from.map((d) => ({ lat: d.lat, lon: d.lon }));
}

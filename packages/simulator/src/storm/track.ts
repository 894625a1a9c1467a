/**
 * The typhoon's track and intensity over time. Waypoints are hours relative to landfall:
 * the storm comes up from the south-east over the East China Sea, lands near 南汇嘴 (Lingang),
 * crosses the city towards the north-west and fills over Jiangsu, about as 2024's Bebinca did.
 * The seed nudges the landfall point and the depth of the low so each seed is its own storm.
 */
import { bearingDeg, distanceKm } from '../geo/polygon.ts';
import type { Rng } from '../rng.ts';
import { HOUR } from '../time.ts';

export interface StormState {
  lon: number;
  lat: number;
  /** Central pressure, hPa. */
  pressureHpa: number;
  /** Radius of maximum winds, km. */
  rmaxKm: number;
  /** Translation speed, m/s, and heading, degrees clockwise from north. */
  speedMs: number;
  headingDeg: number;
  /** True once the eye is over land. */
  landed: boolean;
}

export interface StormTrack {
  name: string;
  landfall: number;
  /** Ambient (environmental) pressure, hPa. */
  ambientHpa: number;
  at(t: number): StormState;
}

interface Waypoint {
  h: number;
  lat: number;
  lon: number;
  hpa: number;
  rmax: number;
}

const WAYPOINTS: readonly Waypoint[] = [
  { h: -96, lat: 21.2, lon: 131.0, hpa: 985, rmax: 45 },
  { h: -60, lat: 24.0, lon: 128.6, hpa: 955, rmax: 35 },
  { h: -36, lat: 26.7, lon: 126.0, hpa: 945, rmax: 32 },
  { h: -18, lat: 28.8, lon: 123.9, hpa: 948, rmax: 34 },
  { h: -6, lat: 30.1, lon: 122.7, hpa: 955, rmax: 36 },
  { h: 0, lat: 30.86, lon: 121.88, hpa: 962, rmax: 38 },
  { h: 6, lat: 31.12, lon: 121.3, hpa: 972, rmax: 42 },
  { h: 12, lat: 31.38, lon: 120.75, hpa: 980, rmax: 48 },
  { h: 24, lat: 31.9, lon: 119.7, hpa: 990, rmax: 60 },
  { h: 48, lat: 33.2, lon: 118.2, hpa: 1000, rmax: 80 },
  { h: 120, lat: 36.0, lon: 116.0, hpa: 1006, rmax: 100 },
];

export function createTrack(landfall: number, rng: Rng, name = 'SIM-2614'): StormTrack {
  const dLat = rng.range(-0.12, 0.12);
  const dLon = rng.range(-0.12, 0.12);
  const dHpa = rng.range(-6, 6);
  const ambientHpa = 1008;
  const position = (h: number): Waypoint => {
    const first = WAYPOINTS[0] as Waypoint;
    const last = WAYPOINTS[WAYPOINTS.length - 1] as Waypoint;
    if (h <= first.h) return first;
    if (h >= last.h) return last;
    let i = 0;
    while ((WAYPOINTS[i + 1] as Waypoint).h < h) i++;
    const a = WAYPOINTS[i] as Waypoint;
    const b = WAYPOINTS[i + 1] as Waypoint;
    const f = (h - a.h) / (b.h - a.h);
    const mix = (x: number, y: number) => x + (y - x) * f;
    return {
      h,
      lat: mix(a.lat, b.lat),
      lon: mix(a.lon, b.lon),
      hpa: mix(a.hpa, b.hpa),
      rmax: mix(a.rmax, b.rmax),
    };
  };
  return {
    name,
    landfall,
    ambientHpa,
    at(t) {
      const h = (t - landfall) / HOUR;
      const p = position(h);
      const q = position(h + 1);
      const speedMs = (distanceKm(p.lon, p.lat, q.lon, q.lat) * 1000) / 3600;
      // The seed's nudge fades out far from landfall so the far track stays over the sea.
      const near = Math.exp(-((h / 30) ** 2));
      return {
        lon: p.lon + dLon * near,
        lat: p.lat + dLat * near,
        pressureHpa: Math.min(ambientHpa - 2, p.hpa + dHpa * near),
        rmaxKm: p.rmax,
        speedMs,
        headingDeg: bearingDeg(p.lon, p.lat, q.lon, q.lat),
        landed: h >= 0,
      };
    },
  };
}

/**
 * Wind and pressure at a point from a Holland (1980) parametric profile:
 *   V(r) = sqrt( B/ρ · (Rmax/r)^B · ΔP · exp(-(Rmax/r)^B) + (r f / 2)^2 ) - r f / 2
 *   p(r) = pc + ΔP · exp(-(Rmax/r)^B)
 * plus half the storm's forward speed on the right of its track (the dangerous semicircle),
 * a 20° inflow angle, and a surface reduction from gradient level (more over land).
 */
import { bearingDeg, distanceKm } from '../geo/polygon.ts';
import type { StormState } from './track.ts';

const HOLLAND_B = 1.35;
const AIR_DENSITY = 1.15;
const OMEGA = 7.292e-5;
const INFLOW_DEG = 20;
const RAD = Math.PI / 180;

export interface WindSample {
  /** 2-minute mean wind at 10 m, m/s. */
  speedMs: number;
  /** Direction the wind blows from, degrees. */
  fromDeg: number;
  pressureHpa: number;
  /** Distance to the eye, km. */
  distanceKm: number;
  /** Bearing from the eye to the point, degrees. */
  bearingDeg: number;
}

export function windAt(
  storm: StormState,
  ambientHpa: number,
  lon: number,
  lat: number,
  exposed: boolean,
): WindSample {
  const rKm = Math.max(1, distanceKm(storm.lon, storm.lat, lon, lat));
  const r = rKm * 1000;
  const dp = Math.max(0, (ambientHpa - storm.pressureHpa) * 100);
  const x = (storm.rmaxKm / rKm) ** HOLLAND_B;
  const e = Math.exp(-x);
  const rf2 = (r * 2 * OMEGA * Math.sin(lat * RAD)) / 2;
  const gradient = Math.sqrt((HOLLAND_B / AIR_DENSITY) * x * dp * e + rf2 * rf2) - rf2;
  const theta = bearingDeg(storm.lon, storm.lat, lon, lat);
  // Counter-clockwise flow: the air moves towards theta - 90°, turned inwards by the inflow angle.
  const towards = theta - 90 - INFLOW_DEG;
  const rightOfTrack = Math.cos((theta - storm.headingDeg - 90) * RAD);
  const translation = 0.5 * storm.speedMs * rightOfTrack * Math.min(1, gradient / 15);
  const surface = exposed ? 0.62 : 0.54;
  return {
    speedMs: Math.max(0, (gradient + translation) * surface),
    fromDeg: (((towards + 180) % 360) + 360) % 360,
    pressureHpa: storm.pressureHpa + (ambientHpa - storm.pressureHpa) * e,
    distanceKm: rKm,
    bearingDeg: theta,
  };
}

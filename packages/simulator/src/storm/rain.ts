/**
 * Rain rate from distance to the eye: a heavy eyewall ring just outside Rmax, a broad outer
 * shield, and spiral rain bands (a logarithmic spiral in storm-relative polar coordinates), all
 * scaled by how deep the low is. Rain outlives wind after landfall, so the depth used for rain
 * does not fall below a floor.
 */

import type { StormState } from './track.ts';
import type { WindSample } from './wind.ts';

const EYEWALL_MM_H = 16;
const SHIELD_MM_H = 5;
const RAD = Math.PI / 180;

export function rainRateAt(storm: StormState, ambientHpa: number, wind: WindSample): number {
  const depth = Math.max(ambientHpa - storm.pressureHpa, 22) / 55;
  const r = wind.distanceKm;
  const rm = storm.rmaxKm;
  const eyewall = EYEWALL_MM_H * Math.exp(-(((r - 1.2 * rm) / (0.8 * rm)) ** 2));
  const shield = SHIELD_MM_H * Math.exp(-r / 230);
  const spiral = Math.cos(2 * (wind.bearingDeg * RAD + 1.4 * Math.log(Math.max(r, 5) / rm)));
  const bands = 0.3 + 1.1 * Math.max(0, spiral);
  const rate = depth * (eyewall + shield * bands);
  return r > 900 ? 0 : rate;
}

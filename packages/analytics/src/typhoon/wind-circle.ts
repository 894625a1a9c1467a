/**
 * Where a typhoon's wind circles are along its forecast track: great-circle distance, the
 * quadrant a place lies in from the centre, and the centre at any time between track points.
 * Pure geometry, no time source: every time is a parameter (epoch ms).
 */

/** The mean Earth radius (IUGG), km. */
const EARTH_KM = 6371.0088;
const RAD = Math.PI / 180;

export interface LatLon {
  lat: number;
  lon: number;
}

/** A wind circle's radius in each quadrant, km, as the advisories give it (7级/10级 风圈). */
export interface Quadrants {
  ne: number;
  se: number;
  sw: number;
  nw: number;
}

/** The centre at time `t` (epoch ms). */
export interface TrackPoint extends LatLon {
  t: number;
}

/** Great-circle (haversine) distance, km. Typhoon radii are hundreds of km: flat maths is 1–2 % off. */
export function greatCircleKm(a: LatLon, b: LatLon): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Initial bearing from `from` to `to`, degrees clockwise from north, in [0, 360). */
export function bearingDeg(from: LatLon, to: LatLon): number {
  const φ1 = from.lat * RAD;
  const φ2 = to.lat * RAD;
  const dλ = (to.lon - from.lon) * RAD;
  const y = Math.sin(dλ) * Math.cos(φ2);
  const x = Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(dλ);
  return (((Math.atan2(y, x) / RAD) % 360) + 360) % 360;
}

/**
 * The radius that applies to a place at `bearing` from the centre: the quadrant it lies in
 * (ne [0, 90), se [90, 180), sw [180, 270), nw [270, 360)), as the advisories draw them.
 */
export function quadrantRadius(q: Quadrants, bearing: number): number {
  if (bearing < 90) return q.ne;
  if (bearing < 180) return q.se;
  if (bearing < 270) return q.sw;
  return q.nw;
}

/** Whether `place` is inside the circle centred at `centre` (on the edge counts as inside). */
export function insideCircle(centre: LatLon, q: Quadrants, place: LatLon): boolean {
  const d = greatCircleKm(centre, place);
  return d <= quadrantRadius(q, bearingDeg(centre, place));
}

/**
 * The centre at `t`, linear in latitude and longitude between the track points around it
 * (points 3–12 h and at most a few hundred km apart, where that is within a few km of the
 * great circle); undefined before the first point or after the last.
 */
export function centreAt(track: readonly TrackPoint[], t: number): LatLon | undefined {
  const first = track[0];
  if (first === undefined || t < first.t) return undefined;
  for (let i = 1; i < track.length; i++) {
    const a = track[i - 1] as TrackPoint;
    const b = track[i] as TrackPoint;
    if (t <= b.t) {
      const f = b.t === a.t ? 1 : (t - a.t) / (b.t - a.t);
      return { lat: a.lat + f * (b.lat - a.lat), lon: a.lon + f * (b.lon - a.lon) };
    }
  }
  return t === first.t ? { lat: first.lat, lon: first.lon } : undefined;
}

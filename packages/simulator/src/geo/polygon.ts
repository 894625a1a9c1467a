/** Plain geometry on lon/lat polygons: enough to place things inside a district. */
import type { Rng } from '../rng.ts';

export type Position = readonly [lon: number, lat: number];
/** GeoJSON MultiPolygon coordinates: polygons → rings (first outer, rest holes) → positions. */
export type MultiPolygon = readonly (readonly (readonly Position[])[])[];

export interface BBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

function ringContains(ring: readonly Position[], lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as Position;
    const [xj, yj] = ring[j] as Position;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Even-odd point-in-polygon over every ring (holes subtract). */
export function contains(shape: MultiPolygon, lon: number, lat: number): boolean {
  for (const polygon of shape) {
    let inside = false;
    for (const ring of polygon) if (ringContains(ring, lon, lat)) inside = !inside;
    if (inside) return true;
  }
  return false;
}

export function bbox(shape: MultiPolygon): BBox {
  const b = { minLon: 180, minLat: 90, maxLon: -180, maxLat: -90 };
  for (const polygon of shape)
    for (const ring of polygon)
      for (const [lon, lat] of ring) {
        b.minLon = Math.min(b.minLon, lon);
        b.maxLon = Math.max(b.maxLon, lon);
        b.minLat = Math.min(b.minLat, lat);
        b.maxLat = Math.max(b.maxLat, lat);
      }
  return b;
}

/** A uniformly random point inside the shape (rejection sampling in its bounding box). */
export function randomPointIn(shape: MultiPolygon, box: BBox, rng: Rng): Position {
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const lon = rng.range(box.minLon, box.maxLon);
    const lat = rng.range(box.minLat, box.maxLat);
    if (contains(shape, lon, lat)) return [lon, lat];
  }
  throw new RangeError('could not place a point inside the shape');
}

/** A random point within `radiusKm` of a centre that stays inside the shape, else the centre. */
export function jitterInside(shape: MultiPolygon, center: Position, radiusKm: number, rng: Rng): Position {
  for (let attempt = 0; attempt < 20; attempt++) {
    const r = radiusKm * Math.sqrt(rng.next());
    const a = 2 * Math.PI * rng.next();
    const lat = center[1] + (r * Math.sin(a)) / 111.2;
    const lon = center[0] + (r * Math.cos(a)) / (111.2 * Math.cos((center[1] * Math.PI) / 180));
    if (contains(shape, lon, lat)) return [lon, lat];
  }
  return center;
}

const EARTH_KM = 6371;
const RAD = Math.PI / 180;

/** Great-circle distance in km (haversine). */
export function distanceKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** Initial bearing from point 1 to point 2, degrees clockwise from north. */
export function bearingDeg(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const y = Math.sin((lon2 - lon1) * RAD) * Math.cos(lat2 * RAD);
  const x =
    Math.cos(lat1 * RAD) * Math.sin(lat2 * RAD) -
    Math.sin(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.cos((lon2 - lon1) * RAD);
  return (Math.atan2(y, x) / RAD + 360) % 360;
}

/** Rounds a coordinate to ~1 m, as the feeds send them. */
export const round5 = (v: number): number => Math.round(v * 1e5) / 1e5;

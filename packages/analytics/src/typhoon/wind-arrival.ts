import type { TyphoonAdvisory } from '@onegrid/contracts';
import { toEpochMs } from '@onegrid/contracts';
import { centreAt, insideCircle, type LatLon, type Quadrants, type TrackPoint } from './wind-circle.ts';

/**
 * When a wind circle reaches a district: `inside` at `at` already, `arrives` at a time within the
 * forecast, `none` within the forecast, or `unknown` when the advisory gives no radius for it.
 */
export type Arrival =
  | { readonly kind: 'inside' }
  | { readonly kind: 'arrives'; readonly at: number }
  | { readonly kind: 'none' }
  | { readonly kind: 'unknown' };

export interface WindArrivals {
  r7: Arrival;
  r10: Arrival;
}

/** The scan's step along the track; a crossing found is then narrowed to `RESOLUTION_MS`. */
const SCAN_MS = 10 * 60_000;
const RESOLUTION_MS = 60_000;

/** The advisory's track: its observed centre, then its forecast points (already in time order). */
function advisoryTrack(a: TyphoonAdvisory): TrackPoint[] {
  const t0 = toEpochMs(a.ts);
  const track: TrackPoint[] = [{ t: t0, lat: a.lat, lon: a.lon }];
  for (const p of a.forecast) {
    const t = toEpochMs(p.ts);
    if (t > t0) track.push({ t, lat: p.lat, lon: p.lon });
  }
  return track;
}

/**
 * The first time at or after `at` that the circle `radii` (held along the track: forecast points
 * carry no radii) around the track's centre covers any of `places`. The track is scanned every
 * 10 min and a crossing narrowed to 1 min: a circle moving at 40 km/h moves 7 km in 10 min, so
 * a place it only grazes for less than that can be missed.
 */
export function circleArrival(
  track: readonly TrackPoint[],
  radii: Quadrants | undefined,
  places: readonly LatLon[],
  at: number,
): Arrival {
  if (radii === undefined) return { kind: 'unknown' };
  const last = track[track.length - 1];
  const first = track[0];
  if (last === undefined || first === undefined || places.length === 0 || at > last.t)
    return { kind: 'none' };
  const covers = (t: number): boolean => {
    const c = centreAt(track, t);
    return c !== undefined && places.some((p) => insideCircle(c, radii, p));
  };
  const start = Math.max(at, first.t);
  if (covers(start)) return { kind: 'inside' };
  let before = start;
  for (let t = start + SCAN_MS; ; t += SCAN_MS) {
    const probe = Math.min(t, last.t);
    if (covers(probe)) {
      // Narrow between the last time outside and this one.
      let lo = before;
      let hi = probe;
      while (hi - lo > RESOLUTION_MS) {
        const mid = lo + Math.floor((hi - lo) / 2);
        if (covers(mid)) hi = mid;
        else lo = mid;
      }
      return { kind: 'arrives', at: hi };
    }
    if (probe >= last.t) return { kind: 'none' };
    before = probe;
  }
}

/** When the 7级 and 10级 circles of an advisory reach `places`, as seen at `at`. */
export function windArrivals(advisory: TyphoonAdvisory, places: readonly LatLon[], at: number): WindArrivals {
  const track = advisoryTrack(advisory);
  return {
    r7: circleArrival(track, advisory.radii_km?.r7, places, at),
    r10: circleArrival(track, advisory.radii_km?.r10, places, at),
  };
}

/** Hours from `at` to an arrival: 0 inside, undefined for none or unknown. */
export function leadHours(a: Arrival, at: number): number | undefined {
  if (a.kind === 'inside') return 0;
  if (a.kind === 'arrives') return Math.max(0, (a.at - at) / 3_600_000);
  return undefined;
}

/** The earlier of two arrivals (inside before any time; none and unknown after any). */
export function earlier(a: Arrival, b: Arrival): Arrival {
  const rank = (x: Arrival): number =>
    x.kind === 'inside' ? -Infinity : x.kind === 'arrives' ? x.at : x.kind === 'none' ? Infinity : Number.NaN;
  const ra = rank(a);
  const rb = rank(b);
  if (Number.isNaN(ra)) return b;
  if (Number.isNaN(rb)) return a;
  return rb < ra ? b : a;
}

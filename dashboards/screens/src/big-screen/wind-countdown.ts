import { type Arrival, circleArrival, type LatLon, type TrackPoint } from '@onegrid/analytics/typhoon';
import type { StormAdvisory } from '../feed/channels.ts';

const HOUR_MS = 3_600_000;

/** The advisory's track: its centre, then the forecast points. */
function track(a: StormAdvisory): TrackPoint[] {
  const t0 = Date.parse(a.ts);
  return [
    { t: t0, lat: a.lat, lon: a.lon },
    ...a.forecast.map((p) => ({ t: Date.parse(p.ts), lat: p.lat, lon: p.lon })).filter((p) => p.t > t0),
  ];
}

/** `3小时后到达`, `1小时内到达`: whole hours, as an officer reads a countdown across the room. */
function due(arrival: Arrival, now: number): string | undefined {
  if (arrival.kind !== 'arrives') return undefined;
  const h = (arrival.at - now) / HOUR_MS;
  return h < 1 ? '1小时内到达' : `${Math.round(h)}小时后到达`;
}

/**
 * 风圈到达 for one district at the screen's data time `now`: the 10级 circle if it is there or
 * due, otherwise the 7级 circle; empty when neither reaches the district within the advisory's
 * forecast. `places`: where the district meets the circles, the same as its score's (see
 * wind-places.ts): the first of them the circle covers counts.
 */
export function windCountdown(a: StormAdvisory, places: readonly LatLon[], now: number): string {
  const path = track(a);
  const place = places;
  const r10 = circleArrival(path, a.radii_km.r10, place, now);
  if (r10.kind === 'inside') return '10级风圈内';
  const r7 = circleArrival(path, a.radii_km.r7, place, now);
  const r10Due = due(r10, now);
  if (r7.kind === 'inside') return r10Due === undefined ? '7级风圈内' : `10级风圈${r10Due}`;
  const r7Due = due(r7, now);
  return r7Due === undefined ? '' : `7级风圈${r7Due}`;
}

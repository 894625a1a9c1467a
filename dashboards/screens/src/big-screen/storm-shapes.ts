/**
 * Geometry of the storm layer in longitude/latitude, before projection: wind circles per
 * quadrant and the circles of the cone along the forecast track. Pure, so it is tested alone.
 */
import type { StormAdvisory } from '../feed/channels.ts';
import { type ConeRadii, coneRadiusKm } from './cone.ts';

export type LonLat = [number, number];

const KM_PER_DEG = 111.2;
const RAD = Math.PI / 180;

/** The point `km` from (lon, lat) at `bearing` degrees clockwise from north (flat-earth, fine below ~1,000 km). */
export function offset(lon: number, lat: number, bearing: number, km: number): LonLat {
  return [
    lon + (km * Math.sin(bearing * RAD)) / (KM_PER_DEG * Math.cos(lat * RAD)),
    lat + (km * Math.cos(bearing * RAD)) / KM_PER_DEG,
  ];
}

type Quadrants = { ne: number; se: number; sw: number; nw: number };

/** A wind circle as a closed ring: a quarter arc of each quadrant's radius (NE 0-90°, SE 90-180°, …). */
export function windCircleRing(lon: number, lat: number, r: Quadrants, step = 10): LonLat[] {
  const ring: LonLat[] = [];
  const radii = [r.ne, r.se, r.sw, r.nw];
  for (let q = 0; q < 4; q++) {
    for (let b = q * 90; b <= q * 90 + 90; b += step) ring.push(offset(lon, lat, b, radii[q] ?? 0));
  }
  return ring;
}

export interface ConeCircle {
  readonly center: LonLat;
  readonly radiusKm: number;
  /** A configured lead time (24/48/72 h …): its circle is outlined, as the HKO draws it. */
  readonly marked: boolean;
}

/**
 * Circles along the forecast track, every `stepH` hours from the advisory to its last forecast
 * point, centred on the track (linear between points) with the cone's radius at that lead.
 * Their union is the cone.
 */
export function coneCircles(advisory: StormAdvisory, cone: ConeRadii, stepH = 3): ConeCircle[] {
  const track = [
    { lead: 0, lon: advisory.lon, lat: advisory.lat },
    ...advisory.forecast
      .filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon) && p.lead_h > 0)
      .map((p) => ({ lead: p.lead_h, lon: p.lon, lat: p.lat })),
  ];
  const last = track.at(-1);
  if (last === undefined || last.lead <= 0) return [];
  const at = (lead: number): LonLat => {
    let i = 1;
    while (i < track.length - 1 && (track[i]?.lead ?? 0) < lead) i++;
    const a = track[i - 1] ?? track[0];
    const b = track[i] ?? last;
    if (a === undefined) return [advisory.lon, advisory.lat];
    const f = b.lead === a.lead ? 0 : Math.min(1, Math.max(0, (lead - a.lead) / (b.lead - a.lead)));
    return [a.lon + (b.lon - a.lon) * f, a.lat + (b.lat - a.lat) * f];
  };
  const leads = new Set<number>();
  for (let h = stepH; h < last.lead; h += stepH) leads.add(h);
  for (const h of cone.leadsH) if (h <= last.lead) leads.add(h);
  leads.add(last.lead);
  const marked = new Set(cone.leadsH);
  return [...leads]
    .sort((a, b) => a - b)
    .map((h) => ({ center: at(h), radiusKm: coneRadiusKm(h, cone), marked: marked.has(h) }));
}

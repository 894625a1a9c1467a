import { type LatLon, windPlaces } from '@onegrid/analytics/typhoon';

/**
 * Where each district meets the wind circles, for the 风圈到达 countdown: the same places the
 * risk score uses (its stations, else its gauges: `windPlaces`), read from the registry API
 * (`GET /api/registry/stations|gauges`, shared-spec B), so the countdown and the score's
 * forecast part never disagree about a district.
 */
export type PlacesByDistrict = ReadonlyMap<string, readonly LatLon[]>;

interface Device extends LatLon {
  readonly district: string;
}

/** The rows that name a district and a position; the registry API sends nothing else, but a screen never trusts a wire. */
function devices(body: unknown, name: 'stations' | 'gauges'): Device[] {
  const rows = (body as Record<string, unknown> | null)?.[name];
  if (!Array.isArray(rows)) return [];
  return rows.flatMap((r: Record<string, unknown>) => {
    const lat = Number(r.lat);
    const lon = Number(r.lon);
    return typeof r.district === 'string' && Number.isFinite(lat) && Number.isFinite(lon)
      ? [{ district: r.district, lat, lon }]
      : [];
  });
}

/** Each district's places, from the stations and gauges registries as the API returns them. */
export function placesByDistrict(stationsBody: unknown, gaugesBody: unknown): PlacesByDistrict {
  const stations = Map.groupBy(devices(stationsBody, 'stations'), (d) => d.district);
  const gauges = Map.groupBy(devices(gaugesBody, 'gauges'), (d) => d.district);
  const places = new Map<string, LatLon[]>();
  for (const district of new Set([...stations.keys(), ...gauges.keys()])) {
    places.set(
      district,
      windPlaces({ stations: stations.get(district) ?? [], gauges: gauges.get(district) ?? [] }),
    );
  }
  return places;
}

/** Reads both registries; throws with the status when the API refuses. */
export async function fetchPlaces(token: string | null, signal?: AbortSignal): Promise<PlacesByDistrict> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const read = async (name: 'stations' | 'gauges'): Promise<unknown> => {
    const response = await fetch(`/api/registry/${name}`, { signal, headers });
    if (!response.ok) throw new Error(`登记接口 /api/registry/${name} ${response.status}`);
    return response.json();
  };
  const [stations, gauges] = await Promise.all([read('stations'), read('gauges')]);
  return placesByDistrict(stations, gauges);
}

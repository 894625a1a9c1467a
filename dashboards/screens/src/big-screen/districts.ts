import { type ExtendedFeature, type GeoGeometryObjects, geoArea } from 'd3-geo';
import raw from '../../../../packages/simulator/data/shanghai-districts.geo.json' with { type: 'json' };

export type DistrictProps = {
  readonly code: string;
  readonly name: string;
  readonly center: readonly [number, number];
};

export type AreaGeometry = Extract<GeoGeometryObjects, { type: 'Polygon' | 'MultiPolygon' }>;
export type DistrictFeature = ExtendedFeature<AreaGeometry, DistrictProps>;

/**
 * d3-geo is spherical: a ring's interior is on its clockwise side. Files following RFC 7946
 * wind exterior rings anticlockwise, which d3 reads as "the whole globe but this district";
 * reverse any feature whose area comes out larger than a hemisphere.
 */
// biome-ignore lint/suspicious/noExplicitAny: GeoJSON properties are any object in @types/geojson
export function rewindForD3<P extends { [name: string]: any } | null>(
  feature: ExtendedFeature<AreaGeometry, P>,
): ExtendedFeature<AreaGeometry, P> {
  if (geoArea(feature) <= 2 * Math.PI) return feature;
  const g = feature.geometry;
  const geometry: AreaGeometry =
    g.type === 'Polygon'
      ? { type: 'Polygon', coordinates: g.coordinates.map((ring) => [...ring].reverse()) }
      : {
          type: 'MultiPolygon',
          coordinates: g.coordinates.map((poly) => poly.map((ring) => [...ring].reverse())),
        };
  return { ...feature, geometry };
}

export const districtFeatures: readonly DistrictFeature[] = (
  raw as unknown as { features: DistrictFeature[] }
).features.map((f) => rewindForD3(f));

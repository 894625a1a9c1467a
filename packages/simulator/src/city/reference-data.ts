/**
 * The checked-in reference data of Shanghai (see data/README.md for sources and licences),
 * typed once here so the rest of the model never touches raw JSON.
 */
import geo from '../../data/shanghai-districts.geo.json' with { type: 'json' };
import districts from '../../data/shanghai-districts.json' with { type: 'json' };
import gauges from '../../data/shanghai-gauges.json' with { type: 'json' };
import stations from '../../data/shanghai-stations.json' with { type: 'json' };
import streets from '../../data/shanghai-streets.json' with { type: 'json' };
import type { MultiPolygon, Position } from '../geo/polygon.ts';

export interface DistrictRecord {
  code: string;
  name: string;
  name_en: string;
  /** 7th national census (2020), resident population. */
  population: number;
  /** Share of households that are one elderly person living alone. */
  elderly_alone_share: number;
  /** 0..1: low-lying land, old housing, coast: drives evacuation and flood tickets. */
  exposure: number;
  coastal: boolean;
}

export interface DistrictShape {
  code: string;
  name: string;
  center: Position;
  shape: MultiPolygon;
}

export interface StreetRecord {
  code: string;
  name: string;
  district: string;
  /** [12-digit code, name] of each 居委会 / 村委会. */
  communities: [string, string][];
}

export type GaugeKind = 'river' | 'tide' | 'canal' | 'underpass';

export interface GaugeRecord {
  gauge_id: string;
  name: string;
  district: string;
  lat: number;
  lon: number;
  kind: GaugeKind;
  warning_level_m: number;
  guarantee_level_m: number;
  /** Physics of the level model (not part of the registry message). */
  model: {
    mean_m: number;
    tide: number;
    lag_h: number;
    surge: number;
    rain: number;
    cadence_s: number;
    pump_mm_h?: number;
  };
}

export interface StationRecord {
  station_id: string;
  name: string;
  district: string;
  lat: number;
  lon: number;
}

interface GeoFeature {
  id: string;
  properties: { code: string; name: string; center: number[] };
  geometry: { coordinates: number[][][][] };
}

export const DISTRICTS: readonly DistrictRecord[] = districts as DistrictRecord[];
export const DISTRICT_SHAPES: readonly DistrictShape[] = (geo.features as unknown as GeoFeature[]).map(
  (f) => ({
    code: f.properties.code,
    name: f.properties.name,
    center: [f.properties.center[0] ?? 0, f.properties.center[1] ?? 0],
    shape: f.geometry.coordinates as unknown as MultiPolygon,
  }),
);
export const STREETS: readonly StreetRecord[] = streets as StreetRecord[];
export const GAUGES: readonly GaugeRecord[] = gauges as GaugeRecord[];
export const NATIONAL_STATIONS: readonly StationRecord[] = stations as StationRecord[];

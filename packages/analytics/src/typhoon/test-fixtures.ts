// Builders for the unit tests: a district with known stations and gauges, observations at
// minutes from a fixed start. Test-only; nothing in the model imports it.

import type { Gauge, Station, WaterLevel, WeatherObservation } from '@onegrid/contracts';
import { isoCstSeconds } from '@onegrid/contracts';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { mersenne } from 'pure-rand/generator/mersenne';
import type { DistrictRegistry } from './district-registry.ts';
import { MINUTE } from './time.ts';

/** 2026-09-14T00:00:00+08:00 */
export const T0 = Date.UTC(2026, 8, 13, 16, 0, 0);

export const at = (minutes: number): number => T0 + minutes * MINUTE;

export function station(id: string, district = '310115'): Station {
  return { station_id: id, name: `站${id}`, district, lat: 31.2, lon: 121.5 };
}

export function gauge(id: string, kind: Gauge['kind'] = 'river', warning = 4.0, guarantee = 5.0): Gauge {
  return {
    gauge_id: id,
    name: `站${id}`,
    district: '310115',
    lat: 31.2,
    lon: 121.5,
    kind,
    warning_level_m: warning,
    guarantee_level_m: guarantee,
  };
}

export function registry(overrides: Partial<DistrictRegistry> = {}): DistrictRegistry {
  return {
    district: '310115',
    population: 1_000_000,
    households: 1000,
    vulnerableHouseholds: 300,
    shelterCapacity: 2000,
    stations: [station('AWS-1'), station('AWS-2')],
    gauges: [gauge('WL-1')],
    ...overrides,
  };
}

export function obs(
  stationId: string,
  minutes: number,
  fields: Partial<Omit<WeatherObservation, 'station_id' | 'ts'>> = {},
): WeatherObservation {
  return { station_id: stationId, ts: isoCstSeconds(at(minutes)), period_s: 300, ...fields };
}

export function level(gaugeId: string, minutes: number, levelM: number): WaterLevel {
  return { gauge_id: gaugeId, ts: isoCstSeconds(at(minutes)), level_m: levelM };
}

/** Deterministic uniform draws in [0, 1) (pure-rand's Mersenne Twister) for property-style tests. */
export function rng(seed: number): () => number {
  const generator = mersenne(seed);
  return () => uniformFloat64(generator);
}

/**
 * The city model: pure and deterministic from a seed and a number of households.
 * Everything here is reference data; what happens in the city over time lives in scenario/.
 */
import { createRng } from '../rng.ts';
import { buildDivisions, type Divisions } from './divisions.ts';
import { buildResources, buildShelters, buildStations, type Resource, type Shelter } from './facilities.ts';
import { buildHouseholds, type Households } from './households.ts';
import { GAUGES, type GaugeRecord, type StationRecord } from './reference-data.ts';
import { drawRhythmSpread } from './rhythm-spread.ts';

export interface CityOptions {
  seed: number;
  /** 10k..1M households, allocated to districts by census population. */
  households: number;
}

export interface City extends Divisions {
  seed: number;
  households: Households;
  gauges: readonly GaugeRecord[];
  stations: StationRecord[];
  shelters: Shelter[];
  resources: Resource[];
}

export function buildCity(options: CityOptions): City {
  const { seed, households: count } = options;
  if (!Number.isInteger(count) || count < 100)
    throw new RangeError(`households must be an integer ≥ 100, got ${count}`);
  const divisions = buildDivisions(count, createRng(seed, 'city:divisions'));
  const households = buildHouseholds(divisions, count, createRng(seed, 'city:households'));
  drawRhythmSpread(households, createRng(seed, 'city:household-spread'));
  return {
    seed,
    ...divisions,
    households,
    gauges: GAUGES,
    stations: buildStations(divisions, createRng(seed, 'city:stations')),
    shelters: buildShelters(divisions, createRng(seed, 'city:shelters')),
    resources: buildResources(divisions, count, createRng(seed, 'city:resources')),
  };
}

/**
 * The city's reference data as registry messages, exactly in the STREAMS.md shapes: gauges,
 * stations and shelters, then every household. Contacts (fake +86 138… numbers) exist only here:
 * they are personal data and appear in no other message, log or truth entry.
 */
import { type Gauge, type Household, type Shelter, type Station, TOPICS } from '@onegrid/contracts';
import type { StreamRecord } from '../record.ts';
import { createRng, type Rng } from '../rng.ts';
import type { City } from './city.ts';
import { ELDERLY_ALONE, householdId, livesAlone, tagsOf } from './households.ts';

export function gaugeRecord(g: City['gauges'][number]): Gauge {
  const { gauge_id, name, district, lat, lon, kind, warning_level_m, guarantee_level_m } = g;
  return { gauge_id, name, district, lat, lon, kind, warning_level_m, guarantee_level_m };
}

export function householdRecord(city: City, i: number, rng: Rng): Household {
  const hh = city.households;
  const grid = city.grids[hh.grid[i] as number];
  if (!grid) throw new RangeError(`household ${i} has no grid`);
  const type = hh.type[i] as number;
  const phone = () => `+86138${String(rng.int(100_000_000)).padStart(8, '0')}`;
  const contacts =
    type === ELDERLY_ALONE
      ? [
          { role: 'family', phone: phone() },
          ...(rng.chance(0.5) ? [{ role: 'family', phone: phone() }] : []),
          ...(rng.chance(0.3) ? [{ role: 'neighbour', phone: phone() }] : []),
        ]
      : [{ role: 'self', phone: phone() }];
  return {
    household_id: householdId(i),
    district: grid.community.street.district.code,
    street: grid.community.street.code,
    community: grid.community.code,
    grid: grid.id,
    lives_alone: livesAlone(type),
    vulnerable: tagsOf(hh.tags[i] as number),
    grid_worker: grid.worker,
    contacts,
  };
}

/** Registry records in publishing order, all stamped `arrivalTime` (before the first event). */
export function* registryRecords(city: City, arrivalTime: number): Generator<StreamRecord> {
  const rec = (topic: StreamRecord['topic'], key: string, value: object): StreamRecord => ({
    topic,
    key,
    value: JSON.stringify(value),
    arrivalTime,
    fault: null,
  });
  for (const g of city.gauges) yield rec(TOPICS.gauges, g.gauge_id, gaugeRecord(g));
  for (const s of city.stations) yield rec(TOPICS.stations, s.station_id, s satisfies Station);
  for (const s of city.shelters) yield rec(TOPICS.shelters, s.shelter_id, s satisfies Shelter);
  const rng = createRng(city.seed, 'registry:contacts');
  for (let i = 0; i < city.households.count; i++) {
    yield rec(TOPICS.households, householdId(i), householdRecord(city, i, rng));
  }
}

/**
 * The households as `city.registry.households` messages, in the STREAMS.md shape. Contacts are
 * fake +86 139… numbers: personal data that exists only in these messages, never in the truth.
 */
import { type Household, TOPICS } from '@onegrid/contracts';
import type { HouseholdSpec } from './model/household.ts';
import type { StreamRecord } from './record.ts';
import { createRng } from './rng.ts';

export function householdRecord(hh: HouseholdSpec, phone: () => string): Household {
  const elderly = hh.persons.every((p) => p.roleName === 'retired');
  return {
    household_id: hh.id,
    district: hh.district,
    street: hh.street,
    community: hh.community,
    grid: hh.grid,
    lives_alone: hh.livesAlone,
    vulnerable: [...hh.population.vulnerable],
    grid_worker: hh.gridWorker,
    contacts:
      hh.livesAlone && elderly
        ? [
            { role: 'family', phone: phone() },
            { role: 'neighbour', phone: phone() },
          ]
        : [{ role: 'self', phone: phone() }],
  };
}

export function* registryRecords(
  seed: number,
  households: HouseholdSpec[],
  arrivalTime: number,
): Generator<StreamRecord> {
  const rng = createRng(seed, 'registry:contacts');
  const phone = () => `+86139${String(rng.int(100_000_000)).padStart(8, '0')}`;
  for (const hh of households) {
    yield {
      topic: TOPICS.households,
      key: hh.id,
      value: JSON.stringify(householdRecord(hh, phone)),
      arrivalTime,
      fault: null,
    };
  }
}

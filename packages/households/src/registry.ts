/**
 * The households as `city.registry.households` messages, in the STREAMS.md shape, for both
 * household generators (packages/enduse-generator describes its households through
 * `registryMessages`). Contacts are fake +86 139… numbers: personal data that exists only in
 * these messages, never in the truth.
 */
import { type Household, TOPICS } from '@onegrid/contracts';
import type { HouseholdSpec } from './model/household.ts';
import type { StreamRecord } from './record.ts';
import { createRng, type Rng } from './rng.ts';

/** What the registry says of a household, besides who may be called. */
export interface RegistryHousehold {
  id: string;
  district: string;
  street: string;
  community: string;
  grid: string;
  livesAlone: boolean;
  gridWorker: string;
}

/** Vulnerability tags, and whether everyone in it is elderly (alone: family and neighbour are called). */
export interface RegistryTraits {
  vulnerable: string[];
  elderly: boolean;
}

function householdRecord(hh: RegistryHousehold, traits: RegistryTraits, phone: () => string): Household {
  return {
    household_id: hh.id,
    district: hh.district,
    street: hh.street,
    community: hh.community,
    grid: hh.grid,
    lives_alone: hh.livesAlone,
    vulnerable: traits.vulnerable,
    grid_worker: hh.gridWorker,
    contacts:
      hh.livesAlone && traits.elderly
        ? [
            { role: 'family', phone: phone() },
            { role: 'neighbour', phone: phone() },
          ]
        : [{ role: 'self', phone: phone() }],
  };
}

/** One registry message per household, all arriving at `arrivalTime`, phones drawn from `rng`. */
export function* registryMessages<H extends RegistryHousehold>(
  rng: Rng,
  households: readonly H[],
  arrivalTime: number,
  traits: (hh: H) => RegistryTraits,
): Generator<StreamRecord> {
  const phone = () => `+86139${String(rng.int(100_000_000)).padStart(8, '0')}`;
  for (const hh of households) {
    yield {
      topic: TOPICS.households,
      key: hh.id,
      value: JSON.stringify(householdRecord(hh, traits(hh), phone)),
      arrivalTime,
      fault: null,
    };
  }
}

export function registryRecords(
  seed: number,
  households: HouseholdSpec[],
  arrivalTime: number,
): Generator<StreamRecord> {
  return registryMessages(createRng(seed, 'registry:contacts'), households, arrivalTime, (hh) => ({
    vulnerable: [...hh.population.vulnerable],
    elderly: hh.persons.every((p) => p.roleName === 'retired'),
  }));
}

/** What the ring and snapshot tests share: a seeded random source, a household of a ring alone. */
import type { HouseholdState } from './household.ts';
import type { UsageRing } from './usage-ring.ts';

/** A seeded pseudo-random source (an LCG), so a failure replays. */
export function source(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

/** What `encodeHouseholdSnapshot` reads of a household: its ring (no meters: the ring's marks). */
export const household = (ring: UsageRing) =>
  ({ ring, water: undefined, elec: undefined }) as unknown as HouseholdState<unknown>;

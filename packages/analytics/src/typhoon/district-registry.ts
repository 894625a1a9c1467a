import type { Gauge, Station } from '@onegrid/contracts';

/**
 * The registry data one district's model needs: counts and device records, no personal data.
 * A module of its own so that the model and its messages both read it without importing each
 * other (issue 19: the district-model ↔ messages circle).
 */
export interface DistrictRegistry {
  district: string;
  population: number;
  households: number;
  /** Households with a `vulnerable` tag or a person living alone. */
  vulnerableHouseholds: number;
  shelterCapacity: number;
  gauges: readonly Gauge[];
  stations: readonly Station[];
}

/**
 * The utility detector's households and meters (detector.ts): each created when first heard
 * of, if the registry knows it, its ring and its meters' remembered readings allocated from
 * the detector's shared slabs (issue 17).
 */
import type { MeterReading } from '@onegrid/contracts';
import { type HouseholdInfo, type Place, placeOf } from './alerts.ts';
import {
  attachMeter,
  HOUSEHOLD_NUMBERS,
  type HouseholdState,
  Meter,
  type MeterState,
  newHousehold,
} from './household.ts';
import { NumberSlab } from './number-slab.ts';
import type { OfflineWatcher } from './offline.ts';
import { RecentSlab } from './recent-slab.ts';
import { RingSlab } from './ring-slab.ts';
import type { InactivityRule } from './rule.ts';
import { FlowSlab } from './water-flow.ts';

/**
 * A household's and a meter's objects around the slabs (V8 heap, not typed arrays), measured
 * 2026-12-07 (wip-state15) on the heap benches' synthetic city, 8,000 households restored from
 * snapshots: seeded, 655 B a household besides its slabs (its object, place, run and rule state,
 * ring object, id, map entry); fed 3 hours, 1,354 B (its learnt models' objects, ~100 B, and two
 * meters: a `Meter` is 208 B, with its id and map entry ~300). household-table.test.ts holds
 * `approxBytes` to the measured heap. Since session 16 a place is shared by its households: 71 B
 * a household less (100k restored, household-heap-restored.ts). Session 17 (wip-ring17) took the
 * household's, ring's and rule state's heap numbers and extra objects into records: 3,000 households
 * as household-table.test.ts builds them, 4,627 B measured against 4,803 B from 680: now 500.
 * Session 19 (wip-meters19): a `Meter` lost its private brand, `kind`, `#pending` and `#wide`
 * slots (bits and chunk maps now): 88 → 56 B, so 268.
 */
const OBJECT_BYTES = { household: 500, meter: 268 };

/**
 * The household a meter's id names, when it does: "HH" and the id past its two-letter kind
 * ("WM-00012345", "EM-00012345": "HH-00012345", STREAMS.md).
 */
const ownerOf = (meterId: string): string | undefined =>
  meterId.length > 3 && meterId.charCodeAt(2) === 45 ? `HH${meterId.slice(2)}` : undefined;

/** Whether `householdId` is `ownerOf(meterId)`, compared in place (no string made). */
function owns(householdId: string, meterId: string): boolean {
  const n = meterId.length;
  if (n <= 3 || householdId.length !== n || meterId.charCodeAt(2) !== 45) return false;
  if (householdId.charCodeAt(0) !== 72 || householdId.charCodeAt(1) !== 72) return false;
  for (let i = 2; i < n; i++) if (householdId.charCodeAt(i) !== meterId.charCodeAt(i)) return false;
  return true;
}

/**
 * Every meter, in the order first heard from, and found by id without a map entry of its own for
 * the usual one (issue 17): a meter its household's id names (`ownerOf`), and which is its
 * household's meter of its kind, is found through the households' map; any other (an id naming
 * no household or another one, a meter replaced by a second of its kind) through `#strays`.
 */
class Meters<S> {
  readonly #all: Meter<S>[] = [];
  readonly #strays = new Map<string, Meter<S>>();
  readonly #households: Map<string, HouseholdState<S>>;

  constructor(households: Map<string, HouseholdState<S>>) {
    this.#households = households;
  }

  get size(): number {
    return this.#all.length;
  }

  values(): IterableIterator<MeterState<S>> {
    return this.#all.values();
  }

  /**
   * The meter `meterId`, if heard from; `householdId`: the reading's. Usually its household's meter
   * of its kind: a meter's id is its own (a second one is never made), so a match there is it.
   */
  get(meterId: string, householdId: string): Meter<S> | undefined {
    const found = this.#current(this.#households.get(householdId), meterId);
    if (found !== undefined) return found;
    const stray = this.#strays.get(meterId);
    // Not found through the household its id names: it is a stray, or none.
    if (stray !== undefined || owns(householdId, meterId)) return stray;
    const owner = ownerOf(meterId);
    return owner === undefined ? undefined : this.#current(this.#households.get(owner), meterId);
  }

  /** Its household's meter of either kind with that id. */
  #current(household: HouseholdState<S> | undefined, meterId: string): Meter<S> | undefined {
    if (household === undefined) return undefined;
    const water = household.water as Meter<S> | undefined;
    if (water !== undefined && water.id === meterId) return water;
    const elec = household.elec as Meter<S> | undefined;
    return elec !== undefined && elec.id === meterId ? elec : undefined;
  }

  /** Whether the meter is found through its household: its id names it, and it is its meter of its kind. */
  #reachable(meter: Meter<S>): boolean {
    const owner = ownerOf(meter.id);
    const household = meter.household;
    return (
      owner !== undefined &&
      this.#households.get(owner) === household &&
      (household.water === meter || household.elec === meter)
    );
  }

  /** A new meter, attached to its household: the one it replaces there, if any, is found apart from now on. */
  add(meter: Meter<S>, attach: () => void): void {
    const household = meter.household;
    const before = meter.kind === 'water' ? household.water : household.elec;
    const replaced = before !== undefined && this.#reachable(before as Meter<S>);
    attach();
    if (replaced) this.#strays.set((before as Meter<S>).id, before as Meter<S>);
    if (!this.#reachable(meter)) this.#strays.set(meter.id, meter);
    this.#all.push(meter);
  }
}

export class HouseholdTable<S> {
  readonly households = new Map<string, HouseholdState<S>>();
  readonly meters = new Meters<S>(this.households);
  /** Every household's hourly ring (ring-slab.ts). */
  readonly rings: RingSlab;
  /** Every meter's remembered readings (recent-slab.ts). */
  readonly #recent = new RecentSlab();
  /** Every household's water run's float64 fields (water-flow.ts). */
  readonly #flows = new FlowSlab();
  /** Every household's number fields (household.ts). */
  readonly #numbers = new NumberSlab(HOUSEHOLD_NUMBERS);
  /**
   * One place object for all the households of a place (district, grid, grid worker): a grid
   * holds hundreds of households, and each registry record brings its own copies of the strings.
   */
  readonly #places = new Map<string, Place>();
  readonly #lookup: (id: string) => HouseholdInfo | undefined;
  readonly #rule: InactivityRule<S>;
  readonly #offline: OfflineWatcher;

  constructor(
    ringHours: number,
    lookup: (id: string) => HouseholdInfo | undefined,
    rule: InactivityRule<S>,
    offline: OfflineWatcher,
  ) {
    this.rings = new RingSlab(ringHours);
    this.#lookup = lookup;
    this.#rule = rule;
    this.#offline = offline;
  }

  /**
   * Bytes its households hold, from the real layout: the slabs' typed arrays as allocated (rings,
   * learnt records, meters' readings and columns), and per household and per meter the objects
   * around them, measured (`OBJECT_BYTES`).
   */
  approxBytes(): number {
    return (
      this.rings.stats().bytes +
      this.#recent.bytes() +
      this.#flows.bytes +
      this.#numbers.bytes +
      this.households.size * OBJECT_BYTES.household +
      this.meters.size * OBJECT_BYTES.meter
    );
  }

  /** The household, created at its first mention; undefined when the registry does not know it. */
  household(id: string): HouseholdState<S> | undefined {
    const known = this.households.get(id);
    if (known) return known;
    const info = this.#lookup(id);
    if (!info) return undefined;
    const household = newHousehold(
      info,
      this.rings,
      this.#rule.init(),
      this.#flows,
      this.#place(info),
      this.#numbers,
    );
    // Keyed by the registry record's string, which the household keeps as its id, not by the
    // reading's copy of it: one string a household, not two (the registry holds its records).
    this.households.set(household.id === id ? household.id : id, household);
    return household;
  }

  #place(info: HouseholdInfo): Place {
    const key = JSON.stringify([info.district, info.grid, info.grid_worker ?? null]);
    let place = this.#places.get(key);
    if (place === undefined) {
      place = placeOf(info);
      this.#places.set(key, place);
    }
    return place;
  }

  /** The reading's meter, attached to its household at its first reading; undefined for an unknown household. */
  meter(reading: MeterReading): MeterState<S> | undefined {
    const known = this.meters.get(reading.meter_id, reading.household_id);
    if (known) return known;
    const household = this.household(reading.household_id);
    if (!household) return undefined;
    const meter = new Meter(this.#recent, reading.meter_id, reading.kind, household);
    this.meters.add(meter, () => attachMeter(household, meter, this.#offline));
    return meter;
  }
}

/**
 * The planted conditions, drawn before anything is generated: incidents (people living alone who
 * fall: activity stops for good, meters keep reporting), trips away for days, running taps,
 * and meter faults (silent, store-and-forward, replacement, skewed clock). Rates are per 10k
 * households; times are epoch ms.
 */
import type { GeneratorConfig } from '../config.ts';
import type { Rng } from '../rng.ts';
import { DAY, HOUR, MINUTE } from '../time.ts';
import type { HouseholdSpec } from './household.ts';

export interface Trip {
  from: number;
  to: number;
}

export interface RunningTap {
  from: number;
  to: number;
  m3PerHour: number;
}

export interface MeterFault {
  kind: 'silent' | 'late_batch' | 'replacement' | 'clock_skew';
  /** Readings stamped in (from, to] are affected; −∞ / +∞ for the whole stream. */
  from: number;
  to: number;
  skewMs: number;
}

export interface Plan {
  trips: Map<number, Trip[]>;
  /** When each planted incident is meant to happen (placed on the person's day later). */
  incidents: Map<number, number>;
  taps: Map<number, RunningTap[]>;
  /** By meter: 2 × household for water, 2 × household + 1 for electricity. */
  meters: Map<number, MeterFault[]>;
}

interface Frame {
  streamStart: number;
  start: number;
  end: number;
}

/** How many of `n` households at `per10k`, the fraction settled by a draw. */
function howMany(rng: Rng, n: number, per10k: number): number {
  const x = (n * per10k) / 10_000;
  return Math.floor(x) + (rng.chance(x - Math.floor(x)) ? 1 : 0);
}

const minuteOf = (t: number): number => Math.round(t / MINUTE) * MINUTE;

export function makePlan(config: GeneratorConfig, households: HouseholdSpec[], frame: Frame, rng: Rng): Plan {
  const n = households.length;
  const { start, end } = frame;
  const span = end - start;
  const trips = new Map<number, Trip[]>();
  const addTrip = (h: number, from: number, to: number) => {
    const list = trips.get(h) ?? [];
    if (list.some((t) => from < t.to + DAY && to > t.from - DAY)) return;
    list.push({ from, to });
    trips.set(h, list);
  };
  const tripFrom = () => {
    const day = Math.floor((start - 3 * DAY + rng.next() * (span + 3 * DAY) - start) / DAY);
    return minuteOf(start + day * DAY + rng.range(7, 20) * HOUR);
  };
  const tripTo = (from: number) =>
    minuteOf(from + Math.floor(rng.range(2, 8)) * DAY + rng.range(-5, 5) * HOUR);
  for (const hh of households) {
    const perStream = (hh.population.tripsPer3Weeks * (frame.end - frame.streamStart)) / (21 * DAY);
    for (let k = rng.poisson(perStream); k > 0; k--) {
      const from = tripFrom();
      addTrip(hh.index, from, tripTo(from));
    }
  }
  for (let k = howMany(rng, n, config.plant.travel); k > 0; k--) {
    const hh = rng.pick(households);
    if (hh.population.tripsPer3Weeks > 0 || trips.has(hh.index)) continue;
    const from = tripFrom();
    addTrip(hh.index, from, tripTo(from));
  }

  // Incidents: people living alone, not travelling, not very low users (whose quiet is normal),
  // spread evenly over the populations that have such people, so each population's recall rests
  // on several cases rather than on its share of the city.
  const groups = new Map<string, HouseholdSpec[]>();
  for (const hh of households) {
    if (!hh.livesAlone || trips.has(hh.index) || hh.population.name === 'very_low_user') continue;
    const group = groups.get(hh.population.name) ?? [];
    group.push(hh);
    groups.set(hh.population.name, group);
  }
  const pools = [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([, g]) => g);
  const incidents = new Map<number, number>();
  let wanted = howMany(rng, n, config.plant.incident);
  for (let k = 0; wanted > 0 && pools.some((p) => p.length > 0); k++) {
    const pool = pools[k % pools.length] as HouseholdSpec[];
    if (pool.length === 0) continue;
    const hh = pool.splice(rng.int(pool.length), 1)[0] as HouseholdSpec;
    incidents.set(hh.index, minuteOf(start + rng.next() * Math.max(0, span - 12 * HOUR)));
    wanted--;
  }

  const taps = new Map<number, RunningTap[]>();
  for (let k = howMany(rng, n, config.plant.waterRunning); k > 0; k--) {
    const hh = rng.pick(households);
    if (incidents.has(hh.index) || taps.has(hh.index)) continue;
    const from = minuteOf(start + rng.next() * Math.max(0, span - 3 * HOUR));
    const to = minuteOf(Math.min(end, from + rng.range(2, 12) * HOUR));
    taps.set(hh.index, [{ from, to, m3PerHour: Math.exp(rng.range(Math.log(0.08), Math.log(0.9))) }]);
  }

  const meters = new Map<number, MeterFault[]>();
  const fault = (kind: MeterFault['kind'], from: number, to: number, skewMs = 0) => {
    const meter = 2 * rng.int(n) + rng.int(2);
    const list = meters.get(meter) ?? [];
    if (list.length > 0) return; // one fault per meter keeps the truth unambiguous
    list.push({ kind, from, to, skewMs });
    meters.set(meter, list);
  };
  const when = (room: number) => minuteOf(start + rng.next() * Math.max(0, span - room));
  for (let k = howMany(rng, n, config.plant.meterSilent); k > 0; k--) {
    const from = when(3 * HOUR);
    fault(
      'silent',
      from,
      rng.chance(0.25) ? Number.POSITIVE_INFINITY : Math.min(end, from + rng.range(3, 36) * HOUR),
    );
  }
  for (let k = howMany(rng, n, config.plant.lateBatch); k > 0; k--) {
    const from = when(9 * HOUR);
    fault('late_batch', from, minuteOf(from + rng.range(2, 8) * HOUR));
  }
  for (let k = howMany(rng, n, config.plant.replacement); k > 0; k--) {
    const from = when(2 * HOUR);
    fault('replacement', from, minuteOf(from + rng.range(30, 90) * MINUTE));
  }
  for (let k = howMany(rng, n, config.plant.clockSkew); k > 0; k--) {
    const skew = Math.round(rng.range(60, 300)) * (rng.chance(0.5) ? 1 : -1) * 1000;
    fault('clock_skew', Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, skew);
  }
  return { trips, incidents, taps, meters };
}

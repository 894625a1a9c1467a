/**
 * Planted sensor faults (issue 20), all off by default so the default scenario stays byte for
 * byte what it was: gauges that glitch (a single reading of 99.9 m, or 1.5–3 m above the water),
 * stick on one value or fall silent; stations that glitch (a 99 m/s gust, a gust or mean wind no
 * storm reaches in five minutes, a burst of rain in dry minutes), whose anemometer sticks, or that
 * fall silent; the whole weather
 * feed down (from the start, or for 6 h around landfall); one meter partition silent. Drawn
 * from their own named random stream, so turning them on changes no other stream's values.
 */
import type { City } from '../city/city.ts';
import type { Rng } from '../rng.ts';
import { HOUR, MINUTE } from '../time.ts';

export interface GaugeFault {
  kind: 'glitch' | 'stuck' | 'silent';
  gauge: string;
  /** stuck, silent: readings stamped in (from, to] are affected. glitch: the window of its glitches. */
  from: number;
  to: number;
  /** glitch: the readings replaced, by index from `from` in 1-minute steps, with their values. */
  glitches: { at: number; value: number | 'offset'; offset: number }[];
}

/**
 * A station's glitch, at the observations stamped `at` (5-minute grid): `gust_99` sends a gust of
 * `value` m/s (85–99, beyond any anemometer here); `gust_jump` and `mean_jump` add `value` m/s to
 * the gust or the mean wind (what a storm does not do in five minutes); `rain_spike` adds `value`
 * mm to the period's rain (a burst the station's readings around it and its neighbours do not
 * see). Past a station limit (gust 80 m/s, 20 mm in five minutes) a jump is refuted at once.
 */
export interface StationGlitch {
  station: string;
  kind: 'gust_99' | 'gust_jump' | 'mean_jump' | 'rain_spike';
  at: number[];
  value: number;
}

export const STATION_GLITCH_KINDS: readonly StationGlitch['kind'][] = [
  'gust_99',
  'gust_jump',
  'mean_jump',
  'rain_spike',
];

/** A station whose anemometer repeats its last values (`stuck`), or that sends nothing, in (from, to]. */
export interface StationOutage {
  kind: 'stuck' | 'silent';
  station: string;
  from: number;
  to: number;
}

export interface SensorFaultPlan {
  gauges: GaugeFault[];
  /** Stations sending values no storm makes, the kinds in turn (STATION_GLITCH_KINDS). */
  stationGlitches: StationGlitch[];
  /** Stations whose anemometer sticks or that fall silent, for 4–8 h and 2–6 h. */
  stations: StationOutage[];
  /** The weather feed sends nothing for readings stamped in (from, to]. */
  weatherDown: { from: number; to: number } | null;
  /** Meters whose messages land on this partition (of `of`) send nothing in (from, to]. */
  meterPartition: { partition: number; of: number; from: number; to: number } | null;
}

export interface SensorFaultOptions {
  gaugeGlitches: number;
  stuckGauges: number;
  silentGauges: number;
  stationGlitches: number;
  stuckStations: number;
  silentStations: number;
  weatherDown: 'none' | 'start' | 'mid_storm';
  silentMeterPartition: number | null;
  meterPartitions: number;
}

const FIVE_MIN = 5 * MINUTE;
const onGrid = (t: number, step: number) => Math.floor(t / step) * step;

/** `busyStations`: stations the scenario already plants a fault on (weather.ts), left alone here. */
export function planSensorFaults(
  city: City,
  options: SensorFaultOptions,
  window: { start: number; end: number; landfall: number },
  rng: Rng,
  busyStations: ReadonlySet<string> = new Set(),
): SensorFaultPlan {
  const { start, end, landfall } = window;
  // Storm hours, where faults matter: 18 h before landfall to 18 h after, inside the window.
  const lo = Math.max(start, landfall - 18 * HOUR);
  const hi = Math.min(end, landfall + 18 * HOUR);
  const pool = [...city.gauges];
  const take = (n: number, fits: (g: (typeof pool)[number]) => boolean) => {
    const out: string[] = [];
    for (let k = 0; k < n; k++) {
      const candidates = pool.filter(fits);
      if (candidates.length === 0) break;
      const g = rng.pick(candidates);
      pool.splice(pool.indexOf(g), 1);
      out.push(g.gauge_id);
    }
    return out;
  };
  // A stuck gauge is told from calm water by a neighbour that moves: it needs another gauge in
  // its district that is not an underpass (dry underpasses are flat too).
  const hasMovingNeighbour = (g: (typeof pool)[number]) =>
    g.kind !== 'underpass' &&
    city.gauges.some((o) => o !== g && o.district === g.district && o.kind !== 'underpass');
  const gauges: GaugeFault[] = [];
  for (const gauge of take(options.gaugeGlitches, () => true)) {
    const n = 2 + rng.int(3);
    const glitches = Array.from({ length: n }, () => {
      const at = onGrid(rng.range(lo, hi), MINUTE);
      return rng.next() < 0.5
        ? { at, value: 99.9 as const, offset: 0 }
        : { at, value: 'offset' as const, offset: rng.range(1.5, 3) };
    }).sort((a, b) => a.at - b.at);
    gauges.push({ kind: 'glitch', gauge, from: lo, to: hi, glitches });
  }
  for (const gauge of take(options.stuckGauges, hasMovingNeighbour)) {
    const from = onGrid(rng.range(lo, hi - 8 * HOUR), FIVE_MIN);
    gauges.push({ kind: 'stuck', gauge, from, to: from + Math.round(rng.range(4, 8)) * HOUR, glitches: [] });
  }
  for (const gauge of take(options.silentGauges, () => true)) {
    const from = onGrid(rng.range(lo, hi - 6 * HOUR), FIVE_MIN);
    gauges.push({ kind: 'silent', gauge, from, to: from + Math.round(rng.range(2, 6)) * HOUR, glitches: [] });
  }
  const stations = city.stations.filter((st) => !busyStations.has(st.station_id));
  const takeStation = () => {
    const station = rng.pick(stations);
    stations.splice(stations.indexOf(station), 1);
    return station.station_id;
  };
  // Outages first: a run without the glitches then has the same outages (the false-risk control).
  const outages: StationOutage[] = [];
  for (const [kind, n, hours] of [
    ['stuck', options.stuckStations, [4, 8]],
    ['silent', options.silentStations, [2, 6]],
  ] as const) {
    for (let k = 0; k < n && stations.length > 0; k++) {
      const station = takeStation();
      const from = onGrid(rng.range(lo, hi - hours[1] * HOUR), FIVE_MIN);
      outages.push({ kind, station, from, to: from + Math.round(rng.range(hours[0], hours[1])) * HOUR });
    }
  }
  const stationGlitches = Array.from(
    { length: Math.min(options.stationGlitches, stations.length) },
    (_, k) => {
      const kind = STATION_GLITCH_KINDS[k % STATION_GLITCH_KINDS.length] as StationGlitch['kind'];
      const station = takeStation();
      const at = Array.from({ length: 1 + rng.int(2) }, () => onGrid(rng.range(lo, hi), FIVE_MIN));
      const value = {
        gust_99: () => rng.range(85, 99),
        gust_jump: () => rng.range(28, 40),
        mean_jump: () => rng.range(18, 26),
        rain_spike: () => rng.range(12, 18),
      }[kind]();
      return {
        station,
        kind,
        at: [...new Set(at)].sort((a, b) => a - b),
        value: Math.round(value * 10) / 10,
      };
    },
  );
  const weatherDown =
    options.weatherDown === 'start'
      ? { from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY }
      : options.weatherDown === 'mid_storm'
        ? { from: landfall - 3 * HOUR, to: landfall + 3 * HOUR }
        : null;
  const meterPartition =
    options.silentMeterPartition === null
      ? null
      : {
          partition: options.silentMeterPartition,
          of: options.meterPartitions,
          from: onGrid(landfall - 2 * HOUR, FIVE_MIN),
          to: onGrid(landfall + 4 * HOUR, FIVE_MIN),
        };
  return { gauges, stationGlitches, stations: outages, weatherDown, meterPartition };
}

/**
 * Applies the planted gauge faults to the readings as they are generated: a glitch replaces the
 * first reading at or after its time, a stuck gauge repeats the level it had when it stuck, a
 * silent one sends nothing. Keeps what it sent instead of the water, for the truth.
 */
export class GaugeFaultInjector {
  readonly #faults: readonly GaugeFault[];
  readonly #stuck = new Map<string, number>();
  readonly #done = new Set<string>();
  /** Glitch readings sent: gauge, time, value sent, the water's level. */
  readonly glitchesSent: { gauge: string; t: number; value: number; level: number }[] = [];

  constructor(faults: readonly GaugeFault[]) {
    this.#faults = faults;
  }

  /** The reading sent for the water's `level` at `t`, or undefined when the gauge sends nothing. */
  apply(gauge: string, t: number, level: number): number | undefined {
    for (const f of this.#faults) {
      if (f.gauge !== gauge) continue;
      if (f.kind === 'silent' && t > f.from && t <= f.to) return undefined;
      if (f.kind === 'stuck' && t > f.from && t <= f.to) {
        if (!this.#stuck.has(gauge)) this.#stuck.set(gauge, level);
        return this.#stuck.get(gauge);
      }
      if (f.kind !== 'glitch') continue;
      for (const [i, g] of f.glitches.entries()) {
        const key = `${gauge}|${i}`;
        if (t < g.at || this.#done.has(key)) continue;
        this.#done.add(key);
        const value = g.value === 99.9 ? 99.9 : Math.round((level + g.offset) * 100) / 100;
        this.glitchesSent.push({ gauge, t, value, level });
        return value;
      }
    }
    return level;
  }
}

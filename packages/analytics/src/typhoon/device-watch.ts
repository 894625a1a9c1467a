import type { Alert, WeatherObservation } from '@onegrid/contracts';
import type { WeatherPoint } from './assess.ts';
import type { TyphoonConfig } from './config.ts';
import { DeviceFaults } from './device-faults.ts';
import { gaugeFaultChecks, type StationHealth, stationFaultChecks } from './fault-checks.ts';
import type { Refuted } from './gauge-quality.ts';
import type { GaugeTracker } from './gauge-tracker.ts';
import { emits, onGrid } from './grid.ts';
import { TimeSeries } from './series.ts';

/** A reading refuted as a sensor fault, to be stored flagged. */
export type FlaggedReading =
  | { kind: 'water_level'; gauge_id: string; t: number; level_m: number; reason: Refuted['reason'] }
  | { kind: 'weather'; station_id: string; t: number; fields: string[]; observation: WeatherObservation };

/** What the device feeds give on their own clocks: alerts (water_level, gauge_fault) and flags. */
export interface DeviceOutput {
  alerts: Alert[];
  flagged: FlaggedReading[];
}

/**
 * A district's devices on their own clocks, so that no feed waits for another: each gauge's
 * water_level alerts follow that gauge's readings, gauge faults the water feed's clock, station
 * faults the weather feed's. It shares the district's station series and gauge trackers.
 */
export class DeviceWatch {
  readonly #config: TyphoonConfig;
  readonly #district: string;
  readonly #stations: ReadonlyMap<string, TimeSeries<WeatherPoint>>;
  readonly #gauges: readonly GaugeTracker[];
  readonly #health = new Map<string, StationHealth>();
  readonly #faults = new DeviceFaults();
  readonly #flaggedWeather: FlaggedReading[] = [];
  /** Per gauge: the last grid point its readings were walked to (see walkGauges). */
  readonly #gaugeGrid = new Map<GaugeTracker, number>();
  /** Stuck anemometers: the value repeated, from when, and (once it moved again) until when. */
  readonly #stuckWind = new Map<string, { from: number; to: number; value: number }[]>();
  #waterEval: number | undefined;
  #weatherEval: number | undefined;

  constructor(
    config: TyphoonConfig,
    district: string,
    stations: ReadonlyMap<string, TimeSeries<WeatherPoint>>,
    gauges: readonly GaugeTracker[],
  ) {
    this.#config = config;
    this.#district = district;
    this.#stations = stations;
    this.#gauges = gauges;
    for (const [id, series] of stations) this.#health.set(id, { series, refuted: new TimeSeries() });
  }

  /** An observation of `station` whose `fields` were refuted (read as missing). */
  refutedWeather(obs: WeatherObservation, t: number, fields: string[]): void {
    this.#health.get(obs.station_id)?.refuted.add({ t });
    this.#flaggedWeather.push({ kind: 'weather', station_id: obs.station_id, t, fields, observation: obs });
  }

  /**
   * Gauge alerts up to `watermark` (see walkGauges) and gauge faults on the grid up to
   * `faultsUntil` (the water feed's clock: silence needs a clock beyond the silent gauge's own).
   * Refuted readings come out to be flagged.
   */
  advanceWater(watermark: number, faultsUntil: number): DeviceOutput {
    const out: DeviceOutput = { alerts: this.walkGauges(watermark), flagged: [] };
    let oldest: number | undefined;
    for (const tracker of this.#gauges) {
      for (const r of tracker.takeRefuted()) {
        const id = tracker.gauge.gauge_id;
        out.flagged.push({ kind: 'water_level', gauge_id: id, t: r.t, level_m: r.level, reason: r.reason });
      }
      const t = tracker.oldest() ?? tracker.newest();
      if (t !== undefined && (oldest === undefined || t < oldest)) oldest = t;
    }
    this.#waterEval = onGrid(this.#config, this.#waterEval, oldest, faultsUntil, (g) => {
      const alerts: Alert[] = [];
      const stations = [...this.#stations.values()].map((st) => st.latest(g)?.t);
      this.#faults.update(gaugeFaultChecks(this.#gauges, stations, g, this.#config), g, alerts);
      if (emits(this.#config, g)) out.alerts.push(...alerts);
    });
    return out;
  }

  /** Station faults on the grid up to the weather feed's clock, and the values refuted. */
  advanceWeather(watermark: number): DeviceOutput {
    const out: DeviceOutput = { alerts: [], flagged: this.#flaggedWeather.splice(0) };
    let oldest: number | undefined;
    for (const s of this.#stations.values()) {
      const t = s.first()?.t;
      if (t !== undefined && (oldest === undefined || t < oldest)) oldest = t;
    }
    this.#weatherEval = onGrid(this.#config, this.#weatherEval, oldest, watermark, (g) => {
      const alerts: Alert[] = [];
      const gauges = this.#gauges.map((tr) => tr.latest(g)?.t);
      const checks = stationFaultChecks(this.#health, gauges, this.#district, g, this.#config);
      this.#faults.update(checks, g, alerts);
      for (const c of checks) if (c.reason === 'stuck') this.#trackStuck(c.device, c.since, c.evidence, g);
      if (emits(this.#config, g)) out.alerts.push(...alerts);
    });
    return out;
  }

  /**
   * Walks each gauge's readings on the grid up to its own newest reading less
   * `gaugeOutOfOrdernessMs` (and the watermark): a gauge whose source partition runs behind the
   * others in a backlog is walked as its readings come, so none of them arrives after the walk
   * passed it. Alerts are detected at the grid point that walked them.
   */
  walkGauges(watermark: number): Alert[] {
    const out: Alert[] = [];
    for (const tracker of this.#gauges) {
      const newest = tracker.newest();
      if (newest === undefined) continue;
      const until = Math.min(watermark, newest - this.#config.gaugeOutOfOrdernessMs);
      const last = onGrid(this.#config, this.#gaugeGrid.get(tracker), tracker.oldest(), until, (g) => {
        const alerts: Alert[] = [];
        tracker.walk(g, alerts);
        if (emits(this.#config, g)) out.push(...alerts);
      });
      if (last !== undefined) this.#gaugeGrid.set(tracker, last);
    }
    return out;
  }

  /**
   * Whether a station's wind at `t` is a stuck anemometer's (the repeated value, inside a stuck
   * spell found so far): the hazard reads it as unknown. Before the spell is found (3 h) it counts.
   */
  windStuck(station: string, t: number, meanMs: number | undefined): boolean {
    return (this.#stuckWind.get(station) ?? []).some((s) => t >= s.from && t <= s.to && meanMs === s.value);
  }

  #trackStuck(
    station: string,
    since: number | undefined,
    evidence: Record<string, unknown>,
    at: number,
  ): void {
    const spells = this.#stuckWind.get(station) ?? [];
    const open = spells.find((s) => s.to === Number.POSITIVE_INFINITY);
    if (since !== undefined && open === undefined && typeof evidence.wind_speed_ms === 'number') {
      spells.push({ from: since, to: Number.POSITIVE_INFINITY, value: evidence.wind_speed_ms });
      this.#stuckWind.set(station, spells);
    } else if (since === undefined && open !== undefined) {
      open.to = at;
    }
  }

  /** The earliest `since` of an open gauge_fault (replay depth). */
  openSince(): number | undefined {
    return this.#faults.openSince();
  }

  prune(before: number): void {
    for (const h of this.#health.values()) h.refuted.prune(before);
    for (const [id, spells] of this.#stuckWind) {
      const kept = spells.filter((s) => s.to >= before);
      if (kept.length > 0) this.#stuckWind.set(id, kept);
      else this.#stuckWind.delete(id);
    }
  }
}

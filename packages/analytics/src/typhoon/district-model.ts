import {
  type Alert,
  isoCstSeconds,
  type RiskScore,
  type TyphoonAdvisory,
  toEpochMs,
  type WaterLevel,
  type WeatherObservation,
} from '@onegrid/contracts';
import { alertMessage, levelSeverity } from './alerts.ts';
import { type Assessment, assessDistrict, type WeatherPoint } from './assess.ts';
import { parseTyphoonConfig, type TyphoonConfig, type TyphoonConfigInput } from './config.ts';
import { type DeviceOutput, DeviceWatch } from './device-watch.ts';
import type { DistrictRegistry } from './district-registry.ts';
import { TyphoonError } from './errors.ts';
import { type Exposure, exposure } from './exposure.ts';
import { assessForecast } from './forecast.ts';
import { type GaugeState, GaugeTracker } from './gauge-tracker.ts';
import { levelAt, levelIndex } from './levels.ts';
import { riskScoreOf, typhoonEvidence } from './messages.ts';
import { TimeSeries } from './series.ts';
import { StationChecks } from './station-checks.ts';
import { floorTo, HOUR } from './time.ts';
import type { LatLon } from './wind-circle.ts';
import { windPlaces } from './wind-places.ts';

/**
 * `unknown_id`: the id is not one of this district's stations or gauges (the router should not send
 * it; the same code as the contracts' dead-letter code `unknown_id`); `refuted`: a level no water makes there (see CheckedReadings), kept out of every hazard.
 */
export type Disposition = 'accepted' | 'duplicate' | 'late' | 'unknown_id' | 'refuted';

export interface DistrictOutput {
  scores: RiskScore[];
  alerts: Alert[];
  gauges: GaugeState[];
}

/** Rain needs the last 24 h: the longest window any evaluation reads. */
const RETENTION_MS = 24 * HOUR;

/**
 * The typhoon risk of one district, fed its stations' observations and its gauges' levels in any
 * order, and advanced by a watermark. Evaluations run on a fixed event-time grid (`stepMs`) with
 * the data whose `ts` is at or before each grid point, so the results and alert ids depend on the
 * events and the order they arrived in, not on how often `advance` is called.
 */
export class DistrictRiskModel {
  readonly district: string;
  readonly #config: TyphoonConfig;
  readonly #registry: DistrictRegistry;
  readonly #stations = new Map<string, TimeSeries<WeatherPoint>>();
  readonly #gauges = new Map<string, GaugeTracker>();
  #shelterFree: number;
  #exposure: Exposure;
  #lastEval: number | undefined;
  #lastScore: { t: number; score: number; level: string } | undefined;
  /** Open level alerts by level index (1..4): since, and since when the level has been below. */
  readonly #open = new Map<number, { since: number; below: number | undefined }>();
  readonly #devices: DeviceWatch;
  readonly #stationChecks: StationChecks;
  /**
   * Each storm's advisories in time order (a later one supersedes the earlier at its time), each
   * with the evaluation time after which it counts (see onAdvisory).
   */
  readonly #advisories = new Map<string, { advisory: TyphoonAdvisory; after: number }[]>();
  /** Where the wind circles are looked for: the stations, which measure the wind they bring. */
  readonly #places: readonly LatLon[];

  constructor(config: TyphoonConfigInput | TyphoonConfig, registry: DistrictRegistry) {
    if (!/^\d{6}$/.test(registry.district)) {
      throw new TyphoonError(
        'INVALID_DISTRICT',
        `district must be a 6-digit code, got "${registry.district}"`,
      );
    }
    this.#config = parseTyphoonConfig(config);
    this.#registry = registry;
    this.district = registry.district;
    for (const s of registry.stations) this.#stations.set(s.station_id, new TimeSeries());
    for (const g of registry.gauges) this.#gauges.set(g.gauge_id, new GaugeTracker(g, this.#config));
    this.#devices = new DeviceWatch(this.#config, this.district, this.#stations, [...this.#gauges.values()]);
    this.#stationChecks = new StationChecks(this.#stations, this.#config.stationLimits, (obs, t, fields) =>
      this.#devices.refutedWeather(obs, t, fields),
    );
    this.#shelterFree = registry.shelterCapacity;
    this.#exposure = this.#computeExposure();
    // The same places as the screen's 风圈到达 countdown (see wind-places.ts).
    this.#places = windPlaces(registry);
  }

  /**
   * A typhoon advisory (an optional feed: nothing waits for it). The evaluation at `g` reads the
   * latest advisory of each storm with `ts ≤ g` among those that count at `g`: an advisory counts
   * for evaluations after `after` (default: all). A stream gives the time its readings had reached
   * when the advisory came, so that an evaluation is the same whenever it is computed: advisories
   * reach the feed about half an hour after their `ts`, and one that counted for every time since
   * its `ts` changed grid times already scored without it when a replay read it in the same batch.
   * The same storm and time twice is one advisory, counting from the earlier `after`.
   */
  onAdvisory(advisory: TyphoonAdvisory, after = Number.NEGATIVE_INFINITY): Disposition {
    const t = toEpochMs(advisory.ts);
    if (this.#isLate(t)) return 'late';
    const list = this.#advisories.get(advisory.storm_id) ?? [];
    const held = list.find((a) => toEpochMs(a.advisory.ts) === t);
    if (held !== undefined) {
      held.after = Math.min(held.after, after);
      return 'duplicate';
    }
    list.push({ advisory, after });
    list.sort((a, b) => toEpochMs(a.advisory.ts) - toEpochMs(b.advisory.ts));
    this.#advisories.set(advisory.storm_id, list);
    return 'accepted';
  }

  onWeather(obs: WeatherObservation): Disposition {
    if (!this.#stations.has(obs.station_id)) return 'unknown_id';
    const t = toEpochMs(obs.ts);
    if (this.#isLate(t)) return 'late';
    return this.#stationChecks.add(obs, t);
  }

  onWaterLevel(obs: WaterLevel): Disposition {
    const tracker = this.#gauges.get(obs.gauge_id);
    if (tracker === undefined) return 'unknown_id';
    const t = toEpochMs(obs.ts);
    if (this.#isLate(t)) return 'late';
    const d = tracker.add(t, obs.level_m);
    return d === 'suspect' ? 'accepted' : d;
  }

  /**
   * The gauges, never waiting for weather: each gauge's water_level alerts follow its own
   * readings up to `watermark`; gauge faults the grid up to `faultsUntil` (see DeviceWatch).
   */
  advanceWater(watermark: number, faultsUntil = watermark): DeviceOutput {
    return this.#devices.advanceWater(watermark, faultsUntil);
  }

  /** The stations on the weather feed's own clock: their faults, and the values refuted. */
  advanceWeather(watermark: number): DeviceOutput {
    return this.#devices.advanceWeather(watermark);
  }

  /** Free shelter places now (from the evacuation counts); exposure rises as shelters fill. */
  setShelterFree(freePlaces: number): void {
    this.#shelterFree = Math.max(0, freePlaces);
    this.#exposure = this.#computeExposure();
  }

  /**
   * Evaluates every grid point up to the watermark not evaluated yet and returns what changed:
   * scores (on a level change, a move of `minScoreStep` points, or every `heartbeatMs`), alerts
   * opened or resolved, and the gauges with a new reading.
   */
  advance(watermark: number): DistrictOutput {
    // The gauges' water_level alerts first: they follow their own readings (see advanceWater).
    const out: DistrictOutput = { scores: [], alerts: this.#devices.walkGauges(watermark), gauges: [] };
    const step = this.#config.stepMs;
    const last = floorTo(watermark, step);
    let g: number;
    if (this.#lastEval === undefined) {
      // Nothing to evaluate before the first data: the first grid point is the first event's.
      const oldest = this.#oldestHeld();
      if (oldest === undefined) return out;
      g = Math.ceil(oldest / step) * step;
    } else {
      g = this.#lastEval + step;
    }
    g = Math.max(g, last - floorTo(this.#config.maxCatchUpMs, step));
    if (g > last) return out;
    for (; g <= last; g += step) this.#evaluate(g, out);
    this.#lastEval = last;
    for (const tracker of this.#gauges.values()) {
      const state = tracker.stateIfChanged(this.#lastEval);
      if (state !== undefined) out.gauges.push(state);
    }
    this.#prune();
    return out;
  }

  /** The district's hazards at `at` (no state changes): for tests, the evaluation script, and evidence. */
  assess(at: number): Assessment {
    const c = this.#config;
    const forecast = assessForecast(this.#latestAdvisories(at), this.#places, at, {
      r7LeadH: c.forecastR7LeadH,
      r10LeadH: c.forecastR10LeadH,
      advisoryMaxAgeMs: c.advisoryMaxAgeMs,
    });
    return assessDistrict(
      at,
      this.#stations,
      [...this.#gauges.values()],
      this.#exposure,
      c,
      (id, t, meanMs) => this.#devices.windStuck(id, t, meanMs),
      forecast,
    );
  }

  /** The latest advisory of each storm issued at or before `at`. */
  #latestAdvisories(at: number): TyphoonAdvisory[] {
    const latest: TyphoonAdvisory[] = [];
    for (const list of this.#advisories.values()) {
      let pick: TyphoonAdvisory | undefined;
      for (const a of list) if (toEpochMs(a.advisory.ts) <= at && a.after < at) pick = a.advisory;
      if (pick !== undefined) latest.push(pick);
    }
    return latest;
  }

  /**
   * How far back in event time the state needs its input: 24 h (the longest rain window) before
   * the last evaluation, or before the start of an open alert, so that a replay from there
   * rebuilds the same alerts with the same ids. Undefined when nothing is held.
   */
  oldestNeededTime(): number | undefined {
    if (this.#lastEval === undefined) return this.#oldestHeld();
    let from = this.#lastEval;
    for (const a of this.#open.values()) from = Math.min(from, a.since - this.#config.stepMs);
    for (const tracker of this.#gauges.values()) from = Math.min(from, tracker.openSince() ?? from);
    from = Math.min(from, this.#devices.openSince() ?? from);
    return from - RETENTION_MS;
  }

  /** Readings held (the runtime's open-state gauge). */
  size(): number {
    let n = 0;
    for (const s of this.#stations.values()) n += s.size;
    for (const g of this.#gauges.values()) n += g.size;
    for (const list of this.#advisories.values()) n += list.length;
    return n;
  }

  #evaluate(g: number, out: DistrictOutput): void {
    const emit = this.#config.emitAfter === undefined || g > this.#config.emitAfter;
    const alerts: Alert[] = [];
    const a = this.assess(g);
    this.#levelAlerts(a, alerts);
    const score = this.#scoreIfChanged(a);
    if (!emit) return;
    out.alerts.push(...alerts);
    if (score !== undefined) out.scores.push(score);
  }

  #scoreIfChanged(a: Assessment): RiskScore | undefined {
    const { score, level } = a.combined;
    const prev = this.#lastScore;
    const changed =
      prev === undefined ||
      prev.level !== level ||
      Math.abs(prev.score - score) >= this.#config.minScoreStep ||
      a.at - prev.t >= this.#config.heartbeatMs;
    if (!changed) return undefined;
    this.#lastScore = { t: a.at, score, level };
    return riskScoreOf(this.district, a);
  }

  /** One alert per level reached; it resolves once the level has stayed below it `resolveHoldMs`. */
  #levelAlerts(a: Assessment, out: Alert[]): void {
    const now = levelIndex(a.combined.level);
    for (let k = 4; k >= 1; k--) {
      const open = this.#open.get(k);
      if (now >= k) {
        if (open === undefined) {
          this.#open.set(k, { since: a.at, below: undefined });
          out.push(this.#levelAlert(k, a.at, 'open', a, {}));
        } else {
          open.below = undefined;
        }
      } else if (open !== undefined) {
        open.below ??= a.at;
        if (a.at - open.below >= this.#config.resolveHoldMs) {
          this.#open.delete(k);
          out.push(this.#levelAlert(k, open.since, 'resolved', a, { ended_at: isoCstSeconds(open.below) }));
        }
      }
    }
  }

  #levelAlert(k: number, since: number, status: Alert['status'], a: Assessment, extra: object): Alert {
    const level = levelAt(k);
    return alertMessage(
      {
        type: 'typhoon_risk',
        severity: levelSeverity(level),
        subject: this.district,
        district: this.district,
        level,
        since,
      },
      status,
      a.at,
      { ...typhoonEvidence(a, level, this.#registry, this.#shelterFree), ...extra },
    );
  }

  #computeExposure(): Exposure {
    const r = this.#registry;
    return exposure(
      {
        population: r.population,
        households: r.households,
        vulnerableHouseholds: r.vulnerableHouseholds,
        shelterCapacity: r.shelterCapacity,
        shelterFree: this.#shelterFree,
      },
      this.#config.exposureBounds,
    );
  }

  #isLate(t: number): boolean {
    const needed = this.#lastEval === undefined ? undefined : this.oldestNeededTime();
    return needed !== undefined && t < needed;
  }

  #oldestHeld(): number | undefined {
    let oldest: number | undefined;
    const see = (t: number | undefined) => {
      if (t !== undefined && (oldest === undefined || t < oldest)) oldest = t;
    };
    for (const s of this.#stations.values()) see(s.first()?.t);
    for (const g of this.#gauges.values()) see(g.oldest());
    return oldest;
  }

  #prune(): void {
    const before = this.oldestNeededTime();
    if (before === undefined) return;
    for (const s of this.#stations.values()) s.prune(before);
    this.#devices.prune(before);
    this.#stationChecks.prune(before);
    for (const g of this.#gauges.values()) g.prune(before);
    // Keep the latest advisory before the horizon too: it is still the latest at later times.
    for (const [storm, list] of this.#advisories) {
      const keepFrom = Math.max(
        0,
        list.findLastIndex((a) => toEpochMs(a.advisory.ts) < before),
      );
      const kept = list
        .slice(keepFrom)
        .filter((a) => toEpochMs(a.advisory.ts) >= before - this.#config.advisoryMaxAgeMs);
      if (kept.length === 0) this.#advisories.delete(storm);
      else this.#advisories.set(storm, kept);
    }
  }
}

import type { Alert, Gauge } from '@onegrid/contracts';
import { alertMessage, type GaugeThreshold, thresholdSeverity } from './alerts.ts';
import { type CheckedDisposition, CheckedReadings } from './checked-readings.ts';
import type { TyphoonConfig } from './config.ts';
import { forecastCrossing, type LevelReading, levelTrend, type Trend } from './gauge.ts';
import type { Refuted } from './gauge-quality.ts';
import { HOUR, isoCst, MINUTE } from './time.ts';

/** What the big screen shows per gauge (shared spec B, channel `gauges`). */
export interface GaugeState {
  gauge_id: string;
  name: string;
  district: string;
  kind: Gauge['kind'];
  lat: number;
  lon: number;
  ts: string;
  level_m: number;
  warning_level_m: number;
  guarantee_level_m: number;
  rise_m_per_h: number | null;
  forecast_warning_at: string | null;
  forecast_guarantee_at: string | null;
  status: 'normal' | 'warning' | 'guarantee';
  /** [epoch ms, level m]: the last reading of each 10-minute step over the last 12 h. */
  recent: [number, number][];
}

const THRESHOLDS: readonly GaugeThreshold[] = ['warning', 'guarantee'];
const RECENT_MS = 12 * HOUR;
const RECENT_STEP_MS = 10 * MINUTE;

/**
 * One gauge: its readings (deduplicated by time, sensor faults held out: see CheckedReadings),
 * its trend, and its two threshold alerts.
 * Alerts follow the readings in time order: a reading at or above a threshold opens one
 * (`since` = that reading); readings below the threshold minus the hysteresis for
 * `gaugeResolveHoldMs` resolve it (`ended_at` = the first of them), so noise does not flap it.
 */
export class GaugeTracker {
  readonly gauge: Gauge;
  readonly #config: TyphoonConfig;
  readonly #checked: CheckedReadings;
  readonly #readings: CheckedReadings['series'];
  /** Open alerts: since, and the first reading of the current spell below the threshold. */
  readonly #open = new Map<GaugeThreshold, { since: number; below: number | undefined }>();
  /** Readings up to here have been walked for alerts. */
  #walkedTo = Number.NEGATIVE_INFINITY;
  #shownAt: number | undefined;
  /** Changes whenever the readings do: the trend cache is keyed on it. */
  #version = 0;
  #trendCache: { version: number; t: number; trend: Trend | undefined } | undefined;

  constructor(gauge: Gauge, config: TyphoonConfig) {
    this.gauge = gauge;
    this.#config = config;
    this.#checked = new CheckedReadings(gauge, () => {
      const last = this.#readings.last();
      return last === undefined ? undefined : this.trend(last.t)?.riseMPerH;
    });
    this.#readings = this.#checked.series;
  }

  get size(): number {
    return this.#checked.size;
  }

  add(t: number, level: number): CheckedDisposition {
    const before = this.#readings.size;
    const disposition = this.#checked.add({ t, level });
    if (this.#readings.size !== before) this.#version++;
    return disposition;
  }

  /** The newest reading received, trusted or not. */
  newest(): number | undefined {
    return this.#checked.newest();
  }

  refutedTotal(): number {
    return this.#checked.refutedTotal();
  }

  lastRefutedAt(at: number): number | undefined {
    return this.#checked.lastRefutedAt(at);
  }

  takeRefuted(): Refuted[] {
    return this.#checked.takeRefuted();
  }

  /** Trusted readings with `from < t ≤ to`. */
  range(from: number, to: number): LevelReading[] {
    return this.#readings.range(from, to);
  }

  oldest(): number | undefined {
    return this.#readings.first()?.t;
  }

  /** The earliest `since` of an open alert. */
  openSince(): number | undefined {
    let since: number | undefined;
    for (const { since: s } of this.#open.values()) since = since === undefined ? s : Math.min(since, s);
    return since;
  }

  prune(before: number): void {
    const size = this.#readings.size;
    this.#checked.prune(before);
    if (this.#readings.size !== size) this.#version++;
  }

  latest(at: number): LevelReading | undefined {
    return this.#readings.latest(at);
  }

  /** The Theil–Sen trend of the readings in the window ending at the newest reading `≤ at`. */
  trend(at: number): Trend | undefined {
    const last = this.#readings.latest(at);
    if (last === undefined) return undefined;
    const cached = this.#trendCache;
    if (cached?.version === this.#version && cached.t === last.t) return cached.trend;
    const window = this.#readings.range(last.t - this.#config.trendWindowMs, last.t);
    const trend = levelTrend(window, this.#config.trendMinPoints);
    this.#trendCache = { version: this.#version, t: last.t, trend };
    return trend;
  }

  thresholdM(which: GaugeThreshold): number {
    return which === 'warning' ? this.gauge.warning_level_m : this.gauge.guarantee_level_m;
  }

  /**
   * Walks the readings of `(walkedTo, at]`; alerts are detected at `at`. Late readings are not
   * walked; nor is a suspect reading (or anything after it) until the next readings decide it.
   */
  walk(at: number, out: Alert[]): void {
    const held = this.#checked.heldFrom();
    const to = held !== undefined && held <= at ? held - 1 : at;
    if (to <= this.#walkedTo) return;
    const g = this.gauge;
    const span = g.guarantee_level_m - g.warning_level_m;
    const hysteresis = Math.max(this.#config.minHysteresisM, this.#config.gaugeHysteresisShare * span);
    for (const r of this.#readings.range(this.#walkedTo, to)) {
      for (const which of THRESHOLDS) {
        const threshold = this.thresholdM(which);
        const open = this.#open.get(which);
        if (open === undefined) {
          if (r.level < threshold) continue;
          this.#open.set(which, { since: r.t, below: undefined });
          out.push(this.#alert(which, r.t, 'open', at, { level_m: r.level, reading_at: isoCst(r.t) }));
        } else if (r.level >= threshold - hysteresis) {
          open.below = undefined;
        } else {
          open.below ??= r.t;
          if (r.t - open.below < this.#config.gaugeResolveHoldMs) continue;
          this.#open.delete(which);
          out.push(
            this.#alert(which, open.since, 'resolved', at, {
              level_m: r.level,
              ended_at: isoCst(open.below),
            }),
          );
        }
      }
    }
    this.#walkedTo = Math.max(this.#walkedTo, to);
  }

  #alert(
    which: GaugeThreshold,
    since: number,
    status: Alert['status'],
    at: number,
    seen: Record<string, unknown>,
  ): Alert {
    const g = this.gauge;
    const trend = this.trend(at);
    return alertMessage(
      {
        type: 'water_level',
        severity: thresholdSeverity(which),
        subject: g.gauge_id,
        district: g.district,
        level: which,
        since,
      },
      status,
      at,
      {
        gauge_id: g.gauge_id,
        gauge_name: g.name,
        kind: g.kind,
        threshold: which,
        threshold_m: this.thresholdM(which),
        warning_level_m: g.warning_level_m,
        guarantee_level_m: g.guarantee_level_m,
        rise_m_per_h: trend === undefined ? null : round(trend.riseMPerH, 3),
        ...seen,
      },
    );
  }

  /** The screen's view at `at`, or undefined when nothing new arrived since it was last shown. */
  stateIfChanged(at: number): GaugeState | undefined {
    const last = this.#readings.latest(at);
    if (last === undefined || last.t === this.#shownAt) return undefined;
    this.#shownAt = last.t;
    const g = this.gauge;
    const trend = this.trend(at);
    const crossing = (which: GaugeThreshold): string | null => {
      if (trend === undefined) return null;
      const t = forecastCrossing(trend, this.thresholdM(which), this.#config.forecastHorizonMs);
      return t === undefined ? null : isoCst(t);
    };
    // The last reading of each 10-minute step: readings are sorted, so a step's last is the one
    // whose successor falls in another step.
    const recent: [number, number][] = [];
    const window = this.#readings.range(last.t - RECENT_MS, last.t);
    window.forEach((r, i) => {
      const next = window[i + 1];
      if (next === undefined || Math.floor(next.t / RECENT_STEP_MS) !== Math.floor(r.t / RECENT_STEP_MS)) {
        recent.push([r.t, r.level]);
      }
    });
    return {
      gauge_id: g.gauge_id,
      name: g.name,
      district: g.district,
      kind: g.kind,
      lat: g.lat,
      lon: g.lon,
      ts: isoCst(last.t),
      level_m: last.level,
      warning_level_m: g.warning_level_m,
      guarantee_level_m: g.guarantee_level_m,
      rise_m_per_h: trend === undefined ? null : round(trend.riseMPerH, 3),
      forecast_warning_at: last.level >= g.warning_level_m ? null : crossing('warning'),
      forecast_guarantee_at: last.level >= g.guarantee_level_m ? null : crossing('guarantee'),
      status: this.#open.has('guarantee') ? 'guarantee' : this.#open.has('warning') ? 'warning' : 'normal',
      recent,
    };
  }
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

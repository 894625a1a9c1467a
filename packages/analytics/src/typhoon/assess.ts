import { type Combined, combine } from './combine.ts';
import type { TyphoonConfig } from './config.ts';
import type { Exposure } from './exposure.ts';
import type { ForecastPart } from './forecast.ts';
import { gaugeHazard } from './gauge.ts';
import type { GaugeTracker } from './gauge-tracker.ts';
import { type RainAccumulations, type RainPeriod, rainAccumulations, rainHazard } from './rain.ts';
import type { TimeSeries } from './series.ts';
import { HOUR } from './time.ts';
import { stationWind, windHazard } from './wind.ts';

/** One weather observation as the model keeps it; a missing field stays undefined. */
export interface WeatherPoint extends RainPeriod {
  meanMs: number | undefined;
  gustMs: number | undefined;
}

interface Part {
  hazard: number;
  level: number;
  /** Devices with fresh data, and devices the registry lists. */
  reporting: number;
  of: number;
}

export interface Assessment {
  at: number;
  wind: Part & { stationId?: string; meanMs?: number; gustMs?: number };
  rain: Part & { stationId?: string; accumulations: RainAccumulations };
  water: Part & { gaugeId?: string; levelM?: number; riseMPerH?: number };
  exposure: Exposure;
  forecast: ForecastPart;
  combined: Combined;
}

/** No advisory: the forecast adds nothing and the score says it has none. */
export const NO_FORECAST: ForecastPart = {
  hazard: 0,
  advised: false,
  arrivals: { r7: { kind: 'unknown' }, r10: { kind: 'unknown' } },
};

const DAY = 24 * HOUR;

/**
 * A district's hazards at event time `at`, from the data with `ts ≤ at`: each hazard is the worst
 * over the district's stations or gauges (a signal is raised when part of the area reaches its
 * criterion). Data ages out: wind counts from the last `windWindowMs`, rain by its windows, a gauge
 * only if it reported within `staleAfterMs`; `reporting` says how many devices that left.
 */
export function assessDistrict(
  at: number,
  stations: ReadonlyMap<string, TimeSeries<WeatherPoint>>,
  gauges: readonly GaugeTracker[],
  exposure: Exposure,
  config: TyphoonConfig,
  /** A station's wind known to be an instrument fault (a stuck anemometer): read as unknown. */
  windOff: (stationId: string, t: number, meanMs: number | undefined) => boolean = () => false,
  forecast: ForecastPart = NO_FORECAST,
): Assessment {
  const wind: Assessment['wind'] = { hazard: 0, level: 0, reporting: 0, of: stations.size };
  const rain: Assessment['rain'] = {
    hazard: 0,
    level: 0,
    reporting: 0,
    of: stations.size,
    accumulations: { h1: 0, h3: 0, h6: 0, h12: 0, h24: 0 },
  };
  for (const [stationId, series] of stations) {
    const day = series.range(at - DAY, at);
    const means: number[] = [];
    const gusts: number[] = [];
    let rainSeen = false;
    let rainFresh = false;
    for (const p of day) {
      if (p.t > at - config.windWindowMs && !windOff(stationId, p.t, p.meanMs)) {
        if (p.meanMs !== undefined) means.push(p.meanMs);
        if (p.gustMs !== undefined) gusts.push(p.gustMs);
      }
      if (p.mm !== undefined) {
        rainSeen = true;
        if (p.t > at - config.staleAfterMs) rainFresh = true;
      }
    }
    if (means.length + gusts.length > 0) {
      wind.reporting++;
      const w = stationWind(means, gusts);
      const h = windHazard(w);
      if (
        h.hazard > wind.hazard ||
        wind.stationId === undefined ||
        (h.hazard === wind.hazard && stationId < wind.stationId)
      ) {
        Object.assign(wind, {
          hazard: h.hazard,
          level: h.level,
          stationId,
          meanMs: w.meanMs,
          gustMs: w.gustMs,
        });
      }
    }
    if (rainSeen) {
      if (rainFresh) rain.reporting++;
      const acc = rainAccumulations(day, at);
      for (const k of Object.keys(acc) as (keyof RainAccumulations)[]) {
        rain.accumulations[k] = Math.max(rain.accumulations[k], acc[k]);
      }
      const h = rainHazard(acc);
      // Ties go to the smaller station id, not to whichever the registry listed first: a
      // replay in another process must name the same station in its evidence.
      if (
        h.hazard > rain.hazard ||
        rain.stationId === undefined ||
        (h.hazard === rain.hazard && stationId < rain.stationId)
      ) {
        Object.assign(rain, { hazard: h.hazard, level: h.level, stationId });
      }
    }
  }
  const water: Assessment['water'] = { hazard: 0, level: 0, reporting: 0, of: gauges.length };
  for (const g of gauges) {
    const last = g.latest(at);
    if (last === undefined || at - last.t > config.staleAfterMs) continue;
    water.reporting++;
    const rise = g.trend(at)?.riseMPerH;
    const h = gaugeHazard(last.level, rise, g.gauge, config.waterLeadMs);
    if (
      h.hazard > water.hazard ||
      water.gaugeId === undefined ||
      (h.hazard === water.hazard && g.gauge.gauge_id < water.gaugeId)
    ) {
      Object.assign(water, {
        hazard: h.hazard,
        level: h.level,
        gaugeId: g.gauge.gauge_id,
        levelM: last.level,
      });
      water.riseMPerH = rise;
    }
  }
  const combined = combine(
    { wind: wind.hazard, rain: rain.hazard, water: water.hazard, forecast: forecast.hazard },
    exposure.value,
    config.exposureWeight,
  );
  return { at, wind, rain, water, exposure, forecast, combined };
}

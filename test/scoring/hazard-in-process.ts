// A simulated storm's weather and water levels through the pure typhoon models, in this process
// (no Kafka, no ClickHouse): deterministic, so two runs that differ only by planted station faults
// can be compared grid point by grid point (what the faults did to the risk), and fast enough to
// tune the station checks on one seed. The Kafka path is score-typhoon.ts; this is its control.
import {
  type DistrictRegistry,
  DistrictRiskModel,
  type FlaggedReading,
  levelIndex,
} from '@onegrid/analytics/typhoon';
import { type Alert, decoderFor, type Gauge, type Station, TOPICS, toEpochMs } from '@onegrid/contracts';
import { collectTruth, createScenario, type TruthEntry } from '@onegrid/simulator';

const STEP = 5 * 60_000;
const OUT_OF_ORDERNESS = 10 * 60_000;

export interface GridPoint {
  t: number;
  level: number;
  wind: number;
  rain: number;
}

export interface InProcessRun {
  /** Per district, its hazards at every grid point (as assessed when the watermark passed it). */
  grid: Map<string, GridPoint[]>;
  flagged: FlaggedReading[];
  alerts: Alert[];
  stationDistrict: Map<string, string>;
  truth: TruthEntry[];
}

type ScenarioInput = Parameters<typeof createScenario>[0];

/**
 * `drop`: values to leave out (`station|ts|field`, ts as sent): the control for planted glitches
 * is the same storm with the glitch values missing, as if the instrument had sent nothing.
 */
export function replayInProcess(input: ScenarioInput, drop: ReadonlySet<string> = new Set()): InProcessRun {
  const truth = collectTruth();
  const scenario = createScenario(
    { ...input, streams: { meters: false, tickets: false, evacuations: false, resources: false } },
    truth,
  );
  const registries = new Map<string, DistrictRegistry & { gauges: Gauge[]; stations: Station[] }>();
  for (const d of scenario.city.districts)
    registries.set(d.code, {
      district: d.code,
      population: d.population,
      households: 0,
      vulnerableHouseholds: 0,
      shelterCapacity: 0,
      gauges: [],
      stations: [],
    });
  const stationDistrict = new Map<string, string>();
  const gaugeDistrict = new Map<string, string>();
  const gauge = decoderFor(TOPICS.gauges);
  const station = decoderFor(TOPICS.stations);
  for (const r of scenario.registry()) {
    const g = r.topic === TOPICS.gauges ? gauge(r.value) : undefined;
    if (g?.ok) {
      registries.get(g.value.district)?.gauges.push(g.value);
      gaugeDistrict.set(g.value.gauge_id, g.value.district);
    }
    const s = r.topic === TOPICS.stations ? station(r.value) : undefined;
    if (s?.ok) {
      registries.get(s.value.district)?.stations.push(s.value);
      stationDistrict.set(s.value.station_id, s.value.district);
    }
  }
  const models = new Map([...registries].map(([code, reg]) => [code, new DistrictRiskModel({}, reg)]));
  const run: InProcessRun = {
    grid: new Map(),
    flagged: [],
    alerts: [],
    stationDistrict,
    truth: truth.entries,
  };
  const assessed = new Map<string, number>();
  const advance = (watermark: number) => {
    for (const [code, m] of models) {
      for (const out of [m.advanceWater(watermark), m.advanceWeather(watermark)]) {
        run.alerts.push(...out.alerts);
        run.flagged.push(...out.flagged);
      }
      run.alerts.push(...m.advance(watermark).alerts);
      const points = run.grid.get(code) ?? [];
      run.grid.set(code, points);
      for (
        let g = (assessed.get(code) ?? Math.floor(watermark / STEP) * STEP - STEP) + STEP;
        g <= watermark;
        g += STEP
      ) {
        const a = m.assess(g);
        points.push({ t: g, level: levelIndex(a.combined.level), wind: a.wind.hazard, rain: a.rain.hazard });
        assessed.set(code, g);
      }
    }
  };
  const weather = decoderFor(TOPICS.weatherObservations);
  const level = decoderFor(TOPICS.waterLevels);
  let maxTs = Number.NEGATIVE_INFINITY;
  let advancedTo = Number.NEGATIVE_INFINITY;
  for (const r of scenario.events()) {
    let t: number | undefined;
    if (r.topic === TOPICS.weatherObservations) {
      const d = weather(r.value);
      if (d.ok)
        for (const f of ['wind_speed_ms', 'wind_gust_ms', 'rain_mm'] as const)
          if (drop.has(`${d.value.station_id}|${d.value.ts}|${f}`)) delete d.value[f];
      const m = d.ok ? models.get(stationDistrict.get(d.value.station_id) ?? '') : undefined;
      if (d.ok && m !== undefined && m.onWeather(d.value) !== 'duplicate') t = toEpochMs(d.value.ts);
    } else if (r.topic === TOPICS.waterLevels) {
      const d = level(r.value);
      const m = d.ok ? models.get(gaugeDistrict.get(d.value.gauge_id) ?? '') : undefined;
      if (d.ok && m !== undefined && m.onWaterLevel(d.value) !== 'duplicate') t = toEpochMs(d.value.ts);
    }
    if (t === undefined) continue;
    maxTs = Math.max(maxTs, t);
    const watermark = maxTs - OUT_OF_ORDERNESS;
    if (Math.floor(watermark / STEP) > Math.floor(advancedTo / STEP)) {
      advance(watermark);
      advancedTo = watermark;
    }
  }
  advance(maxTs - OUT_OF_ORDERNESS);
  return run;
}

export interface FalseRisk {
  /** Grid points (district × 5 min) where a district with a faulty station had a higher level with the faults. */
  levelRaised: number;
  /** …where its wind or rain hazard was higher with the faults (by more than rounding). */
  windRaised: number;
  rainRaised: number;
  maxWindExcess: number;
  maxRainExcess: number;
}

/** Station glitch values of a run's truth, as `replayInProcess` drops them. */
export function glitchValues(run: InProcessRun): Set<string> {
  return new Set(
    run.truth.flatMap((e) =>
      e.type === 'sensor_fault' && e.device_kind === 'station' && e.kind === 'glitch'
        ? (e.readings ?? []).map((r) => `${e.device_id}|${r.ts}|${r.field}`)
        : [],
    ),
  );
}

/** What the planted station faults did to the risk: the faulty run against a control run. */
export function falseRisk(
  faulty: InProcessRun,
  clean: InProcessRun,
  districts: ReadonlySet<string>,
): FalseRisk {
  const out: FalseRisk = { levelRaised: 0, windRaised: 0, rainRaised: 0, maxWindExcess: 0, maxRainExcess: 0 };
  for (const district of districts) {
    const base = new Map((clean.grid.get(district) ?? []).map((p) => [p.t, p]));
    for (const p of faulty.grid.get(district) ?? []) {
      const b = base.get(p.t);
      if (b === undefined) continue;
      if (p.level > b.level) out.levelRaised++;
      if (p.wind > b.wind + 1e-9) out.windRaised++;
      if (p.rain > b.rain + 1e-9) out.rainRaised++;
      out.maxWindExcess = Math.max(out.maxWindExcess, p.wind - b.wind);
      out.maxRainExcess = Math.max(out.maxRainExcess, p.rain - b.rain);
    }
  }
  return out;
}

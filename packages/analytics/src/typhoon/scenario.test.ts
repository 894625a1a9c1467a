// The model against the simulator's storm, in-process: loose bounds, not recorded results.
import {
  type Alert,
  alertSchema,
  decoderFor,
  type RiskScore,
  riskScoreSchema,
  TOPICS,
  toEpochMs,
} from '@onegrid/contracts';
import { createScenario } from '@onegrid/simulator';
import { describe, expect, it } from 'vitest';
import { DistrictRiskModel } from './district-model.ts';
import type { DistrictRegistry } from './district-registry.ts';
import { levelIndex } from './levels.ts';
import { HOUR, MINUTE } from './time.ts';

function simulate() {
  const scenario = createScenario({
    seed: 7,
    households: 300,
    hours: 36,
    landfallHour: 24,
    streams: { meters: false, tickets: false, evacuations: false, resources: false },
  });
  const regs = new Map<string, DistrictRegistry & { gauges: unknown[]; stations: unknown[] }>();
  for (const d of scenario.city.districts) {
    regs.set(d.code, {
      district: d.code,
      population: d.population,
      households: d.households,
      vulnerableHouseholds: 0,
      shelterCapacity: 0,
      gauges: [],
      stations: [],
    });
  }
  const where = new Map<string, string>();
  const gaugeOf = decoderFor(TOPICS.gauges);
  const stationOf = decoderFor(TOPICS.stations);
  for (const r of scenario.registry()) {
    const d =
      r.topic === TOPICS.gauges ? gaugeOf(r.value) : r.topic === TOPICS.stations ? stationOf(r.value) : null;
    if (!d?.ok) continue;
    const reg = regs.get(d.value.district);
    if ('gauge_id' in d.value) {
      reg?.gauges.push(d.value);
      where.set(d.value.gauge_id, d.value.district);
    } else {
      reg?.stations.push(d.value);
      where.set(d.value.station_id, d.value.district);
    }
  }
  const models = new Map([...regs].map(([code, reg]) => [code, new DistrictRiskModel({}, reg)]));
  const weather = decoderFor(TOPICS.weatherObservations);
  const levels = decoderFor(TOPICS.waterLevels);
  const scores: RiskScore[] = [];
  const alerts: Alert[] = [];
  let maxTs = Number.NEGATIVE_INFINITY;
  let advanced = Number.NEGATIVE_INFINITY;
  for (const r of scenario.events()) {
    const w = r.topic === TOPICS.weatherObservations ? weather(r.value) : null;
    const l = r.topic === TOPICS.waterLevels ? levels(r.value) : null;
    let t: number | undefined;
    if (w?.ok) {
      models.get(where.get(w.value.station_id) ?? '')?.onWeather(w.value);
      t = toEpochMs(w.value.ts);
    } else if (l?.ok) {
      models.get(where.get(l.value.gauge_id) ?? '')?.onWaterLevel(l.value);
      t = toEpochMs(l.value.ts);
    }
    if (t === undefined || t <= maxTs) continue;
    maxTs = t;
    if (maxTs - 10 * MINUTE - advanced < 5 * MINUTE) continue;
    advanced = maxTs - 10 * MINUTE;
    for (const m of models.values()) {
      const out = m.advance(advanced);
      scores.push(...out.scores);
      alerts.push(...out.alerts);
    }
  }
  return { landfall: scenario.landfall, scores, alerts };
}

describe('scenario > the simulated typhoon', () => {
  const { landfall, scores, alerts } = simulate();

  it('keeps every district at none while the storm is far away', () => {
    const early = scores.filter((s) => toEpochMs(s.ts) < landfall - 15 * HOUR);
    expect(early.length).toBeGreaterThan(16);
    for (const s of early) expect(s.level).toBe('none');
  });

  it('raises several districts to orange or red near landfall', () => {
    const near = scores.filter((s) => Math.abs(toEpochMs(s.ts) - landfall) <= 6 * HOUR);
    const severe = new Set(near.filter((s) => levelIndex(s.level) >= 3).map((s) => s.district));
    expect(severe.size).toBeGreaterThanOrEqual(3);
  });

  it('raises typhoon_risk and water_level alerts that the contract accepts, none before the storm', () => {
    expect(alerts.some((a) => a.type === 'typhoon_risk' && a.severity === 'critical')).toBe(true);
    expect(alerts.some((a) => a.type === 'water_level' && a.subject === 'WL-HPJ-001')).toBe(true);
    for (const a of alerts) {
      expect(alertSchema.safeParse(a).success).toBe(true);
      expect(toEpochMs(a.since)).toBeGreaterThan(landfall - 15 * HOUR);
    }
    for (const s of scores) expect(riskScoreSchema.safeParse(s).success).toBe(true);
  });
});

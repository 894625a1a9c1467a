/**
 * Runs a simulator typhoon in-process through one DistrictRiskModel per district and prints, per
 * district, when each risk level was first reached and the highest score, and per gauge when the
 * water_level alerts fired against the simulator's truth (first reading at or above the warning /
 * guaranteed level). Usage:
 *   node packages/analytics/scripts/evaluate-typhoon.ts [--households 2000] [--hours 48] [--seed 42]
 */
import { parseArgs } from 'node:util';
import {
  type Alert,
  alertSchema,
  decoderFor,
  type Gauge,
  isoCstSeconds,
  type RiskScore,
  riskScoreSchema,
  type Station,
  TOPICS,
  toEpochMs,
} from '@onegrid/contracts';
import { collectTruth, createScenario, type GaugeTruthEntry } from '@onegrid/simulator';
import { type DistrictRegistry, DistrictRiskModel, LEVELS } from '../src/typhoon/index.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const OUT_OF_ORDERNESS = 10 * MINUTE;

const { values } = parseArgs({
  options: {
    households: { type: 'string', default: '2000' },
    hours: { type: 'string', default: '48' },
    seed: { type: 'string', default: '42' },
  },
});

const truth = collectTruth();
const scenario = createScenario(
  {
    seed: Number(values.seed),
    households: Number(values.households),
    hours: Number(values.hours),
    streams: { meters: false, tickets: false, evacuations: false, resources: false },
  },
  truth,
);

// Registry: group stations and gauges by district, count households and shelter places.
const decode = {
  gauge: decoderFor(TOPICS.gauges),
  station: decoderFor(TOPICS.stations),
  shelter: decoderFor(TOPICS.shelters),
  household: decoderFor(TOPICS.households),
  weather: decoderFor(TOPICS.weatherObservations),
  level: decoderFor(TOPICS.waterLevels),
};
const registries = new Map<string, DistrictRegistry & { gauges: Gauge[]; stations: Station[] }>();
const names = new Map<string, string>();
for (const d of scenario.city.districts) {
  names.set(d.code, d.name);
  registries.set(d.code, {
    district: d.code,
    population: d.population, // the `districts` table's census figure in production
    households: 0,
    vulnerableHouseholds: 0,
    shelterCapacity: 0,
    gauges: [],
    stations: [],
  });
}
const stationDistrict = new Map<string, string>();
const gaugeDistrict = new Map<string, string>();
for (const r of scenario.registry()) {
  if (r.topic === TOPICS.gauges) {
    const g = decode.gauge(r.value);
    if (g.ok) registries.get(g.value.district)?.gauges.push(g.value);
    if (g.ok) gaugeDistrict.set(g.value.gauge_id, g.value.district);
  } else if (r.topic === TOPICS.stations) {
    const s = decode.station(r.value);
    if (s.ok) registries.get(s.value.district)?.stations.push(s.value);
    if (s.ok) stationDistrict.set(s.value.station_id, s.value.district);
  } else if (r.topic === TOPICS.shelters) {
    const s = decode.shelter(r.value);
    const reg = s.ok ? registries.get(s.value.district) : undefined;
    if (s.ok && reg) reg.shelterCapacity += s.value.capacity;
  } else if (r.topic === TOPICS.households) {
    const h = decode.household(r.value);
    const reg = h.ok ? registries.get(h.value.district) : undefined;
    if (h.ok && reg) {
      reg.households++;
      if (h.value.lives_alone === true || (h.value.vulnerable?.length ?? 0) > 0) reg.vulnerableHouseholds++;
    }
  }
}
const models = new Map([...registries].map(([code, reg]) => [code, new DistrictRiskModel({}, reg)]));

// Events in arrival order; watermark = max event time − 10 min; advance on each new 5-min step.
const scores: RiskScore[] = [];
const alerts: Alert[] = [];
const tally: Record<string, number> = {};
const count = (k: string) => {
  tally[k] = (tally[k] ?? 0) + 1;
};
let maxTs = Number.NEGATIVE_INFINITY;
let advancedTo = Number.NEGATIVE_INFINITY;
let modelMs = 0;
const advanceAll = (watermark: number) => {
  const t0 = performance.now();
  for (const m of models.values()) {
    const out = m.advance(watermark);
    scores.push(...out.scores);
    alerts.push(...out.alerts);
  }
  modelMs += performance.now() - t0;
};
const started = performance.now();
for (const r of scenario.events()) {
  let disposition: string;
  let t: number;
  if (r.topic === TOPICS.weatherObservations) {
    const d = decode.weather(r.value);
    if (!d.ok) {
      count('invalid');
      continue;
    }
    t = toEpochMs(d.value.ts);
    const model = models.get(stationDistrict.get(d.value.station_id) ?? '');
    const t0 = performance.now();
    disposition = model ? model.onWeather(d.value) : 'unknown';
    modelMs += performance.now() - t0;
  } else if (r.topic === TOPICS.waterLevels) {
    const d = decode.level(r.value);
    if (!d.ok) {
      count('invalid');
      continue;
    }
    t = toEpochMs(d.value.ts);
    const model = models.get(gaugeDistrict.get(d.value.gauge_id) ?? '');
    const t0 = performance.now();
    disposition = model ? model.onWaterLevel(d.value) : 'unknown';
    modelMs += performance.now() - t0;
  } else continue;
  count(disposition);
  if (disposition !== 'accepted') continue;
  maxTs = Math.max(maxTs, t);
  const watermark = maxTs - OUT_OF_ORDERNESS;
  if (Math.floor(watermark / (5 * MINUTE)) > Math.floor(advancedTo / (5 * MINUTE))) {
    advanceAll(watermark);
    advancedTo = watermark;
  }
}
advanceAll(maxTs - OUT_OF_ORDERNESS);
const elapsed = performance.now() - started;

const invalidOut =
  scores.filter((s) => !riskScoreSchema.safeParse(s).success).length +
  alerts.filter((a) => !alertSchema.safeParse(a).success).length;
const landfall = scenario.landfall;
const rel = (t: number) => `${((t - landfall) / HOUR).toFixed(1).padStart(5)} h`;

console.log(
  `scenario seed ${values.seed}, ${values.households} households, ${values.hours} h; landfall ${isoCstSeconds(landfall)}`,
);
console.log(
  `inputs: ${JSON.stringify(tally)}; ${(elapsed / 1000).toFixed(2)} s in all, ${(modelMs / 1000).toFixed(2)} s in the models (the rest: simulating, decoding)`,
);
console.log(
  `outputs: ${scores.length} risk scores, ${alerts.length} alert messages; failing the contract: ${invalidOut}`,
);
console.log('\nper district: first time at each level (hours from landfall), max score');
console.log(
  'district         blue     yellow   orange   red      max score (at)          scores alerts  blue by    exposure',
);
for (const [code, reg] of registries) {
  const own = scores.filter((s) => s.district === code);
  const first = LEVELS.slice(1).map((level) => {
    const s = own.find((x) => LEVELS.indexOf(x.level) >= LEVELS.indexOf(level));
    return s === undefined ? '   -    ' : rel(toEpochMs(s.ts)).padEnd(8);
  });
  const max = own.reduce<RiskScore | undefined>(
    (m, s) => (m === undefined || s.score > m.score ? s : m),
    undefined,
  );
  const maxText =
    max === undefined ? '-' : `${max.score.toFixed(1)} ${max.level} (${rel(toEpochMs(max.ts))})`;
  const nAlerts = alerts.filter((a) => a.district === code && a.type === 'typhoon_risk').length;
  const blue = own.find((x) => x.level !== 'none');
  const by =
    blue === undefined
      ? ''
      : (['wind', 'rain', 'water'] as const).filter((k) => blue.components[k] >= 0.2).join('+');
  console.log(
    `${code} ${(names.get(code) ?? '').padEnd(6, '　')} ${first.join(' ')} ${maxText.padEnd(22)} ${String(own.length).padStart(4)} ${String(nAlerts).padStart(5)}  ${by.padEnd(10)} ${(own[0]?.components.exposure ?? 0).toFixed(2)} (${reg.vulnerableHouseholds}/${reg.households} vulnerable, ${reg.stations.length} stations, ${reg.gauges.length} gauges)`,
  );
}

console.log('\nper gauge: water_level alerts vs truth (first reading at/above the threshold)');
console.log(
  'gauge        threshold  truth first        alert since / detected_at     delay (detected − truth)',
);
const delays: number[] = [];
let missed = 0;
let spurious = 0;
for (const entry of truth.entries) {
  if (entry.type !== 'gauge') continue;
  const g = entry as GaugeTruthEntry;
  for (const [threshold, truthTs] of [
    ['warning', g.first_warning],
    ['guarantee', g.first_guarantee],
  ] as const) {
    const opened = alerts.find(
      (a) => a.subject === g.gauge_id && a.status === 'open' && a.alert_id.includes(`:${threshold}:`),
    );
    if (truthTs === null && opened === undefined) continue;
    if (truthTs === null) spurious++;
    if (opened === undefined) missed++;
    let delay = '';
    if (truthTs !== null && opened !== undefined) {
      const d = (toEpochMs(opened.detected_at) - toEpochMs(truthTs)) / MINUTE;
      delays.push(d);
      delay = `${d.toFixed(0)} min (since − truth ${((toEpochMs(opened.since) - toEpochMs(truthTs)) / MINUTE).toFixed(0)} min)`;
    }
    console.log(
      `${g.gauge_id.padEnd(12)} ${threshold.padEnd(10)} ${truthTs === null ? '-'.padEnd(18) : rel(toEpochMs(truthTs)).padEnd(18)} ${
        opened ? `${rel(toEpochMs(opened.since))} / ${rel(toEpochMs(opened.detected_at))}` : '-'.padEnd(17)
      }     ${delay}`,
    );
  }
}
delays.sort((a, b) => a - b);
const q = (p: number) => delays[Math.min(delays.length - 1, Math.floor(p * delays.length))] ?? Number.NaN;
console.log(
  `\ngauge thresholds crossed and alerted: ${delays.length}, missed: ${missed}, alerted without truth: ${spurious}; detection delay median ${q(0.5).toFixed(0)} min, max ${(delays.at(-1) ?? Number.NaN).toFixed(0)} min`,
);
// A flap: the same gauge threshold opening again within an hour of its resolution.
let flaps = 0;
const resolvedAt = new Map<string, number>();
for (const a of alerts) {
  if (a.type !== 'water_level') continue;
  const key = a.alert_id.split(':').slice(0, 3).join(':');
  if (a.status === 'resolved') resolvedAt.set(key, toEpochMs(a.detected_at));
  else if (toEpochMs(a.since) - (resolvedAt.get(key) ?? Number.NEGATIVE_INFINITY) < HOUR) flaps++;
}
const perLevel = new Map<string, number>();
for (const a of alerts) {
  if (a.type !== 'typhoon_risk' || a.status !== 'open') continue;
  const key = `${a.district}:${String(a.evidence.level)}`;
  perLevel.set(key, (perLevel.get(key) ?? 0) + 1);
}
const reopened = [...perLevel.values()].filter((n) => n > 1).length;
const opened = (type: string) => alerts.filter((a) => a.type === type && a.status === 'open').length;
console.log(
  `water_level alerts opened: ${opened('water_level')}, of which re-opened within 1 h of their resolution: ${flaps}; typhoon_risk alerts opened: ${opened('typhoon_risk')} (${perLevel.size} district levels; ${reopened} reached again after resolving)`,
);

/**
 * How fast the simulator's station values move, to choose the station-quality limits
 * (station-quality.ts) on one seed and check them on others. Prints the largest step between a
 * station's consecutive observations, the gust factor and the spread against the district's other
 * stations, over every station of the scenario. Usage:
 *   node packages/analytics/scripts/station-steps.ts [--seed 42] [--hours 48]
 */
import { parseArgs } from 'node:util';
import { decoderFor, TOPICS, toEpochMs, type WeatherObservation } from '@onegrid/contracts';
import { createScenario } from '@onegrid/simulator';

const { values } = parseArgs({
  options: { seed: { type: 'string', default: '42' }, hours: { type: 'string', default: '48' } },
});
const scenario = createScenario({
  seed: Number(values.seed),
  households: 100,
  hours: Number(values.hours),
  streams: { meters: false, tickets: false, evacuations: false, resources: false, waterLevels: false },
});
const districtOf = new Map(scenario.city.stations.map((s) => [s.station_id, s.district]));
const decode = decoderFor(TOPICS.weatherObservations);
const byStation = new Map<string, WeatherObservation[]>();
for (const r of scenario.events()) {
  if (r.topic !== TOPICS.weatherObservations) continue;
  const d = decode(r.value);
  if (!d.ok) continue;
  const xs = byStation.get(d.value.station_id) ?? [];
  xs.push(d.value);
  byStation.set(d.value.station_id, xs);
}
const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[Math.min(s.length - 1, Math.floor(p * s.length))] as number);
};
const steps = { mean: [] as number[], gust: [] as number[], rain: [] as number[] };
const ratio: number[] = [];
const excess: number[] = [];
const rain: number[] = [];
const rainSpike: number[] = [];
const spread = { mean: [] as number[], gust: [] as number[] };
const at = new Map<string, WeatherObservation>();
for (const [id, xs] of byStation) {
  xs.sort((a, b) => toEpochMs(a.ts) - toEpochMs(b.ts));
  for (const o of xs) at.set(`${id}|${o.ts}`, o);
  xs.forEach((o, i) => {
    const prev = xs[i - 1];
    const next = xs[i + 1];
    if (o.wind_speed_ms != null && o.wind_gust_ms != null) {
      ratio.push(o.wind_gust_ms / Math.max(o.wind_speed_ms, 1));
      excess.push(o.wind_gust_ms - o.wind_speed_ms);
    }
    if (o.rain_mm != null) rain.push(o.rain_mm);
    if (prev === undefined || toEpochMs(o.ts) - toEpochMs(prev.ts) !== 300_000) return;
    if (o.wind_speed_ms != null && prev.wind_speed_ms != null)
      steps.mean.push(Math.abs(o.wind_speed_ms - prev.wind_speed_ms));
    if (o.wind_gust_ms != null && prev.wind_gust_ms != null)
      steps.gust.push(Math.abs(o.wind_gust_ms - prev.wind_gust_ms));
    if (o.rain_mm != null && prev.rain_mm != null) steps.rain.push(Math.abs(o.rain_mm - prev.rain_mm));
    if (o.rain_mm != null && prev.rain_mm != null && next?.rain_mm != null)
      rainSpike.push(o.rain_mm - Math.max(prev.rain_mm, next.rain_mm));
  });
}
for (const [id, xs] of byStation) {
  for (const o of xs) {
    const peers = [...byStation.keys()].filter((p) => p !== id && districtOf.get(p) === districtOf.get(id));
    const near = peers.map((p) => at.get(`${p}|${o.ts}`)).filter((x) => x !== undefined);
    if (o.wind_speed_ms != null && near.length > 0) {
      const m = near.map((n) => n.wind_speed_ms).filter((v) => v != null) as number[];
      if (m.length > 0)
        spread.mean.push(Math.min(...m.map((v) => Math.abs(v - (o.wind_speed_ms as number)))));
    }
    if (o.wind_gust_ms != null && near.length > 0) {
      const m = near.map((n) => n.wind_gust_ms).filter((v) => v != null) as number[];
      if (m.length > 0) spread.gust.push(Math.min(...m.map((v) => Math.abs(v - (o.wind_gust_ms as number)))));
    }
  }
}
const row = (name: string, xs: number[]) =>
  console.log(
    `${name.padEnd(34)} n ${String(xs.length).padStart(6)}  p50 ${q(xs, 0.5).toFixed(2).padStart(6)}  p99 ${q(xs, 0.99).toFixed(2).padStart(6)}  p99.9 ${q(xs, 0.999).toFixed(2).padStart(6)}  max ${Math.max(
      ...xs,
    )
      .toFixed(2)
      .padStart(6)}`,
  );
console.log(`seed ${values.seed}, ${byStation.size} stations, ${values.hours} h`);
row('mean wind step (5 min), m/s', steps.mean);
row('gust step (5 min), m/s', steps.gust);
row('rain step (5 min), mm', steps.rain);
row('rain in 5 min, mm', rain);
row('rain above both neighbours, mm', rainSpike);
row('gust / max(mean, 1)', ratio);
row('gust − mean, m/s', excess);
row('mean vs nearest peer, m/s', spread.mean);
row('gust vs nearest peer, m/s', spread.gust);

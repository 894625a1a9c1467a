// Scores the wind-circle arrival forecast (issue 18, item 4) against what the stations measure:
// runs a simulator storm in process, and for every advisory and district compares the time the
// advisory's forecast puts one of the district's stations inside the 7级 / 10级 circle (as the
// risk model computes it, at the advisory's time) with the first observation of a station of
// that district whose 2-min mean wind reaches Beaufort 7 (≥ 13.9 m/s) / 10 (≥ 24.5 m/s).
// Prints, per lead time (measured arrival − advisory time), the median and p90 of the absolute
// error in hours, the median signed error (+ = forecast late), and the arrivals the forecast
// did not see (none within the forecast).
//
//   node test/scoring/score-wind-arrival.ts [--seed 7] [--hours 72]
import { parseArgs } from 'node:util';
import { windArrivals } from '@onegrid/analytics/typhoon';
import { decoderFor, type Station, TOPICS, type TyphoonAdvisory, toEpochMs } from '@onegrid/contracts';
import { collectTruth, createScenario } from '@onegrid/simulator';

const HOUR = 3_600_000;
const { values } = parseArgs({
  options: { seed: { type: 'string', default: '7' }, hours: { type: 'string', default: '72' } },
});
const scenario = createScenario(
  {
    seed: Number(values.seed),
    households: 100,
    hours: Number(values.hours),
    streams: { meters: false, tickets: false, evacuations: false, resources: false },
  },
  collectTruth(),
);
const decode = {
  station: decoderFor(TOPICS.stations),
  weather: decoderFor(TOPICS.weatherObservations),
  advisory: decoderFor(TOPICS.typhoonAdvisories),
};
const stations = new Map<string, Station[]>();
const districtOf = new Map<string, string>();
for (const r of scenario.registry()) {
  if (r.topic !== TOPICS.stations) continue;
  const s = decode.station(r.value);
  if (!s.ok) continue;
  stations.set(s.value.district, [...(stations.get(s.value.district) ?? []), s.value]);
  districtOf.set(s.value.station_id, s.value.district);
}

const CIRCLES = { r7: 13.9, r10: 24.5 } as const;
type Circle = keyof typeof CIRCLES;
const measured: Record<Circle, Map<string, number>> = { r7: new Map(), r10: new Map() };
const advisories: TyphoonAdvisory[] = [];
for (const r of scenario.events()) {
  if (r.topic === TOPICS.typhoonAdvisories) {
    const a = decode.advisory(r.value);
    if (a.ok) advisories.push(a.value);
  } else if (r.topic === TOPICS.weatherObservations) {
    const w = decode.weather(r.value);
    const district = w.ok ? districtOf.get(w.value.station_id) : undefined;
    if (!w.ok || district === undefined || w.value.wind_speed_ms == null) continue;
    const t = toEpochMs(w.value.ts);
    for (const c of ['r7', 'r10'] as const) {
      const first = measured[c].get(district);
      if (w.value.wind_speed_ms >= CIRCLES[c] && (first === undefined || t < first))
        measured[c].set(district, t);
    }
  }
}

const BUCKETS = [
  [0, 6],
  [6, 12],
  [12, 24],
  [24, 48],
  [48, 72],
] as const;
const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? Number.NaN;
};
const f1 = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(1));

console.log(
  `seed ${values.seed}: ${advisories.length} advisories, districts reaching force 7: ${measured.r7.size} / ${stations.size}, force 10: ${measured.r10.size}`,
);
console.log('circle lead (h)   pairs  |err| median  p90   signed median  not foreseen');
for (const c of ['r7', 'r10'] as const) {
  const rows = BUCKETS.map(() => ({ errors: [] as number[], signed: [] as number[], missed: 0 }));
  for (const a of advisories) {
    const issued = toEpochMs(a.ts);
    for (const [district, first] of measured[c]) {
      const lead = (first - issued) / HOUR;
      const b = BUCKETS.findIndex(([lo, hi]) => lead > lo && lead <= hi);
      const row = rows[b];
      if (row === undefined) continue;
      const arrival = windArrivals(a, stations.get(district) ?? [], issued)[c];
      if (arrival.kind === 'none' || arrival.kind === 'unknown') {
        row.missed++;
        continue;
      }
      const predicted = arrival.kind === 'inside' ? issued : arrival.at;
      const err = (predicted - first) / HOUR;
      row.errors.push(Math.abs(err));
      row.signed.push(err);
    }
  }
  rows.forEach((row, i) => {
    const [lo, hi] = BUCKETS[i] ?? [0, 0];
    console.log(
      `${c.padEnd(6)} ${`${lo}–${hi}`.padEnd(10)} ${String(row.errors.length).padStart(5)}  ${f1(quantile(row.errors, 0.5)).padStart(11)}  ${f1(quantile(row.errors, 0.9)).padStart(4)}  ${f1(quantile(row.signed, 0.5)).padStart(13)}  ${String(row.missed).padStart(12)}`,
    );
  });
}

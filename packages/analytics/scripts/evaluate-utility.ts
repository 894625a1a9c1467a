/**
 * Runs a simulator scenario in-process through onegrid's utility detector and the two
 * baselines, and prints their scores against the planted truth.
 *
 *   node packages/analytics/scripts/evaluate-utility.ts [--households 10000] [--warmup-days 14]
 *     [--hours 48] [--seed 42] [--incidents 4] [--travel 15] [--advance-min 10]
 *     [--source simulator|households|enduse] [--watermark-lag-hours 0]
 *
 * `--source households` feeds packages/households instead (held out: parameters are chosen on
 * the simulator only); `--hours` is rounded up to whole days, and its own planting rates apply
 * unless `--incidents` is given.
 *
 * Meter readings are fed in arrival order, decoded with the contracts' decoder (invalid copies
 * skipped, as the processor dead-letters them); the watermark is the highest event time seen
 * minus 15 minutes, advanced every `--advance-min` simulated minutes. `--watermark-lag-hours L`
 * holds the watermark L hours further back while each meter's own feed (`meterClock`) is where
 * the feed has got (the newest reading − 30 min): the order a replay or a backlog through Kafka
 * reads it in, its partitions hours ahead of the watermark, without a broker.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Alert, alertSchema, decoderFor, type Household, TOPICS, toEpochMs } from '@onegrid/contracts';
import { collectTruth as collectHouseholdsTruth, createGeneration } from '@onegrid/households';
import { collectTruth, createScenario } from '@onegrid/simulator';
import {
  eventReport,
  FixedThresholdRule,
  formatReport,
  type HourlyDetector,
  inactivityReport,
  inInactivityScope,
  readTruth,
  scopeTruth,
  scoreEvents,
  scoreInactivity,
  TwoDayRule,
  UtilityDetector,
} from '../src/utility/index.ts';

const { values } = parseArgs({
  options: {
    households: { type: 'string', default: '10000' },
    'warmup-days': { type: 'string', default: '14' },
    hours: { type: 'string', default: '48' },
    seed: { type: 'string', default: '42' },
    incidents: { type: 'string' },
    source: { type: 'string', default: 'simulator' },
    travel: { type: 'string', default: '15' },
    'advance-min': { type: 'string', default: '10' },
    'watermark-lag-hours': { type: 'string', default: '0' },
    'dump-false-alarms': { type: 'string', default: '0' },
    /** Writes onegrid's alerts, the truth and every hourly row (JSON lines) into this folder, for analysis. */
    dump: { type: 'string' },
    /** The households generator's planting rates per 10k, e.g. 'incident=200,waterRunning=100'. */
    plant: { type: 'string' },
    /** onegrid options as JSON, e.g. '{"ratioMargin":0.8}' (see config.ts). */
    config: { type: 'string', default: '{}' },
    /**
     * A second onegrid configuration scored side by side on the same feed (same readings, same
     * truth), e.g. '{"inactivityModel":"spell_start"}': kept rule and candidate in one run.
     */
    candidate: { type: 'string', multiple: true },
    /**
     * Every close in the finest slices the processor can make (a pause after each household's or
     * meter's work, `advanceSliced`, issue 17): the dumps must hash as they do without it.
     */
    sliced: { type: 'boolean', default: false },
  },
});
const households = Number(values.households);
const config = {
  seed: Number(values.seed),
  households,
  hours: Number(values.hours),
  warmupDays: Number(values['warmup-days']),
  streams: { weather: false, waterLevels: false, tickets: false, evacuations: false, resources: false },
  plant: { incident: Number(values.incidents ?? 4), travel: Number(values.travel) },
};
const advanceEvery = Number(values['advance-min']) * 60_000;
const feedLag = Number(values['watermark-lag-hours']) * 3_600_000;
const LAG = 15 * 60_000 + feedLag;

const started = performance.now();
interface Source {
  /** Registry records first, then readings in arrival order. */
  records: Iterable<{ topic: string; value: string | Uint8Array }>;
  start: number;
  label: string;
  truth: { entries: unknown[] };
}
const plantFlag = (): Record<string, number> | undefined =>
  values.plant === undefined
    ? undefined
    : Object.fromEntries(
        values.plant.split(',').map((kv) => {
          const [k = '', v = ''] = kv.split('=');
          return [k, Number(v)];
        }),
      );
async function openSource(): Promise<Source> {
  if (values.source === 'enduse') {
    // Not a dependency of this package (the generator depends on analytics for its tests):
    // loaded from the workspace for this development script only. Its model output must be
    // cached already (ONEGRID_ENDUSE_CACHE): running the models costs ~12 CPU-min per 700
    // households, so this script refuses rather than start them.
    const enduse = await import('../../enduse-generator/src/index.ts');
    const { existsSync } = await import('node:fs');
    const entries: unknown[] = [];
    const truth = { entries, write: (e: unknown) => void entries.push(e) };
    const c = enduse.parseEnduseConfig({
      seed: config.seed,
      households,
      days: Math.ceil(config.hours / 24),
      warmupDays: config.warmupDays,
      ...(plantFlag() !== undefined ? { plant: plantFlag() } : {}),
    });
    const dir = enduse.cacheDir(c);
    if (!existsSync(join(dir, 'done'))) throw new Error(`--source enduse: no cached model output at ${dir}`);
    const generation = enduse.createGeneration(c, await enduse.loadUsage(c), truth);
    return { records: generation.records(), start: generation.start, label: 'enduse (development)', truth };
  }
  if (values.source === 'households') {
    const truth = collectHouseholdsTruth();
    const generation = createGeneration(
      {
        seed: config.seed,
        households,
        days: Math.ceil(config.hours / 24),
        warmupDays: config.warmupDays,
        ...(values.plant !== undefined
          ? { plant: plantFlag() }
          : values.incidents !== undefined
            ? { plant: { incident: Number(values.incidents) } }
            : {}),
      },
      truth,
    );
    return { records: generation.records(), start: generation.start, label: 'households (held out)', truth };
  }
  if (values.source !== 'simulator')
    throw new Error(`--source: simulator, households or enduse, not ${values.source}`);
  const truth = collectTruth();
  const scenario = createScenario(config, truth);
  const records = function* () {
    yield* scenario.registry();
    yield* scenario.events();
  };
  return { records: records(), start: scenario.start, label: `simulator (${scenario.config.start})`, truth };
}
const source = await openSource();
const { truth } = source;
const scenario = { start: source.start };
const decodeHousehold = decoderFor(TOPICS.households);
const decodeReading = decoderFor(TOPICS.meterReadings);
const registry = new Map<string, Household>();
const deps = {
  household: (id: string) => registry.get(id),
  // With a lagging watermark, every meter's own feed is where the feed has got (one partition).
  ...(feedLag > 0 ? { meterClock: () => maxTs - 30 * 60_000 } : {}),
};
const detectors: [string, HourlyDetector<unknown>][] = [
  ['onegrid', new UtilityDetector(JSON.parse(values.config), deps) as HourlyDetector<unknown>],
  ...(values.candidate ?? []).map((c, i): [string, HourlyDetector<unknown>] => [
    `candidate ${i + 1} ${c}`,
    new UtilityDetector(JSON.parse(c), deps) as HourlyDetector<unknown>,
  ]),
  ['two-day rule', new TwoDayRule({}, deps) as HourlyDetector<unknown>],
  ['fixed 0.01 m3 / 12 h', new FixedThresholdRule({}, deps) as HourlyDetector<unknown>],
];
const alerts = new Map<string, Alert[]>(detectors.map(([name]) => [name, []]));
let readings = 0;
let invalid = 0;
let hourlyRows = 0;
/** (household, hour) → the model its newest row says judged it. */
const models = new Map<string, string>();
const dumpRows: string[] | undefined = values.dump === undefined ? undefined : [];
let maxTs = Number.NEGATIVE_INFINITY;
let nextAdvance = Number.NEGATIVE_INFINITY;
const outcomes: Record<string, number> = {};

const advanceInSlices = (d: HourlyDetector<unknown>, watermark: number) => {
  let out = d.advanceSliced(watermark, () => true);
  while (out === undefined) out = d.resume(() => true);
  return out;
};

const advance = (watermark: number) => {
  for (const [name, d] of detectors) {
    const out = values.sliced ? advanceInSlices(d, watermark) : d.advance(watermark);
    (alerts.get(name) as Alert[]).push(...out.alerts);
    if (name === 'onegrid') {
      hourlyRows += out.hourly.length;
      if (dumpRows) for (const row of out.hourly) dumpRows.push(JSON.stringify(row));
      for (const row of out.hourly) models.set(`${row.household_id}|${row.hour}`, row.model);
    }
  }
};

for (const r of source.records) {
  if (r.topic === TOPICS.households) {
    const d = decodeHousehold(r.value);
    if (d.ok) registry.set(d.value.household_id, d.value);
    continue;
  }
  if (r.topic !== TOPICS.meterReadings) continue;
  const d = decodeReading(r.value);
  if (!d.ok) {
    invalid++;
    continue;
  }
  readings++;
  const ts = toEpochMs(d.value.ts);
  if (ts > maxTs) maxTs = ts;
  for (const [name, det] of detectors) {
    const o = det.onReading(d.value);
    if (name === 'onegrid') outcomes[o] = (outcomes[o] ?? 0) + 1;
  }
  if (maxTs >= nextAdvance) {
    advance(maxTs - LAG);
    nextAdvance = maxTs + advanceEvery;
  }
}
// The end of the feed: a lagging watermark catches up, as a drained replay's does.
advance(maxTs - 15 * 60_000);
const seconds = (performance.now() - started) / 1000;
if (values.dump !== undefined && dumpRows) {
  mkdirSync(values.dump, { recursive: true });
  const lines = (xs: unknown[]) =>
    `${xs.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('\n')}\n`;
  writeFileSync(join(values.dump, 'hourly.jsonl'), lines(dumpRows));
  writeFileSync(join(values.dump, 'alerts.jsonl'), lines(alerts.get('onegrid') as Alert[]));
  writeFileSync(join(values.dump, 'truth.jsonl'), lines(source.truth.entries));
}

// Scored as the product's scope: incidents on households that are neither alone nor vulnerable
// raise no alert by design (utility README, "Scope"), so recall counts the others.
const scoped = scopeTruth(source.truth.entries, (id) => inInactivityScope(registry.get(id)));
truth.entries = scoped.entries;
console.log(
  `incidents planted on households out of the inactivity scope (not scored): ${scoped.outOfScopeIncidents}`,
);
const pct = (x: number) => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)}%`);
const h = (x: number) => (Number.isNaN(x) ? '–' : `${x.toFixed(1)} h`);
console.log(
  `${source.label}: seed ${config.seed}, ${households} households, warm-up ${config.warmupDays} d, ${config.hours} h scored` +
    `, incidents ${config.plant.incident}/10k, travel ${config.plant.travel}/10k, onegrid options ${values.config}`,
);
console.log(
  `readings: ${readings} valid, ${invalid} invalid skipped; onegrid outcomes ${JSON.stringify(outcomes)}; ${hourlyRows} hourly rows; ${seconds.toFixed(0)} s`,
);
console.log(
  '| detector | incidents found | recall | precision | false alarms (travel / low use / other) | false alarms per household per month | median delay | p90 delay |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const [name] of detectors) {
  const list = alerts.get(name) as Alert[];
  const s = scoreInactivity(list, truth.entries);
  const by = s.falseAlarmsBy;
  const other = s.falseAlarms - (by.travel ?? 0) - (by.low_usage ?? 0);
  console.log(
    `| ${name} | ${s.detected}/${s.planted} | ${pct(s.recall)} | ${pct(s.precision)} | ${s.falseAlarms} (${by.travel ?? 0} / ${by.low_usage ?? 0} / ${other}) | ${s.falseAlarmsPerHouseholdMonth.toFixed(4)} | ${h(s.medianDelayH)} | ${h(s.p90DelayH)} |`,
  );
  if (s.missed.length > 0) console.log(`  missed: ${s.missed.join(', ')}`);
}
const onegrid = alerts.get('onegrid') as Alert[];
const dump = Number(values['dump-false-alarms']);
if (dump > 0) {
  const incident = new Map<string, number>();
  for (const h of readTruth(truth.entries).households)
    if (h.kind === 'incident') incident.set(h.household_id, h.from);
  const start = scenario.start;
  const fa = onegrid.filter(
    (a) =>
      a.type === 'utility_inactivity' &&
      a.status === 'open' &&
      toEpochMs(a.detected_at) >= start &&
      !(toEpochMs(a.detected_at) >= (incident.get(a.subject) ?? Number.POSITIVE_INFINITY)),
  );
  for (const a of fa.slice(0, dump))
    console.log(JSON.stringify({ s: a.subject, since: a.since, at: a.detected_at, ...a.evidence }));
}
// onegrid's and each candidate's (a candidate may change only these detectors).
for (const [name, raised] of alerts) {
  if (name !== 'onegrid' && !name.startsWith('candidate')) continue;
  for (const type of ['water_running', 'meter_offline'] as const) {
    const s = scoreEvents(raised, truth.entries, type);
    console.log(
      `${name} ${type}: ${s.detected}/${s.planted} planted conditions found, ${s.falseAlarms} other alerts, median delay ${h(s.medianDelayH)}, alerts per condition ${s.alertsPerIncident.mean.toFixed(2)} / ${s.alertsPerIncident.max}`,
    );
  }
}
{
  // Issue 15's report: per population (the simulator has one), with the share on the learnt model.
  const hours = new Map<string, [number, number]>();
  for (const [key, model] of models) {
    const [id = '', hour = ''] = key.split('|');
    if (toEpochMs(hour) < scenario.start) continue;
    const c = hours.get(id) ?? [0, 0];
    c[0] += model === 'learnt' ? 1 : 0;
    c[1] += 1;
    hours.set(id, c);
  }
  const shares = new Map([...hours].map(([id, [l, n]]) => [id, l / n]));
  const report = inactivityReport(alerts, truth.entries, shares);
  for (const line of formatReport(report, eventReport(onegrid, truth.entries))) console.log(line);
}
const invalidAlerts = onegrid.filter((a) => !alertSchema.safeParse(a).success).length;
const personal = onegrid.filter((a) => /contacts|phone|\+86/.test(JSON.stringify(a))).length;
console.log(
  `onegrid alerts: ${onegrid.length} messages, ${invalidAlerts} failing alertSchema, ${personal} with personal data`,
);
console.log(
  `onegrid state: ${JSON.stringify((detectors[0] as [string, HourlyDetector<unknown>])[1].stats())}`,
);

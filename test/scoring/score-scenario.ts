// The scoring script of the analytics: replays a simulated typhoon through Kafka and the
// running processors into a fresh embedded ClickHouse, then prints how the detectors did
// against the planted truth and how far the store is from the simulator's truth (expected:
// no difference).
//
//   node test/scoring/score-scenario.ts [--households 3000] [--hours 48] [--warmup-days 7] [--seed 42]
//                                       [--incidents-per-10k 40] [--landfall-hour H] [--keep]
//                                       [--generator simulator|households|enduse] [--out FILE.json]
//                                       [--work DIR] [--plant K=N,...]
//
// `--generator households` feeds packages/households instead of the simulator, and `--generator
// enduse` the external packages/enduse-generator (the published pysimdeum and richardsonpy
// models: the held-out source from issue 15 on); `--hours` is then rounded up to whole days,
// and the incidents are the generator's own rate unless `--incidents-per-10k` is given. `--out` writes the report rows
// as JSON (test/scoring/score-matrix.sh runs the seeds and generators and collects them).
//
// It empties the records of the contract's topics on the broker it is given (KAFKA_BROKERS,
// default the local infra/kafka broker): never point it at a production cluster.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatReport } from '@onegrid/analytics/utility';
import { toEpochMs } from '@onegrid/contracts';
import { createKafka, loadKafkaConfig } from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import { loadStoreConfig, migrate, openStore } from '@onegrid/store';
import { runPipeline } from '../support/pipeline.ts';
import { reportAlerts } from './alerts-vs-truth.ts';
import { rejoinsOf } from './rejoins.ts';
import { compareEvacuation, compareResources, compareTickets } from './store-vs-truth.ts';

const { values } = parseArgs({
  options: {
    households: { type: 'string', default: '3000' },
    hours: { type: 'string', default: '48' },
    'warmup-days': { type: 'string', default: '7' },
    seed: { type: 'string', default: '42' },
    'landfall-hour': { type: 'string' },
    // Planted incidents per 10k households: the simulator's default (4) leaves recall resting on
    // one or two cases at a few thousand households.
    'incidents-per-10k': { type: 'string' },
    // Any planted rates per 10k households (the generators' `--plant`, e.g. incident=200,waterRunning=100):
    // a few hundred households at the default rates leave water_running and meter_offline with no case.
    plant: { type: 'string' },
    generator: { type: 'string', default: 'simulator' },
    out: { type: 'string' },
    keep: { type: 'boolean', default: false },
    // Where the store and the truth go (kept, so a run can be scored again without replaying it).
    work: { type: 'string' },
    // Report a run whose consumer groups re-joined (see `rejoinsOf`): only to look at one.
    'allow-rejoins': { type: 'boolean', default: false },
  },
});

const logger = createLogger('score', process.env.LOG_LEVEL ?? 'warn');
const kafkaConfig = loadKafkaConfig();
const kafka = createKafka(kafkaConfig, logger);
const work = values.work ?? (await mkdtemp(path.join(tmpdir(), 'onegrid-score-')));
const keep = values.keep || values.work !== undefined;
await mkdir(work, { recursive: true });
const store = await openStore(
  loadStoreConfig({ ...process.env, ONEGRID_CHDB_PATH: path.join(work, 'chdb') }),
);
await migrate(store.client);
const generators = ['simulator', 'households', 'enduse'] as const;
const generator = generators.find((g) => g === values.generator);
if (generator === undefined)
  throw new Error(`--generator: simulator, households or enduse, not ${values.generator}`);
const incidents = values['incidents-per-10k'] ?? (generator === 'simulator' ? '40' : undefined);
const scenario = {
  generator,
  households: Number(values.households),
  hours: Number(values.hours),
  warmupDays: Number(values['warmup-days']),
  seed: Number(values.seed),
  truthDir: path.join(work, 'truth'),
  extraArgs: [
    // `--plant`'s own incident rate, when it gives one, wins over the default.
    ...(values.plant !== undefined
      ? [
          '--plant',
          [
            ...(incidents !== undefined && !/(^|,)incident=/.test(values.plant)
              ? [`incident=${incidents}`]
              : []),
            values.plant,
          ].join(','),
        ]
      : incidents !== undefined
        ? ['--plant', `incident=${incidents}`]
        : []),
    ...(values['landfall-hour'] !== undefined ? ['--landfall-hour', values['landfall-hour']] : []),
  ],
} as const;
console.log(`replaying ${JSON.stringify(scenario)} through Kafka at ${kafkaConfig.KAFKA_BROKERS.join(',')}`);
const run = await runPipeline(kafka, kafkaConfig.KAFKA_BROKERS.join(','), store, scenario, logger, {
  baselines: true,
  // The production bound: the archives meet a whole replay at once, and a source they have not
  // reached yet must not be taken for a silent one.
  sourceIdleMs: 60_000,
  drainDeadlineMs: 3_600_000,
  // Fewer, larger inserts: the scoring reads the store only after the drain.
  commitIntervalMs: 10_000,
});
console.log(
  `replayed in ${run.seconds.replay.toFixed(1)} s; processors drained ${run.seconds.drain.toFixed(1)} s after`,
);
for (const s of run.status)
  console.log(`  ${s.name.padEnd(48)} ${String(s.processed).padStart(10)} messages`);
// Issue 15 item 2's gauge as the running processor left it: households on each model.
const gauge = await run.metrics.getSingleMetric('onegrid_stream_keys_by_model')?.get();
const byModel: Record<string, number> = {};
for (const v of gauge?.values ?? [])
  byModel[String(v.labels.model)] = (byModel[String(v.labels.model)] ?? 0) + v.value;
console.log(`  onegrid_stream_keys_by_model at the end: ${JSON.stringify(byModel)}`);
const rejoins = await rejoinsOf(run.metrics);
console.log(
  `  consumer-group re-joins after the first assignment: ${rejoins.total} ${JSON.stringify(rejoins.byProcessor)}`,
);
if (rejoins.total > 0 && !values['allow-rejoins']) {
  // A starved run's groups miss heartbeats and re-join; its lagging partitions then catch up at
  // once and every detector's alerts (the baselines' too) are stamped at the catch-up: the
  // figures would measure the machine's load, not the judgement (session 11: 34 h median delays
  // that were 3 h on the same seed re-run quietly). Refused, not reported.
  console.error(
    `refused: ${rejoins.total} consumer-group re-joins during the run; its delays measure the pipeline's lag. Run it on a quieter machine (or --allow-rejoins to look anyway).`,
  );
  await store.close();
  process.exit(3);
}

const scenarioTruth = run.truth.find((e) => e.type === 'scenario') as
  | { start: string; end: string; households: number }
  | undefined;
if (scenarioTruth === undefined) throw new Error('the truth has no scenario entry');
const end = toEpochMs(scenarioTruth.end);

console.log(`\nutility alerts against the planted truth (${generator}, seed ${scenario.seed})`);
const report = await reportAlerts(store.client, run.truth, { start: toEpochMs(scenarioTruth.start), end });
console.log(
  `  incidents planted on households out of the inactivity scope (not scored): ${report.outOfScopeIncidents}`,
);
for (const line of formatReport(report.inactivity, report.events)) console.log(`  ${line}`);
if (values.out !== undefined) {
  const row = {
    generator,
    seed: scenario.seed,
    households: scenario.households,
    hours: scenario.hours,
    warmupDays: scenario.warmupDays,
    seconds: run.seconds,
    work: keep ? work : undefined,
    keysByModel: byModel,
    rejoins: rejoins.total,
    ...report,
  };
  await writeFile(values.out, `${JSON.stringify(row, null, 1)}\n`);
}
if (generator !== 'simulator') {
  // The store-against-truth comparisons below are of the simulator's tickets and evacuations.
  await store.close();
  if (!keep) await rm(work, { recursive: true, force: true });
  process.exit(0);
}

console.log('\nthe store against the simulator truth (expected: no difference)');
for (const [what, comparison] of [
  ['tickets', await compareTickets(store.client, run.truth, end)],
  ['evacuation', await compareEvacuation(store.client, run.truth)],
  ['resources', await compareResources(store.client, run.truth)],
] as const) {
  console.log(
    `  ${what.padEnd(12)} compared ${comparison.compared}, differences ${comparison.differences.length}`,
  );
  for (const d of comparison.differences.slice(0, 5)) console.log(`    ${JSON.stringify(d)}`);
}

await store.close();
if (!keep) await rm(work, { recursive: true, force: true });
else console.log(`\nkept ${work}`);

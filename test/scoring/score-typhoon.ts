// The typhoon scoring script (issue 20): replays a storm's weather and water levels with planted
// sensor faults through Kafka and the running processors into a fresh embedded ClickHouse, then
// scores the stored alerts and risk scores against the truth (hazard-vs-truth.ts).
//
//   node test/scoring/score-typhoon.ts [--seed 7] [--weather-down start|mid_storm|none] [--hours 48]
//                                      [--faults gaugeGlitches=3,stuckGauges=2,...] [--keep] [--no-control]
//
// Then, unless --no-control, the false risk the station glitches raised: the same storm through
// the pure models in this process, with and without the glitches (hazard-in-process.ts).
//
// It empties the records of the contract's topics on the broker it is given (KAFKA_BROKERS,
// default the local infra/kafka broker): never point it at a production cluster.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createKafka, loadKafkaConfig } from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import { loadStoreConfig, migrate, openStore } from '@onegrid/store';
import { runPipeline } from '../support/pipeline.ts';
import { falseRisk, glitchValues, replayInProcess } from './hazard-in-process.ts';
import { formatHazardScore, readHazard, scoreHazard } from './hazard-vs-truth.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '7' },
    hours: { type: 'string', default: '48' },
    households: { type: 'string', default: '100' },
    'weather-down': { type: 'string', default: 'mid_storm' },
    faults: {
      type: 'string',
      default:
        'gaugeGlitches=3,stuckGauges=2,silentGauges=2,stationGlitches=4,stuckStations=2,silentStations=2',
    },
    keep: { type: 'boolean', default: false },
    'no-control': { type: 'boolean', default: false },
  },
});

const logger = createLogger('score', process.env.LOG_LEVEL ?? 'warn');
const kafkaConfig = loadKafkaConfig();
const kafka = createKafka(kafkaConfig, logger);
const work = await mkdtemp(path.join(tmpdir(), 'onegrid-score-typhoon-'));
const store = await openStore(
  loadStoreConfig({ ...process.env, ONEGRID_CHDB_PATH: path.join(work, 'chdb') }),
);
await migrate(store.client);
const scenario = {
  households: Number(values.households),
  hours: Number(values.hours),
  warmupDays: 0,
  seed: Number(values.seed),
  truthDir: path.join(work, 'truth'),
  extraArgs: [
    '--streams',
    'meters=false,tickets=false,evacuations=false,resources=false',
    '--sensor-faults',
    `${values.faults},weatherDown=${values['weather-down']}`,
  ],
};
console.log(`replaying ${JSON.stringify(scenario)} through Kafka at ${kafkaConfig.KAFKA_BROKERS.join(',')}`);
const run = await runPipeline(kafka, kafkaConfig.KAFKA_BROKERS.join(','), store, scenario, logger, {
  // The production bound: a weather feed absent from the start is let go after it, by processing time.
  sourceIdleMs: 60_000,
  drainDeadlineMs: 1_800_000,
});
console.log(
  `replayed in ${run.seconds.replay.toFixed(1)} s; processors drained ${run.seconds.drain.toFixed(1)} s after`,
);
for (const line of formatHazardScore(scoreHazard(await readHazard(store.client), run.truth)))
  console.log(`  ${line}`);

if (!values['no-control']) {
  const faults = Object.fromEntries(
    values.faults.split(',').map((kv) => {
      const [k = '', v = ''] = kv.split('=');
      return [k, Number(v)];
    }),
  );
  const input = {
    seed: scenario.seed,
    households: scenario.households,
    hours: scenario.hours,
    sensorFaults: { ...faults, weatherDown: values['weather-down'] as 'none' | 'start' | 'mid_storm' },
  };
  const faulty = replayInProcess(input);
  // Controls: the glitch values missing (what the values themselves did), and the real values
  // in their place (the storm as it was: a glitch also hides the reading it replaced).
  const missing = replayInProcess(input, glitchValues(faulty));
  const real = replayInProcess({ ...input, sensorFaults: { ...input.sensorFaults, stationGlitches: 0 } });
  const glitched = new Set(
    faulty.truth.flatMap((e) =>
      e.type === 'sensor_fault' && e.device_kind === 'station' && e.kind === 'glitch'
        ? [faulty.stationDistrict.get(e.device_id) ?? '']
        : [],
    ),
  );
  for (const [name, control] of [
    ['the glitch values left out', missing],
    ['the real values in their place', real],
  ] as const) {
    const f = falseRisk(faulty, control, glitched);
    console.log(
      `  false risk from station glitches, against ${name} (in process, ${glitched.size} districts, 5-min steps): level raised at ${f.levelRaised}; wind hazard higher at ${f.windRaised} (max +${f.maxWindExcess.toFixed(3)}), rain at ${f.rainRaised} (max +${f.maxRainExcess.toFixed(3)})`,
    );
  }
}

await store.close();
if (!values.keep) await rm(work, { recursive: true, force: true });
else console.log(`\nkept ${work}`);

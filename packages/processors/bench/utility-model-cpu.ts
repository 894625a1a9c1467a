// Benchmark (not a test): CPU per reading of the utility processor's model alone (UtilityModel
// onEvent + advance: the detector's entry, its quarter steps, hour closes and checks), in
// process, no Kafka nor ClickHouse: the chain's detector part without the machine's noise in the
// wall clock (issue 17). Readings are built per quarter as the decoder would (fresh strings),
// both meters of every household, over three source partitions; `advance` every 2,000 readings
// (its watermark moves once per quarter, as in a backlog) and at each quarter's end.
//   node packages/processors/bench/utility-model-cpu.ts [households 20000] [hours 2]
// To compare two versions, run the same file from each checkout, alternated.
// ONEGRID_BENCH_SLICE_MS=100 closes as the processor does: in slices (`advanceSliced`, `resume`)
// of that many ms, each slice's budget read from the clock after every household's work.
import { type HouseholdReading, isoCstSeconds } from '@onegrid/contracts';
import { emptyRestartState } from '../src/utility/restart-state.ts';
import { UtilityModel } from '../src/utility/utility-model.ts';
import { syntheticRegistry } from './synthetic-registry.ts';

const HOUSEHOLDS = Number(process.argv[2] ?? 20_000);
const HOURS = Number(process.argv[3] ?? 2);
const MINUTE = 60_000;
/** 2026-09-14T00:00+08:00. */
const START = Date.UTC(2026, 8, 13, 16);

const registry = syntheticRegistry(HOUSEHOLDS);
const model = new UtilityModel({
  config: {},
  household: (id) => registry.get(id),
  restart: emptyRestartState(),
  sources: ['meter/0', 'meter/1', 'meter/2'],
  sourceIdleMs: 60_000,
  now: Date.now,
  ...(process.env.ONEGRID_BENCH_SLICE_MS === undefined
    ? {}
    : { sliceMs: Number(process.env.ONEGRID_BENCH_SLICE_MS) }),
});
const advance = (t: number) => {
  if (process.env.ONEGRID_BENCH_SLICE_MS === undefined) return model.advance(t);
  let out = model.advanceSliced(t);
  while (out === undefined) out = model.resume();
  return out;
};

let fed = 0;
let cpuSeconds = 0;
for (let q = 0; q <= HOURS * 4; q++) {
  const t = START + q * 15 * MINUTE;
  const ts = isoCstSeconds(t);
  const quarter: HouseholdReading[] = [];
  for (let i = 0; i < HOUSEHOLDS; i++) {
    const n = String(i).padStart(8, '0');
    const source_partition = i % 3;
    const household_id = `HH-${n}`;
    quarter.push(
      {
        source_partition,
        reading: {
          meter_id: `WM-${n}`,
          household_id,
          kind: 'water',
          ts,
          reading: 100 + q * 0.01 * (i % 7),
          unit: 'm3',
        },
      },
      {
        source_partition,
        reading: {
          meter_id: `EM-${n}`,
          household_id,
          kind: 'electricity',
          ts,
          reading: 1_000 + q * 0.1 * (i % 5),
          unit: 'kWh',
        },
      },
    );
  }
  const cpu = process.cpuUsage();
  for (let k = 0; k < quarter.length; k++) {
    model.onEvent(quarter[k] as HouseholdReading, t);
    if ((k + 1) % 2_000 === 0) advance(t);
  }
  advance(t);
  const used = process.cpuUsage(cpu);
  cpuSeconds += (used.user + used.system) / 1e6;
  fed += quarter.length;
}
console.log(
  `${fed.toLocaleString('en')} readings, ${((cpuSeconds * 1e6) / fed).toFixed(2)} µs CPU per reading ` +
    `(${Math.round(fed / cpuSeconds).toLocaleString('en')} per CPU-second)`,
);

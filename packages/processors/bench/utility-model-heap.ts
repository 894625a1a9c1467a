// Benchmark (not a test): heap per household of the utility processor's model (issue 17: ≤ 2 KB
// of detector state a household). The heap benches drive the detector alone; the model holds
// per-household and per-meter state of its own beside it. Each mode runs in a child process of
// its own (neither inherits the other's heap), feeds N households' readings (both meters, three
// source partitions, fresh strings per reading as the decoder makes them) for `quarters`
// quarters, `advance` every 2,000 readings and at each quarter's end, then reports the heap it
// holds past the registry's (measured before the first reading), per household:
//   model:    UtilityModel.onEvent/advance, as the processor does;
//   detector: the same detector fed directly, its meter clock a constant (the baseline).
// The difference is what the model holds beside its detector; `approxBytes` is the detector's
// own estimate, for reference.
//   node --expose-gc packages/processors/bench/utility-model-heap.ts [households 100000] [quarters 8]
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { UtilityDetector } from '@onegrid/analytics/utility';
import { type HouseholdReading, isoCstSeconds } from '@onegrid/contracts';
import { emptyRestartState } from '../src/utility/restart-state.ts';
import { UtilityModel } from '../src/utility/utility-model.ts';
import { syntheticRegistry } from './synthetic-registry.ts';

const MINUTE = 60_000;
/** 2026-09-14T00:00+08:00. */
const START = Date.UTC(2026, 8, 13, 16);
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

function child(mode: 'model' | 'detector', households: number, quarters: number): void {
  const registry = syntheticRegistry(households);
  const household = (id: string) => registry.get(id);
  const model =
    mode === 'model'
      ? new UtilityModel({
          config: {},
          household,
          restart: emptyRestartState(),
          sources: ['meter/0', 'meter/1', 'meter/2'],
          sourceIdleMs: 60_000,
          now: Date.now,
        })
      : undefined;
  const detector = mode === 'detector' ? new UtilityDetector({}, { household }) : undefined;
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let q = 0; q < quarters; q++) {
    const t = START + q * 15 * MINUTE;
    const ts = isoCstSeconds(t);
    let k = 0;
    for (let i = 0; i < households; i++) {
      const n = String(i).padStart(8, '0');
      const source_partition = i % 3;
      for (const kind of ['water', 'electricity'] as const) {
        const h: HouseholdReading = {
          source_partition,
          reading: {
            meter_id: `${kind === 'water' ? 'WM' : 'EM'}-${n}`,
            household_id: `HH-${n}`,
            kind,
            ts,
            reading: kind === 'water' ? 100 + q * 0.01 * (i % 7) : 1_000 + q * 0.1 * (i % 5),
            unit: kind === 'water' ? 'm3' : 'kWh',
          },
        };
        if (model !== undefined) model.onEvent(h, t);
        else detector?.onReading(h.reading, undefined, t);
        if (++k % 2_000 === 0) {
          if (model !== undefined) model.advance(t);
          else detector?.advance(t);
        }
      }
    }
    if (model !== undefined) model.advance(t);
    else detector?.advance(t);
  }
  gc();
  gc();
  const held = process.memoryUsage().heapUsed - before;
  console.log(
    JSON.stringify({
      mode,
      households,
      quarters,
      heapPerHousehold: Math.round(held / households),
      modelSize: model?.size() ?? 0,
      approxBytesPerHousehold: detector ? Math.round(detector.stats().approxBytes / households) : undefined,
      // Read after the heap is measured: the registry and both engines are still alive then.
      alive: registry.size + (model ? 1 : 0) + (detector ? 1 : 0),
    }),
  );
}

const [first, second, third] = process.argv.slice(2);
if (first === '--child') {
  child(second as 'model' | 'detector', Number(third), Number(process.argv[5]));
} else {
  const households = Number(first ?? 100_000);
  const quarters = Number(second ?? 8);
  const self = fileURLToPath(import.meta.url);
  const results: Record<string, number> = {};
  for (const mode of ['detector', 'model', 'detector', 'model'] as const) {
    const out = execFileSync(
      process.execPath,
      ['--expose-gc', self, '--child', mode, String(households), String(quarters)],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    process.stdout.write(out);
    const r = JSON.parse(out.trim().split('\n').at(-1) as string) as { heapPerHousehold: number };
    results[mode] = Math.min(results[mode] ?? Number.POSITIVE_INFINITY, r.heapPerHousehold);
  }
  const model = results.model as number;
  const detector = results.detector as number;
  console.log(
    `${households.toLocaleString('en')} households, ${quarters} quarters: model ${model} B a household, ` +
      `detector alone ${detector} B: the model's own ${model - detector} B a household`,
  );
}

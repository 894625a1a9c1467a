// Do heavy analyst queries stall the processors? The main job (processors and server, embedded
// chDB in this process) takes a simulated typhoon from Kafka while the processors' lag is sampled
// from /health: first with no analyst, then with five analysts each sending a heavy query in a
// loop (five tokens at once, so the gate, not the per-token limit, decides what runs). Baseline
// and load phases in the same run, same feed; the ratio is load / baseline.
// `--nice` is the analysts' nice value (ONEGRID_SQL_NICE: 19 by default, 0 = the processors' own).
//   KAFKA_BROKERS=127.0.0.1:9192 node packages/app/bench/analyst-lag.ts [--seconds 40] [--households 20000] [--speedup 600] [--nice 19]
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sqlMaxRunning } from '../src/index.ts';
import { askHeavy, startAnalystApp } from './analyst-app.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '40' },
    households: { type: 'string', default: '20000' },
    speedup: { type: 'string', default: '600' },
    nice: { type: 'string', default: '19' },
  },
});
const phaseMs = Number(values.seconds) * 1000;
const brokers = process.env.KAFKA_BROKERS;
if (brokers === undefined) throw new Error('set KAFKA_BROKERS (bash infra/kafka/kafka.sh start)');

const { app, analysts, base } = await startAnalystApp(brokers, values.nice, 'analyst-lag');
const simulator = spawn(
  process.execPath,
  [
    path.resolve(import.meta.dirname, '../../simulator/src/cli.ts'),
    '--households',
    String(values.households),
    '--hours',
    '48',
    '--speedup',
    String(values.speedup),
    '--seed',
    '7',
  ],
  { env: { ...process.env, KAFKA_BROKERS: brokers }, stdio: 'ignore' },
);

try {
  await flowing(); // the simulator generates its city first (minutes on a busy machine)
  await sampleLag(10_000); // warm-up: consumers joined and caught up with the first records
  const baseline = await sampleLag(phaseMs);
  const stop = { now: false };
  const tallies = analysts.map((token) => analystLoop(token, stop));
  const loaded = await sampleLag(phaseMs);
  stop.now = true;
  const counts = (await Promise.all(tallies)).reduce(
    (sum, t) => ({
      ok: sum.ok + t.ok,
      busy: sum.busy + t.busy,
      failed: sum.failed + t.failed,
      ms: [...sum.ms, ...t.ms],
    }),
    { ok: 0, busy: 0, failed: 0, ms: [] as number[] },
  );
  const row = (name: string, s: Summary) =>
    `| ${name.padEnd(28)} | ${String(s.p50).padStart(8)} | ${String(s.p95).padStart(8)} | ${String(s.max).padStart(8)} | ${String(s.samples).padStart(7)} |`;
  console.log(
    `processors' lag (messages behind, summed over processors), ${phaseMs / 1000} s each phase; analyst queries at once: ${sqlMaxRunning()}, at nice ${values.nice}`,
  );
  console.log('| phase                        |      p50 |      p95 |      max | samples |');
  console.log('| ---------------------------- | -------: | -------: | -------: | ------: |');
  console.log(row('no analyst (baseline)', baseline));
  console.log(row('5 analysts, heavy queries', loaded));
  console.log(`ratio p95 lag load/baseline: ${(loaded.p95 / Math.max(1, baseline.p95)).toFixed(2)}`);
  console.log(
    `analyst queries: ${counts.ok} answered (median ${median(counts.ms)} ms), ${counts.busy} refused busy (429), ${counts.failed} failed`,
  );
} finally {
  simulator.kill('SIGTERM');
  await exited(simulator);
  await app.stop();
}

interface Summary {
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  readonly samples: number;
}

/** Samples the summed lag of the processors from /health every 500 ms for `ms`. */
async function sampleLag(ms: number): Promise<Summary> {
  const lags: number[] = [];

  const end = Date.now() + ms;
  while (Date.now() < end) {
    const response = await fetch(`${base}/health`);
    const body = (await response.json()) as {
      components: { processors?: { processors?: { lag: number }[] } };
    };
    const list = body.components.processors?.processors ?? [];
    lags.push(list.reduce((sum, p) => sum + p.lag, 0));
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  lags.sort((a, b) => a - b);
  const at = (q: number) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), max: lags.at(-1) ?? 0, samples: lags.length };
}

/** Waits (at most 10 min) until a processor has taken a record: the feed is flowing. */
async function flowing(): Promise<void> {
  const end = Date.now() + 600_000;
  while (Date.now() < end) {
    const response = await fetch(`${base}/health`);
    const body = (await response.json()) as {
      components: { processors?: { processors?: { watermark: string | null }[] } };
    };
    if ((body.components.processors?.processors ?? []).some((p) => p.watermark !== null)) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error('no record reached the processors in 10 minutes: is the simulator publishing?');
}

/** One analyst asking the heavy query again as soon as it has an answer (or, on 429, after Retry-After). */
async function analystLoop(token: string, stop: { now: boolean }) {
  const tally = { ok: 0, busy: 0, failed: 0, ms: [] as number[] };
  while (!stop.now) {
    const started = Date.now();
    const status = await askHeavy(base, token);
    if (status === 200) {
      tally.ok += 1;
      tally.ms.push(Date.now() - started);
    } else if (status === 429) tally.busy += 1;
    else tally.failed += 1;
  }
  return tally;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

// How long do the processors take to drain a feed, with and without five heavy analysts? The
// main job (processors and server, embedded chDB in this process) takes two simulated feeds of
// the same size from Kafka, published as fast as the broker takes them: the first with no
// analyst (baseline), the second (two days later, so none of it is late) while five analysts,
// five tokens, each send a heavy query in a loop. Each is timed from the simulator's start to the
// processors' summed lag back at 0; the ratio is load / baseline. A throughput figure, unlike
// analyst-lag.ts's sampled lag, which depends on how fast the simulator publishes on a busy box.
// Run it on a fresh broker (kafka.sh reset, start): what the processors are behind is counted from
// each topic's first record.
//   KAFKA_BROKERS=127.0.0.1:9560 node packages/app/bench/analyst-drain.ts [--households 2000] [--hours 24] [--nice 19]
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createKafka, loadKafkaConfig } from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import { sqlMaxRunning } from '../src/index.ts';
import { askHeavy, startAnalystApp } from './analyst-app.ts';

const { values } = parseArgs({
  options: {
    households: { type: 'string', default: '2000' },
    hours: { type: 'string', default: '24' },
    nice: { type: 'string', default: '19' },
  },
});
const brokers = process.env.KAFKA_BROKERS;
if (brokers === undefined) throw new Error('set KAFKA_BROKERS (bash infra/kafka/kafka.sh start)');

const { app, analysts, base } = await startAnalystApp(brokers, values.nice, 'analyst-drain');
const admin = createKafka(loadKafkaConfig({ KAFKA_BROKERS: brokers }), createLogger('bench', 'warn')).admin();
await admin.connect();

try {
  const baseline = await drain('2026-09-13T00:00:00+08:00', 7);
  const stop = { now: false };
  const tallies = analysts.map((token) => analystLoop(token, stop));
  const loaded = await drain('2026-09-15T00:00:00+08:00', 8);
  stop.now = true;
  const answers = (await Promise.all(tallies)).flat();
  const count = (s: number) => answers.filter((a) => a === s).length;
  console.log(
    `feed: ${values.households} households, ${values.hours} h, as fast as possible; analysts at nice ${values.nice}, ${sqlMaxRunning()} at once`,
  );
  console.log('| phase                     | publish s | drained s | max behind |');
  console.log('| ------------------------- | --------: | --------: | ---------: |');
  for (const [name, d] of [
    ['no analyst (baseline)', baseline],
    ['5 analysts, heavy queries', loaded],
  ] as const)
    console.log(
      `| ${name.padEnd(25)} | ${d.publishS.toFixed(1).padStart(9)} | ${d.drainS.toFixed(1).padStart(9)} | ${String(d.maxLag).padStart(10)} |`,
    );
  console.log(`ratio drained load/baseline: ${(loaded.drainS / baseline.drainS).toFixed(2)}`);
  console.log(
    `analyst answers: ${count(200)} rows, ${count(429)} busy (429), ${answers.length - count(200) - count(429)} other (400 = timeout)`,
  );
} finally {
  await admin.disconnect();
  await app.stop();
}

/** Publishes one simulated feed and waits for the processors to read it all: seconds from its start. */
async function drain(start: string, seed: number) {
  const started = Date.now();
  let maxLag = 0;
  const simulator = spawn(
    process.execPath,
    [
      path.resolve(import.meta.dirname, '../../simulator/src/cli.ts'),
      ...['--households', String(values.households), '--hours', String(values.hours)],
      ...['--start', start, '--seed', String(seed), '--as-fast-as-possible'],
    ],
    { env: { ...process.env, KAFKA_BROKERS: brokers }, stdio: 'ignore' },
  );
  const exited = new Promise<number | null>((resolve) => simulator.once('exit', resolve));
  let code: number | null | undefined;
  void exited.then((c) => {
    code = c;
  });
  while (code === undefined) {
    maxLag = Math.max(maxLag, await lag());
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (code !== 0) throw new Error(`the simulator exited with ${code}`);
  const publishS = (Date.now() - started) / 1000;
  for (;;) {
    const now = await lag();
    maxLag = Math.max(maxLag, now);
    if (now === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { publishS, drainS: (Date.now() - started) / 1000, maxLag };
}

/**
 * Records the processors have not read yet: for each processor and topic, the topic's records
 * less the processor's events_in counter (/metrics). Not /health's lag, which is the last
 * fetched batch's and stays put while a processor is stalled.
 */
async function lag(): Promise<number> {
  const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${analysts[0]}` } });
  let behind = 0;
  const ends = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    const match = /^onegrid_stream_events_in_total\{.*topic="([^"]+)".*\} (\S+)$/.exec(line);
    if (match === null) continue;
    const topic = match[1] ?? '';
    // A topic just created may not answer yet (UNKNOWN_TOPIC_OR_PARTITION): 0 this round.
    if (!ends.has(topic))
      ends.set(
        topic,
        await admin
          .topicOffsets(topic)
          .then((offsets) => offsets.reduce((sum, p) => sum + p.high - p.low, 0))
          .catch(() => Number(match[2])),
      );
    behind += Math.max(0, (ends.get(topic) ?? 0) - Number(match[2]));
  }
  return behind;
}

/** One analyst asking the heavy query again as soon as it has an answer (or, on 429, after Retry-After). */
async function analystLoop(token: string, stop: { now: boolean }): Promise<number[]> {
  const statuses: number[] = [];
  while (!stop.now) {
    statuses.push(await askHeavy(base, token));
  }
  return statuses;
}

#!/usr/bin/env node
/**
 * Fingerprints one run of a feed generator's CLI, to prove a refactor changed no byte of its
 * output: runs the CLI into the real broker (KAFKA_BROKERS) with a fresh truth dir, reads back
 * exactly the offsets the run added on every contract topic, and prints sha256 digests of
 * (partition, key, value) per topic in offset order, of truth.jsonl, and of summary.json without
 * the replay's wall-clock figures (elapsedMs, rate), the only parts that vary run to run.
 *
 *   KAFKA_BROKERS=127.0.0.1:9740 node packages/feed-io/scripts/fingerprint.ts \
 *     packages/simulator/src/cli.ts --households 300 --hours 4 --seed 3
 *
 * Run it before and after a change, on a broker no one else writes to meanwhile; equal output
 * means equal bytes. Prints JSON on stdout.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { INPUT_TOPICS, REGISTRY_TOPICS } from '@onegrid/contracts';
import {
  createKafka,
  declareTopics,
  type KafkaAdmin,
  loadKafkaConfig,
  provisionTopics,
  type TopicReader,
} from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import { runCli } from '../src/run-cli.ts';

const [cliPath, ...args] = process.argv.slice(2);
if (cliPath === undefined) {
  process.stderr.write('usage: fingerprint.ts <cli.ts> [cli args…]\n');
  process.exit(2);
}
const topics = [...REGISTRY_TOPICS, ...INPUT_TOPICS];
const config = loadKafkaConfig(process.env);
const kafka = createKafka(config, createLogger('fingerprint', 'warn'), 'onegrid-fingerprint');
const admin = kafka.admin();
await admin.connect();
// On a fresh broker the topics do not exist yet, and asking their offsets would retry for minutes.
await provisionTopics(admin, declareTopics(config), config.ONEGRID_TOPIC_REPLICATION);

type Offsets = Map<string, Map<number, number>>;
async function highs(a: KafkaAdmin): Promise<Offsets> {
  const out: Offsets = new Map();
  for (const topic of topics) {
    const parts = await a.topicOffsets(topic).catch(() => []);
    out.set(topic, new Map(parts.map((p) => [p.partition, p.high])));
  }
  return out;
}

const before = await highs(admin);
const { dir, summary } = await runCli<{ replay?: Record<string, unknown> }>(resolve(cliPath), args, {
  ...process.env,
  LOG_LEVEL: 'warn',
});
const after = await highs(admin);
await admin.disconnect();

// Per topic and partition, the records at offsets [before, after), in offset order.
const wanted = new Map<string, number>();
for (const [topic, parts] of after)
  for (const [partition, high] of parts) {
    const low = before.get(topic)?.get(partition) ?? 0;
    if (high > low) wanted.set(`${topic}/${partition}`, high - low);
  }
const read = new Map<string, Buffer[]>();
let outstanding = [...wanted.values()].reduce((a, b) => a + b, 0);
let reader: TopicReader | undefined;
if (outstanding > 0)
  await new Promise<void>((done, fail) => {
    const deadline = setTimeout(
      () => fail(new Error(`${outstanding} records not read back in 120 s`)),
      120_000,
    );
    kafka
      .read({
        groupId: `fingerprint-${process.pid}`,
        topics: topics.filter((t) => [...wanted.keys()].some((k) => k.startsWith(`${t}/`))),
        deleteGroupOnStop: true,
        onBatch: async ({ topic, partition, records }) => {
          const from = before.get(topic)?.get(partition) ?? 0;
          const to = after.get(topic)?.get(partition) ?? 0;
          const list = read.get(`${topic}/${partition}`) ?? [];
          read.set(`${topic}/${partition}`, list);
          for (const r of records) {
            if (r.offset < from || r.offset >= to) continue;
            list.push(
              Buffer.concat([
                Buffer.from(`${partition}\u0000${r.key?.toString('hex')}\u0000`),
                r.value ?? Buffer.alloc(0),
              ]),
            );
            if (--outstanding === 0) {
              clearTimeout(deadline);
              done();
            }
          }
        },
      })
      .then((r) => {
        reader = r;
      }, fail);
  }).finally(() => reader?.stop());

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const messages: Record<string, { count: number; sha256: string }> = {};
for (const topic of topics) {
  const h = createHash('sha256');
  let count = 0;
  const keys = [...read.keys()].filter((k) => k.startsWith(`${topic}/`)).sort();
  for (const k of keys)
    for (const m of read.get(k) ?? []) {
      h.update(sha(m));
      count++;
    }
  if (count > 0) messages[topic] = { count, sha256: h.digest('hex') };
}
delete summary.replay?.elapsedMs;
delete summary.replay?.rate;
process.stdout.write(
  `${JSON.stringify(
    {
      cli: cliPath,
      args,
      truthJsonl: sha(readFileSync(join(dir, 'truth.jsonl'))),
      summary: sha(JSON.stringify(summary)),
      messages,
    },
    null,
    2,
  )}\n`,
);

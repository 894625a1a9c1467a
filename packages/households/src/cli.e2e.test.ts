import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS } from '@onegrid/contracts';
import { feedKafka, runCli, topicMessageCounts } from '@onegrid/feed-io';
import type { TopicReader } from '@onegrid/kafka';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generate } from './generate.ts';
import type { CountsTruth } from './truth.ts';

const cli = join(import.meta.dirname, 'cli.ts');
const brokers = inject('kafkaBrokers');
const env = { ...process.env, KAFKA_BROKERS: brokers, LOG_LEVEL: 'warn' };
const { kafka, admin, provision } = feedKafka(env, 'households-e2e');
const topics = [TOPICS.households, TOPICS.meterReadings];
// Household numbers of this run only, so what is read back can be told from other tests' data.
const options = { seed: 4, households: 40, days: 1, idBase: 77_000_000 + (process.pid % 1_000_000) };

// The real CLI publishes a small population into the real broker; the topics' high-watermarks
// grow by exactly what it counted, and every valid message it generated is read back, keyed by
// its id. E2E files run one at a time, so no other test writes these topics meanwhile.
describe('cli > publish into Kafka', () => {
  let counts: CountsTruth;
  let before: Map<string, number>;

  beforeAll(async () => {
    await admin.connect();
    await provision();
    before = await topicMessageCounts(admin, topics);
    const args = ['--seed', '4', '--households', '40', '--days', '1', '--id-base', String(options.idBase)];
    const { stdout, dir, summary } = await runCli<{ counts: CountsTruth }>(cli, args, env);
    expect(stdout).toMatch(/sent \d+ records/);
    counts = summary.counts;
    expect(readFileSync(join(dir, 'truth.jsonl'), 'utf8')).toContain('"type":"scenario"');
  });
  afterAll(async () => {
    await admin.disconnect();
  });

  it('puts on each topic exactly the records it counted', async () => {
    const after = await topicMessageCounts(admin, topics);
    for (const topic of topics) {
      expect((after.get(topic) ?? 0) - (before.get(topic) ?? 0), topic).toBe(counts.topics[topic]?.sent);
    }
    expect(counts.topics[TOPICS.households]?.sent).toBe(40);
    expect(counts.topics[TOPICS.meterReadings]?.valid).toBeGreaterThan(40 * 2 * 96 * 0.98);
  });

  it('reads back every valid message it generated, keyed by its id', async () => {
    const expected = new Map<string, number>();
    for (const r of generate(options)) {
      if (r.fault === 'duplicate' || r.fault === null) {
        const text = r.value as string;
        expected.set(text, (expected.get(text) ?? 0) + 1);
      }
    }
    // Read both topics from the start until every expected message has been seen (or 90 s pass).
    const read = new Map<string, number>();
    const badKeys: string[] = [];
    let outstanding = [...expected.values()].reduce((a, b) => a + b, 0);
    let reader: TopicReader | undefined;
    await new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(
        () => reject(new Error(`${outstanding} messages not read back in 90 s`)),
        90_000,
      );
      kafka
        .read({
          groupId: `households-e2e-${process.pid}-${options.idBase}`,
          topics,
          deleteGroupOnStop: true,
          onBatch: async ({ topic, records }) => {
            for (const message of records) {
              const text = message.value?.toString('utf8') ?? '';
              const want = expected.get(text);
              if (want === undefined || (read.get(text) ?? 0) >= want) continue;
              read.set(text, (read.get(text) ?? 0) + 1);
              const value = JSON.parse(text) as { meter_id?: string; household_id: string };
              const id = topic === TOPICS.meterReadings ? value.meter_id : value.household_id;
              if (message.key?.toString('utf8') !== id) badKeys.push(text);
              if (--outstanding === 0) {
                clearTimeout(deadline);
                resolve();
              }
            }
          },
        })
        .then((r) => {
          reader = r;
        }, reject);
    }).finally(() => reader?.stop());
    expect(badKeys).toEqual([]);
    const missing = [...expected].filter(([text, n]) => (read.get(text) ?? 0) < n);
    expect(missing).toEqual([]);
    expect(expected.size).toBeGreaterThan(40 * 2 * 96);
  });
});

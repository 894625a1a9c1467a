import { join } from 'node:path';
import { INPUT_TOPICS, REGISTRY_TOPICS, TOPICS } from '@onegrid/contracts';
import { feedKafka, runCli, topicMessageCounts } from '@onegrid/feed-io';
import type { TopicReader } from '@onegrid/kafka';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CountsTruth } from './truth/truth.ts';

const cli = join(import.meta.dirname, 'cli.ts');
const brokers = inject('kafkaBrokers');
const env = { ...process.env, KAFKA_BROKERS: brokers, LOG_LEVEL: 'warn' };
const { kafka, admin, provision } = feedKafka(env, 'simulator-e2e');
const topics = [...INPUT_TOPICS, ...REGISTRY_TOPICS];

async function simulate(args: string[]): Promise<CountsTruth> {
  const { stdout, summary } = await runCli<{ counts: CountsTruth }>(cli, args, env);
  expect(stdout).toMatch(/sent \d+ records/);
  return summary.counts;
}

// Replays small scenarios through the real CLI into the real broker and reads the topics'
// high-watermarks: each must grow by exactly what the simulator says it sent. Files of the e2e
// project run one at a time, so no other test writes these topics meanwhile.
describe('cli > replay into Kafka', () => {
  beforeAll(async () => {
    await admin.connect();
    await provision();
  });
  afterAll(async () => {
    await admin.disconnect();
  });

  it('puts on each topic exactly the records it counted, valid and invalid', async () => {
    const before = await topicMessageCounts(admin, topics);
    const counts = await simulate([
      '--households',
      '300',
      '--hours',
      '4',
      '--seed',
      '3',
      '--batch-size',
      '2000',
    ]);
    const after = await topicMessageCounts(admin, topics);
    let total = 0;
    for (const topic of topics) {
      const sent = counts.topics[topic]?.sent ?? 0;
      total += sent;
      expect((after.get(topic) ?? 0) - (before.get(topic) ?? 0), topic).toBe(sent);
    }
    expect(total).toBe(counts.total);
    expect(counts.topics[TOPICS.households]?.sent).toBe(300);
    expect(counts.topics[TOPICS.meterReadings]?.sent).toBeGreaterThan(300 * 2 * 4 * 4 * 0.9);
  });

  it('keys each message as STREAMS.md says', async () => {
    const seen: { key: string; gaugeId: unknown }[] = [];
    let reader: TopicReader | undefined;
    await new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(
        () => reject(new Error(`only ${seen.length} of 50 water levels within 60 s`)),
        60_000,
      );
      kafka
        .read({
          groupId: `simulator-e2e-${process.pid}-${Date.now()}`,
          topics: [TOPICS.waterLevels],
          deleteGroupOnStop: true,
          onBatch: async ({ records }) => {
            for (const message of records) {
              if (seen.length >= 50) return;
              try {
                const value = JSON.parse(String(message.value)) as { gauge_id?: unknown };
                seen.push({ key: String(message.key), gaugeId: value.gauge_id });
              } catch {
                // a deliberately malformed message: nothing to compare
              }
              if (seen.length === 50) {
                clearTimeout(deadline);
                resolve();
              }
            }
          },
        })
        .then((r) => {
          reader = r;
        }, reject);
    });
    await reader?.stop();
    const withId = seen.filter((m) => typeof m.gaugeId === 'string');
    expect(withId.length).toBeGreaterThan(40);
    for (const m of withId) expect(m.key).toBe(m.gaugeId);
  });
});

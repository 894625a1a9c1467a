import { dlqTopic } from '@onegrid/contracts';
import type { KafkaClient as Kafka } from '@onegrid/kafka';
import type { Store } from '@onegrid/store';
import { DLQ_HEADERS, kafkaSink, type StreamMetrics, streamMetrics } from '@onegrid/stream';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  rowsWhenComplete,
  sinkOptions,
  startHourly as startHourlyRun,
  total,
} from '../support/hourly-run.ts';
import {
  clean,
  createFeedTopic,
  expected,
  feedTopic,
  PARTITIONS,
  produceSentinels,
} from '../support/hourly-scenario.ts';
import { asMessage, MALFORMED, messyReadings, produce } from '../support/meter-feed.ts';
import { createHourlyTable, type HourlyRow, readHourly } from '../support/meter-hourly.ts';
import { createTopics, testKafka, testStore, unique } from '../support/stack.ts';
import { waitUntil } from '../support/wait-until.ts';

let kafka: Kafka;
let store: Store;

beforeAll(async () => {
  kafka = testKafka();
  ({ store } = await testStore());
});
afterAll(async () => {
  await store.close();
});

/** The hourly processor into `table` of this file's store, the table created first. */
async function startHourly(
  topic: string,
  table: string,
  group: string,
  metrics?: StreamMetrics,
  more: Pick<Parameters<typeof startHourlyRun>[1], 'sinks' | 'maxRows' | 'commitIntervalMs'> = {},
) {
  await createHourlyTable(store.client, table);
  return startHourlyRun(kafka, { target: store, topic, table, group, metrics, ...more });
}

describe('stream runtime > exactly-once results over the real broker and ClickHouse', () => {
  it('gives the aggregates of a clean ordered run from duplicated, out-of-order input', async () => {
    const cleanTopic = await feedTopic(kafka, clean);
    const messyTopic = await feedTopic(kafka, messyReadings(clean, 7));
    const a = await startHourly(cleanTopic, 'e2e_hourly_clean', unique('clean'));
    const b = await startHourly(messyTopic, 'e2e_hourly_messy', unique('messy'));
    try {
      expect(await rowsWhenComplete(store, 'e2e_hourly_clean')).toEqual(expected);
      expect(await rowsWhenComplete(store, 'e2e_hourly_messy')).toEqual(expected);
      const duplicates = await b.metrics.dispositions.get();
      expect(duplicates.values.find((v) => v.labels.disposition === 'duplicate')?.value).toBeGreaterThan(0);
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('sends every malformed message to the dead-letter topic with its reason and bytes, and goes on', async () => {
    const topic = await feedTopic(kafka, messyReadings(clean, 11), { malformed: true });
    const run = await startHourly(topic, 'e2e_hourly_dlq', unique('dlq'));
    try {
      expect(await rowsWhenComplete(store, 'e2e_hourly_dlq')).toEqual(expected);
      const letters = await consumeAll(kafka, dlqTopic(topic), MALFORMED.length);
      expect(letters.map((l) => l.value).sort()).toEqual(MALFORMED.map((m) => m.value).sort());
      for (const bad of MALFORMED) {
        const letter = letters.find((l) => l.value === bad.value);
        expect(letter?.headers[DLQ_HEADERS.reason]).toMatch(bad.reason);
        expect(letter?.headers[DLQ_HEADERS.sourceTopic]).toBe(topic);
        expect(Number(letter?.headers[DLQ_HEADERS.sourceOffset])).toBeGreaterThanOrEqual(0);
      }
      const counted = await total(run.metrics.deadLetters);
      expect(counted).toBe(MALFORMED.length);
    } finally {
      await run.stop();
    }
  });

  it('ends with the same totals when two instances share the consumer group', async () => {
    const topic = await feedTopic(kafka, messyReadings(clean, 13));
    const group = unique('pair');
    const first = await startHourly(topic, 'e2e_hourly_pair', group);
    const second = await startHourly(topic, 'e2e_hourly_pair', group);
    try {
      expect(await rowsWhenComplete(store, 'e2e_hourly_pair')).toEqual(expected);
      const owned = [first, second].map((r) => r.processor.progress().partitions.length);
      expect(owned.reduce((a, b) => a + b, 0)).toBe(PARTITIONS);
      expect(Math.min(...owned)).toBeGreaterThan(0);
    } finally {
      await first.stop();
      await second.stop();
    }
  });

  it('loses nothing while the ClickHouse table is unavailable for 30 seconds', async () => {
    const topic = await createFeedTopic(kafka);
    const table = 'e2e_hourly_outage';
    const run = await startHourly(topic, table, unique('outage'));
    try {
      const half = Math.floor(clean.length / 2);
      await produce(kafka, topic, clean.slice(0, half).map(asMessage));
      await waitUntil(async () => ((await readHourly(store.client, table)).length > 0 ? true : undefined), {
        deadlineMs: 60_000,
        describe: () => 'no hourly rows before the outage',
      });
      await store.client.command({ query: `DETACH TABLE ${table}` });
      const detachedAt = performance.now();
      await produce(kafka, topic, clean.slice(half).map(asMessage));
      await produceSentinels(kafka, topic);
      await waitUntil(async () => ((await failures(run.metrics)) > 0 ? true : undefined), {
        deadlineMs: 60_000,
        describe: () => 'the sink never noticed the outage',
      });
      // The fault itself lasts 30 s: a duration of the scenario, not a wait for a condition.
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, 30_000 - (performance.now() - detachedAt))),
      );
      await store.client.command({ query: `ATTACH TABLE ${table}` });
      expect(await rowsWhenComplete(store, table)).toEqual(expected);
      expect(await failures(run.metrics)).toBeGreaterThan(0);
    } finally {
      await run.stop();
    }
  });

  it('keeps publishing results to Kafka while the ClickHouse table is unavailable', async () => {
    const topic = await createFeedTopic(kafka);
    const out = unique('e2e.hourly-out');
    await createTopics(kafka, [{ topic: out, partitions: 1 }]);
    const table = 'e2e_hourly_outage_kafka';
    const metrics = streamMetrics(new Registry());
    const run = await startHourly(topic, table, unique('outage-kafka'), metrics, {
      sinks: (producer) => [
        kafkaSink<HourlyRow>(
          producer,
          out,
          (r) => ({ key: r.meter_id, value: JSON.stringify(r) }),
          sinkOptions(metrics),
        ),
      ],
      // Room for every row of the run: the table's buffer must not be what stops the reading.
      maxRows: 10_000,
      commitIntervalMs: 200,
    });
    const published = new Map<string, HourlyRow>();
    const reader = await kafka.read({
      groupId: unique('hourly-out-reader'),
      topics: [out],
      deleteGroupOnStop: true,
      onBatch: async ({ records }) => {
        for (const message of records) {
          const row = JSON.parse(String(message.value)) as HourlyRow;
          published.set(`${row.meter_id}|${row.window_start}`, row);
        }
      },
    });
    try {
      await store.client.command({ query: `DETACH TABLE ${table}` });
      const half = Math.floor(clean.length / 2);
      await produce(kafka, topic, clean.slice(0, half).map(asMessage));
      // Results of the first half reached Kafka and the table's sink has failed: a commit is
      // due (every 200 ms) and cannot complete while the table is away.
      await waitUntil(async () => (published.size > 0 && (await failures(metrics)) > 0 ? true : undefined), {
        deadlineMs: 60_000,
        describe: () => `${published.size} results published before the rest of the input`,
      });
      await produce(kafka, topic, clean.slice(half).map(asMessage));
      await produceSentinels(kafka, topic);
      await waitUntil(() => (published.size >= expected.length ? true : undefined), {
        deadlineMs: 60_000,
        describe: () => `${published.size} of ${expected.length} windows published while ClickHouse is down`,
      });
      const exists = await store.client.query({ query: `EXISTS TABLE ${table}`, format: 'JSONEachRow' });
      expect(await exists.json()).toEqual([{ result: 0 }]);
      const inKafka = [...published.values()].sort((a, b) =>
        `${a.meter_id}|${a.window_start}`.localeCompare(`${b.meter_id}|${b.window_start}`),
      );
      expect(inKafka.map((r) => r.readings)).toEqual(expected.map((r) => r.readings));
      await store.client.command({ query: `ATTACH TABLE ${table}` });
      expect(await rowsWhenComplete(store, table)).toEqual(expected);
    } finally {
      await reader.stop();
      await run.stop();
    }
  });
});

const failures = (metrics: StreamMetrics) => total(metrics.sinks.failures);

async function consumeAll(kafka: Kafka, topic: string, count: number) {
  const letters: { value: string; headers: Record<string, string> }[] = [];
  const consumer = await kafka.read({
    groupId: unique('dlq-reader'),
    topics: [topic],
    deleteGroupOnStop: true,
    onBatch: async ({ records }) => {
      for (const message of records)
        letters.push({ value: String(message.value), headers: { ...message.headers } });
    },
  });
  try {
    await waitUntil(() => (letters.length >= count ? true : undefined), {
      deadlineMs: 30_000,
      describe: () => `${letters.length} of ${count} dead letters`,
    });
  } finally {
    await consumer.stop();
  }
  return letters;
}

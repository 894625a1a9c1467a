// Issue 15 end to end: one source partition of the meter feed stalls (its readings held back)
// while another runs hours ahead, longer than the source-idle bound, on the real broker with every
// processor running. The stalled partition is released (the other households' hours still
// close: issue 20), yet none of its meters is called offline: their readings were on the way.
// A meter that really stops on the running partition is still reported. A household first heard
// of only after the stall, its hours closed without it, still has every reading counted.
import { randomUUID } from 'node:crypto';
import { INTERNAL_TOPICS, isoCstSeconds, TOPICS } from '@onegrid/contracts';
import type { KafkaProducer, OutgoingMessage } from '@onegrid/kafka';
import { processorCatalogue, type RunningProcessors, startProcessors } from '@onegrid/processors';
import type { Store } from '@onegrid/store';
import { streamMetrics } from '@onegrid/stream';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyTopics } from '../support/pipeline.ts';
import { logger, testKafka, testStore } from '../support/stack.ts';
import { waitUntil } from '../support/wait-until.ts';

const kafka = testKafka();
const groupPrefix = `onegrid.r15-${randomUUID().slice(0, 8)}.`;
const QUARTER = 15 * 60_000;
const HOUR = 3_600_000;
/** 2026-09-14T00:00+08:00. */
const START = Date.UTC(2026, 8, 13, 16);
const HOURS = 10;
/** The stalled partition's readings stop here until the others have run past it by hours. */
const STALL_AT = START + 2 * HOUR;
/** The silent meter on the running partition stops here, for good. */
const SILENT_FROM = START + 3 * HOUR;
const STALLED_PARTITION = 0;
const RUNNING_PARTITION = 1;
let store: Store;
let processors: RunningProcessors;
let producer: KafkaProducer;

/** Households all in one partition of the re-keyed topic: one detector judges them all. */
async function householdsOnePartition(count: number): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  const topic = INTERNAL_TOPICS.meterReadingsByHousehold;
  const partitions = (await admin.topicPartitions([topic])).get(topic)?.length ?? 0;
  await admin.disconnect();
  const run = randomUUID().replace(/\D/g, '').padEnd(4, '7').slice(0, 4);
  const ids: string[] = [];
  for (let n = 0; ids.length < count; n++) {
    const id = `HH-9${run}${String(n).padStart(4, '0')}`;
    if (kafka.partitionFor(id, partitions) === 0) ids.push(id);
  }
  return ids;
}

function readings(
  household: string,
  from: number,
  to: number,
  partition: number,
  silentWaterFrom = Infinity,
): OutgoingMessage[] {
  const out: OutgoingMessage[] = [];
  for (let t = from; t < to; t += QUARTER) {
    const q = (t - START) / QUARTER;
    const meters = [
      { meter_id: `EM-${household.slice(3)}`, kind: 'electricity', reading: 1000 + 0.05 * q, unit: 'kWh' },
      ...(t < silentWaterFrom
        ? [{ meter_id: `WM-${household.slice(3)}`, kind: 'water', reading: 100 + 0.01 * q, unit: 'm3' }]
        : []),
    ];
    for (const m of meters) {
      const value = {
        ...m,
        household_id: household,
        ts: isoCstSeconds(t),
        reading: Number(m.reading.toFixed(3)),
      };
      out.push({ partition, key: m.meter_id, value: JSON.stringify(value) });
    }
  }
  return out;
}

async function send(topic: string, messages: OutgoingMessage[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 500)
    await producer.send({ topic, messages: messages.slice(i, i + 500) });
}

async function rows<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  return (await store.client.query({ query, query_params: params, format: 'JSONEachRow' })).json<T>();
}

const offlineSubjects = async (): Promise<string[]> =>
  (
    await rows<{ subject: string }>(
      `SELECT DISTINCT subject FROM alerts WHERE type = 'meter_offline' ORDER BY subject`,
    )
  ).map((r) => r.subject);

/** Households with an hourly row closed at or after `hour` (event time). */
const closedThrough = async (ids: string[], hour: number): Promise<number> =>
  Number(
    (
      await rows<{ n: string }>(
        `SELECT uniqExact(household_id) AS n FROM household_usage_hourly FINAL
         WHERE household_id IN {ids:Array(String)} AND hour >= toDateTime({h:UInt32})`,
        { ids, h: Math.floor(hour / 1000) },
      )
    )[0]?.n ?? Number.NaN,
  );

beforeAll(async () => {
  ({ store } = await testStore());
  await emptyTopics(kafka);
  processors = await startProcessors({
    kafka,
    clickhouse: store.client,
    logger,
    metrics: streamMetrics(new Registry()),
    catalogue: processorCatalogue(),
    sink: { maxRows: 20_000, maxDelayMs: 200 },
    commitIntervalMs: 1_000,
    // Short, so that the stall outlasts it in seconds; the rule is the production one (60 s there).
    sourceIdleMs: 3_000,
    hold: { graceMs: 5_000 },
    groupPrefix,
  });
  producer = kafka.producer();
  await producer.connect();
}, 180_000);

afterAll(async () => {
  await producer?.disconnect();
  await processors?.stop();
  await store?.close();
});

describe('a meter partition that stalls while another runs hours ahead', () => {
  it('calls none of its meters offline, closes the others’ hours, and still reports a silent meter', async () => {
    const ids = await householdsOnePartition(8);
    const stalled = ids.slice(0, 3);
    const running = ids.slice(3, 6);
    const silent = ids[6] as string;
    // On the stalled partition too, but it sends nothing before the stall ends.
    const newcomer = ids[7] as string;
    await send(
      TOPICS.households,
      ids.map((id) => ({
        key: id,
        value: JSON.stringify({
          household_id: id,
          district: '310101',
          street: '310101002',
          community: '310101002001',
          grid: 'G-310101-0021',
          lives_alone: false,
          vulnerable: [],
        }),
      })),
    );
    const end = START + HOURS * HOUR;
    // The stalled partition sends its first two hours, the running one all ten.
    await send(TOPICS.meterReadings, [
      ...stalled.flatMap((h) => readings(h, START, STALL_AT, STALLED_PARTITION)),
      ...running.flatMap((h) => readings(h, START, end, RUNNING_PARTITION)),
      ...readings(silent, START, end, RUNNING_PARTITION, SILENT_FROM),
    ]);
    // Issue 20: the stalled partition is released; the running households' hours close far past it.
    await waitUntil(
      async () => ((await closedThrough(running, STALL_AT + 5 * HOUR)) === running.length ? true : undefined),
      { deadlineMs: 120_000, intervalMs: 1_000, describe: () => 'running households’ hours not closed' },
    );
    // A meter silent on its own running partition is called offline, by the same detector.
    await waitUntil(
      async () => ((await offlineSubjects()).includes(`WM-${silent.slice(3)}`) ? true : undefined),
      { deadlineMs: 60_000, intervalMs: 1_000, describe: async () => `offline: ${await offlineSubjects()}` },
    );
    // The stall ends: the held-back readings arrive, hours behind the watermark, and go on two
    // hours past the running partition (so that the watermark moves again and consumes them).
    await send(TOPICS.meterReadings, [
      ...stalled.flatMap((h) => readings(h, STALL_AT, end + 2 * HOUR, STALLED_PARTITION)),
      ...readings(newcomer, START + QUARTER, end + 2 * HOUR, STALLED_PARTITION),
    ]);
    await waitUntil(
      async () => ((await closedThrough(stalled, STALL_AT + 5 * HOUR)) === stalled.length ? true : undefined),
      { deadlineMs: 120_000, intervalMs: 1_000, describe: () => 'stalled households’ hours not closed' },
    );
    const offline = await offlineSubjects();
    for (const h of stalled) {
      expect(offline).not.toContain(`WM-${h.slice(3)}`);
      expect(offline).not.toContain(`EM-${h.slice(3)}`);
    }
    expect(offline).toEqual([`WM-${silent.slice(3)}`]);
    // Its readings in (START, STALL_AT + 5 h] count in the hours from START, closed before it
    // was heard of: 7 h of quarters, two meters. Neither counted nor late, they would be lost.
    const counted = async (): Promise<number> =>
      Number(
        (
          await rows<{ n: string }>(
            `SELECT sum(water_readings + electricity_readings) AS n FROM household_usage_hourly FINAL
             WHERE household_id = {id:String} AND hour >= toDateTime({from:UInt32}) AND hour < toDateTime({to:UInt32})`,
            { id: newcomer, from: START / 1000, to: (STALL_AT + 5 * HOUR) / 1000 },
          )
        )[0]?.n ?? Number.NaN,
      );
    await waitUntil(async () => ((await counted()) === 7 * 4 * 2 ? true : undefined), {
      deadlineMs: 60_000,
      intervalMs: 1_000,
      describe: async () => `newcomer's readings counted: ${await counted()} of ${7 * 4 * 2}`,
    });
  });
});

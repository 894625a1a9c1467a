// Issue 21: a valid message is never dead-lettered because a registry is late or thin. Real
// Kafka and chDB, every processor running, the registry topics emptied first (a fresh city).
//  - a 12345 ticket feed before any registry: every valid ticket stored, only bad ones dead-lettered;
//  - a meter reading before its household record: held, then stored when the record comes;
//    dead-lettered with the reason when it never comes within the grace period; the commit
//    never passes a held message;
//  - a re-drive once the registry is fixed: stored once, and once still when re-driven again.
import { randomUUID } from 'node:crypto';
import { dlqTopic, REGISTRY_TOPICS, TOPICS } from '@onegrid/contracts';
import type { KafkaClient as Kafka, KafkaProducer as Producer } from '@onegrid/kafka';
import { declareTopics, loadKafkaConfig, provisionTopics } from '@onegrid/kafka';
import {
  processorCatalogue,
  REDRIVE_HEADERS,
  type RunningProcessors,
  redriveDeadLetters,
  startProcessors,
} from '@onegrid/processors';
import { buildServer, loadServerConfig } from '@onegrid/server';
import { createScenario, type TopicCounts } from '@onegrid/simulator';
import { type Store, TOPIC_TABLES } from '@onegrid/store';
import { streamMetrics } from '@onegrid/stream';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareTickets } from '../scoring/store-vs-truth.ts';
import { readDeadLetters } from '../support/dead-letters.ts';
import { emptyTopics } from '../support/pipeline.ts';
import { logger, testKafka, testStore } from '../support/stack.ts';
import { waitUntil } from '../support/wait-until.ts';

const GRACE_MS = 8_000;
const kafka = testKafka();
const groupPrefix = `onegrid.r21-${randomUUID().slice(0, 8)}.`;
const metrics = new Registry();
let store: Store;
let processors: RunningProcessors;
let producer: Producer;

/** A fresh city: registry topics deleted and made again (compacted topics keep their records otherwise). */
async function emptyRegistries(k: Kafka): Promise<void> {
  const admin = k.admin();
  await admin.connect();
  try {
    await admin.deleteTopics(REGISTRY_TOPICS);
    await waitUntil(
      async () =>
        (await admin.listTopics()).some((t) => (REGISTRY_TOPICS as readonly string[]).includes(t))
          ? undefined
          : true,
      { deadlineMs: 60_000, describe: () => 'registry topics not deleted' },
    );
    const config = loadKafkaConfig();
    // The broker forgets deleted topics' partitions a moment after they leave the topic list.
    let lastError: unknown;
    await waitUntil(
      async () => {
        try {
          await provisionTopics(admin, declareTopics(config), config.ONEGRID_TOPIC_REPLICATION);
          for (const topic of REGISTRY_TOPICS) await admin.topicOffsets(topic);
          return true;
        } catch (error) {
          lastError = error;
          return undefined;
        }
      },
      {
        deadlineMs: 60_000,
        intervalMs: 1_000,
        describe: () => `registry topics not made again: ${String(lastError)}`,
      },
    );
  } finally {
    await admin.disconnect();
  }
}

const startOurProcessors = () =>
  startProcessors({
    kafka,
    clickhouse: store.client,
    logger,
    metrics: streamMetrics(metrics),
    catalogue: processorCatalogue(),
    sink: { maxRows: 20_000, maxDelayMs: 200 },
    commitIntervalMs: 1_000,
    sourceIdleMs: 5_000,
    hold: { graceMs: GRACE_MS },
    groupPrefix,
  });

async function count(query: string, params: Record<string, unknown> = {}): Promise<number> {
  const result = await store.client.query({ query, query_params: params, format: 'JSONEachRow' });
  const [row] = await result.json<{ n: string }>();
  return Number(row?.n ?? Number.NaN);
}

const archive = (topic: string) => {
  const status = processors.status().find((s) => s.name === `archive.${topic}`);
  if (status === undefined) throw new Error(`no archive of ${topic}`);
  return status;
};

beforeAll(async () => {
  ({ store } = await testStore());
  await emptyTopics(kafka);
  await emptyRegistries(kafka);
  processors = await startOurProcessors();
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
}, 180_000);

afterAll(async () => {
  await producer?.disconnect();
  await processors?.stop();
  await store?.close();
});

describe('a 12345 ticket feed before any registry', () => {
  it('stores every valid ticket and dead-letters only the bad messages', async () => {
    expect(processors.registry.state.households.size).toBe(0);
    expect(await count('SELECT count() AS n FROM households_current')).toBe(0);
    const truth: Record<string, unknown>[] = [];
    // Only the ticket feed, with more bad and repeated messages than the defaults.
    const scenario = createScenario(
      {
        households: 2_000,
        hours: 48,
        seed: 21,
        landfallHour: 20,
        ticketRateScale: 4,
        streams: { meters: false, weather: false, waterLevels: false, evacuations: false, resources: false },
        pathologies: {
          duplicate: 0.02,
          malformed: 0.003,
          wrongType: 0.003,
          outOfRange: 0.003,
          unknownId: 0.003,
        },
      },
      { write: (entry) => truth.push(entry as unknown as Record<string, unknown>) },
    );
    const records = [...scenario.events()].filter((r) => r.topic === TOPICS.ticketEvents);
    for (let i = 0; i < records.length; i += 500) {
      await producer.send({
        topic: TOPICS.ticketEvents,
        messages: records.slice(i, i + 500).map((r) => ({ key: r.key, value: Buffer.from(r.value) })),
      });
    }
    const c = scenario.counts().topics[TOPICS.ticketEvents] as TopicCounts;
    const tickets = truth.filter((e) => e.type === 'ticket').length;
    expect(tickets).toBeGreaterThan(200);
    expect(c.invalid).toBeGreaterThan(10);

    await waitUntil(
      async () =>
        (await count('SELECT count() AS n FROM tickets FINAL')) === tickets &&
        (await count(`SELECT count() AS n FROM dead_letters FINAL WHERE topic = {t:String}`, {
          t: TOPICS.ticketEvents,
        })) === c.invalid &&
        (await count(`SELECT count() AS n FROM ${TOPIC_TABLES[TOPICS.ticketEvents]} FINAL`)) ===
          c.valid - c.duplicates
          ? true
          : undefined,
      {
        deadlineMs: 90_000,
        intervalMs: 1_000,
        describe: async () =>
          `tickets ${await count('SELECT count() AS n FROM tickets FINAL')} of ${tickets}; ` +
          `letters ${await count('SELECT count() AS n FROM dead_letters FINAL')} of ${c.invalid}`,
      },
    );
    // Every stored ticket as the feed's truth has it: districts, stages, ratings.
    const end = scenario.end;
    const comparison = await compareTickets(store.client, truth, end);
    expect(comparison.differences).toEqual([]);
    expect(comparison.compared).toBe(tickets);
    // The dead letters are the planted bad messages, and none blames a registry.
    const letters = await readDeadLetters(kafka, dlqTopic(TOPICS.ticketEvents));
    expect(letters).toHaveLength(c.invalid);
    const districtLetters = letters.filter((l) => l.code === 'unknown_id');
    // The simulator's unknown_id fault sets district 310199 on a `reported` event (others get a wrong type).
    const badDistricts = records.filter(
      (r) => r.fault === 'unknown_id' && typeof r.value === 'string' && r.value.includes('"310199"'),
    );
    expect(badDistricts.length).toBeGreaterThan(0);
    expect(districtLetters).toHaveLength(badDistricts.length);
    expect(districtLetters.every((l) => l.reason.includes('districts table (GB/T 2260), got "310199"'))).toBe(
      true,
    );
    expect(letters.filter((l) => l.reason.includes('registry'))).toEqual([]);
  });
});

describe('a meter reading before its household record', () => {
  const hh = (n: number) => `HH-9${randomUUID().replace(/\D/g, '').slice(0, 7)}${n}`;
  const early = hh(1); // its record comes while the reading is held
  const never = hh(2); // its record comes only after the grace period: dead-lettered, then re-driven
  const reading = (household: string) => ({
    meter_id: `WM-${household.slice(3)}`,
    household_id: household,
    kind: 'water',
    ts: '2026-09-14T08:15:00+08:00',
    reading: 1834.562,
    unit: 'm3',
  });
  const household = (id: string) => ({
    household_id: id,
    district: '310101',
    street: '310101002',
    community: '310101002001',
    grid: 'G-310101-0021',
    lives_alone: true,
    vulnerable: ['elderly'],
  });
  const stored = (id: string) =>
    count('SELECT count() AS n FROM meter_readings FINAL WHERE household_id = {id:String}', { id });
  const committed = async (): Promise<number> => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.groupOffsets(
        `${groupPrefix}archive.${TOPICS.meterReadings}`,
        TOPICS.meterReadings,
      );
      return offsets.find((p) => p.partition === 0)?.offset ?? -1;
    } finally {
      await admin.disconnect();
    }
  };
  let neverOffset = -1;

  it('is held, and stored once its household record arrives; the commit never passes a held one, nor a restart loses it', async () => {
    // Both on partition 0, the unregistered one first: the commit must stop at it.
    const [sent] = await producer.send({
      topic: TOPICS.meterReadings,
      messages: [never, early].map((id) => ({
        partition: 0,
        key: reading(id).meter_id,
        value: JSON.stringify(reading(id)),
      })),
    });
    neverOffset = Number(sent?.baseOffset ?? Number.NaN);
    await waitUntil(() => (archive(TOPICS.meterReadings).held === 2 ? true : undefined), {
      deadlineMs: 30_000,
      describe: () => `held: ${archive(TOPICS.meterReadings).held}`,
    });
    expect(await stored(early)).toBe(0);

    await producer.send({
      topic: TOPICS.households,
      messages: [{ key: early, value: JSON.stringify(household(early)) }],
    });
    await waitUntil(async () => ((await stored(early)) === 1 ? true : undefined), {
      deadlineMs: 30_000,
      describe: () => `early reading not stored; held ${archive(TOPICS.meterReadings).held}`,
    });
    expect(archive(TOPICS.meterReadings).held).toBe(1);
    // Commits go on (the stored reading is behind one), and stop at the held reading.
    const commitsBefore = await commitCount();
    await waitUntil(async () => ((await commitCount()) > commitsBefore + 1 ? true : undefined), {
      deadlineMs: 30_000,
      describe: () => 'no commit since the early reading was stored',
    });
    expect(archive(TOPICS.meterReadings).held).toBe(1);
    expect(await committed()).toBe(neverOffset);

    // A restart while holding replays from the held reading: held again, the stored one not twice.
    await processors.stop();
    processors = await startOurProcessors();
    await waitUntil(() => (archive(TOPICS.meterReadings).held === 1 ? true : undefined), {
      deadlineMs: 60_000,
      describe: () => `held after the restart: ${archive(TOPICS.meterReadings).held}`,
    });
    expect(await stored(early)).toBe(1);
    expect(await stored(never)).toBe(0);
  });

  it('is dead-lettered with the reason once the grace period passes without its record', async () => {
    await waitUntil(() => (archive(TOPICS.meterReadings).held === 0 ? true : undefined), {
      deadlineMs: GRACE_MS + 30_000,
      describe: () => `still held: ${archive(TOPICS.meterReadings).held}`,
    });
    const letters = (await readDeadLetters(kafka, dlqTopic(TOPICS.meterReadings))).filter(
      (l) => l.sourceOffset === String(neverOffset),
    );
    expect(letters).toHaveLength(1);
    expect(letters[0]?.code).toBe('unknown_id');
    expect(letters[0]?.reason).toContain('household_id: expected an id of the households registry');
    expect(letters[0]?.reason).toContain('the grace period, without the reference data catching up');
    expect(await stored(never)).toBe(0);
    // Now nothing is held, the commit passes both readings.
    await waitUntil(async () => ((await committed()) >= neverOffset + 2 ? true : undefined), {
      deadlineMs: 30_000,
      describe: async () => `committed ${await committed()}, expected ${neverOffset + 2}`,
    });
    const holds = await metrics.getSingleMetricAsString('onegrid_stream_holds_total');
    expect(holds).toMatch(/outcome="released"\} 1$/m);
    expect(holds).toMatch(/outcome="dead_lettered"\} 1$/m);
  });

  it('is stored once when re-driven after the registry is fixed, however often it is re-driven', async () => {
    await producer.send({
      topic: TOPICS.households,
      messages: [{ key: never, value: JSON.stringify(household(never)) }],
    });
    const deps = { kafka, clickhouse: store.client, logger, now: Date.now };
    const request = {
      topic: TOPICS.meterReadings,
      reason: 'unknown_id',
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
      by: 'e2e',
    };
    const sourceEnd = async () => {
      const admin = kafka.admin();
      await admin.connect();
      const offsets = await admin.topicOffsets(TOPICS.meterReadings);
      await admin.disconnect();
      return offsets.reduce((sum, p) => sum + Number(p.high), 0);
    };
    const before = await sourceEnd();
    const dry = await redriveDeadLetters(deps, { ...request, dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, selected: 1, redriven: 0, alreadyRedriven: 0 });
    expect(dry.letters[0]).toMatchObject({ partition: 0, offset: neverOffset, code: 'unknown_id' });
    expect(await sourceEnd()).toBe(before);

    const first = await redriveDeadLetters(deps, request);
    expect(first).toMatchObject({ selected: 1, redriven: 1 });
    await waitUntil(async () => ((await stored(never)) === 1 ? true : undefined), {
      deadlineMs: 30_000,
      describe: () => 're-driven reading not stored',
    });

    // Again, through the duty officer's route: nothing left to re-drive.
    const server = buildServer({
      logger,
      config: loadServerConfig({ ONEGRID_TOKENS: 'duty-officer-token-e2e-0001:duty_officer' }),
      healthChecks: {},
      redrive: (r) => redriveDeadLetters(deps, r),
    });
    const again = await server.inject({
      method: 'POST',
      url: '/api/admin/redrive',
      headers: { authorization: 'Bearer duty-officer-token-e2e-0001' },
      payload: { topic: request.topic, reason: request.reason, from: request.from, to: request.to },
    });
    await server.close();
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ selected: 0, redriven: 0, alreadyRedriven: 1 });
    expect(await sourceEnd()).toBe(before + 1);

    // A copy published twice anyway (a crash between publishing and recording) counts once.
    const newest = () =>
      count(
        `SELECT toUnixTimestamp64Milli(max(ingested_at)) AS n FROM meter_readings FINAL WHERE household_id = {id:String}`,
        { id: never },
      );
    const firstStored = await newest();
    const copy = reading(never);
    await producer.send({
      topic: TOPICS.meterReadings,
      messages: [
        {
          key: copy.meter_id,
          value: JSON.stringify(copy),
          headers: { [REDRIVE_HEADERS.of]: `${TOPICS.meterReadings}/0/${neverOffset}` },
        },
      ],
    });
    // The copy has landed once the row's version (ingested_at) is the copy's.
    await waitUntil(async () => ((await newest()) > firstStored ? true : undefined), {
      deadlineMs: 30_000,
      describe: () => 'the copy did not reach the raw table',
    });
    expect(await stored(never)).toBe(1);
  });
});

async function commitCount(): Promise<number> {
  const metric = await metrics.getSingleMetric('onegrid_stream_commits_total')?.get();
  return (metric?.values ?? [])
    .filter((v) => v.labels.processor === `archive.${TOPICS.meterReadings}` && v.labels.outcome === 'ok')
    .reduce((sum, v) => sum + v.value, 0);
}

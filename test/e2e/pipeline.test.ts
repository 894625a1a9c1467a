// The whole pipeline on a simulated typhoon: simulator CLI → Kafka → every processor →
// embedded ClickHouse. Nothing lost, nothing counted twice, bad messages dead-lettered with
// their reason, and the store agrees with the simulator's truth.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dlqTopic, INPUT_TOPICS, INTERNAL_TOPICS, TOPICS, toEpochMs } from '@onegrid/contracts';
import { loadUtilityRestartState, type UtilityRestartState } from '@onegrid/processors';
import { readCookbook, runReadOnlyQuery, SqlQuota, shanghaiTime, TOPIC_TABLES } from '@onegrid/store';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  compareEvacuation,
  compareResources,
  compareTickets,
  compareUsageReadings,
} from '../scoring/store-vs-truth.ts';
import { readDeadLetters } from '../support/dead-letters.ts';
import { type PipelineRun, runPipeline } from '../support/pipeline.ts';
import { countRows, truthCounts } from '../support/run-counts.ts';
import { seededHours } from '../support/seeded-hours.ts';
import { logger, testKafka, testStore, utilityWorkerOption } from '../support/stack.ts';

const kafka = testKafka();
let run: PipelineRun;
let store: Awaited<ReturnType<typeof testStore>>['store'];

beforeAll(async () => {
  ({ store } = await testStore());
  const truthDir = await mkdtemp(path.join(tmpdir(), 'onegrid-e2e-truth-'));
  // Landfall 10 h into a 16-h window: the storm, the evacuation and the ticket surge all happen.
  run = await runPipeline(
    kafka,
    inject('kafkaBrokers'),
    store,
    { households: 400, hours: 16, warmupDays: 0, seed: 7, truthDir, extraArgs: ['--landfall-hour', '10'] },
    logger,
    { drainDeadlineMs: 240_000, ...utilityWorkerOption() },
  );
}, 360_000);

afterAll(async () => {
  await store?.close();
});

const counts = () => truthCounts(run);
const count = (query: string) => countRows(store, query);

describe('pipeline: simulated typhoon through Kafka, processors and ClickHouse', () => {
  it.each(INPUT_TOPICS)(
    '%s: every valid message stored once, every bad one dead-lettered once',
    async (topic) => {
      const c = counts()[topic];
      expect(c).toBeDefined();
      if (c === undefined) return;
      const stored = await count(`SELECT count() AS n FROM ${TOPIC_TABLES[topic]} FINAL`);
      expect(stored).toBe(c.valid - c.duplicates);
      const letters = await readDeadLetters(kafka, dlqTopic(topic));
      expect(letters.length).toBe(c.invalid);
      expect(letters.filter((l) => l.code === 'unknown_id').length).toBe(c.by_fault.unknown_id ?? 0);
      expect(letters.every((l) => l.reason.length > 0 && l.sourceOffset !== '')).toBe(true);
      // …and recorded for analysts, reason and size but not the bytes.
      expect(await count(`SELECT count() AS n FROM dead_letters FINAL WHERE topic = '${topic}'`)).toBe(
        c.invalid,
      );
    },
  );

  it('reads back what a restarted utility detector needs: hourly usage and open alerts', async () => {
    // The rows path (the fallback when a household has no snapshot of this format).
    const restart = await loadUtilityRestartState(store.client, 14, undefined, { snapshots: false });
    const households = await count('SELECT uniqExact(household_id) AS n FROM household_usage_hourly FINAL');
    expect(households).toBeGreaterThan(0);
    expect(restart.history.size).toBe(households);
    // Each household's hours say which readings they hold: none newer than its meters sent.
    expect(restart.taken.size).toBe(households);
    const newestSent = new Map<string, number>();
    const sent = await store.client.query({
      query: `SELECT concat(household_id, '/', kind) AS k, toString(toUnixTimestamp64Milli(max(ts))) AS ms
              FROM meter_readings GROUP BY k`,
      format: 'JSONEachRow',
    });
    for (const { k, ms } of await sent.json<{ k: string; ms: string }>()) newestSent.set(k, Number(ms));
    for (const [household, taken] of restart.taken) {
      for (const kind of ['water', 'electricity'] as const) {
        const through = taken[kind];
        expect(through, `${household} ${kind}`).toBeTypeOf('number');
        expect(through as number).toBeLessThanOrEqual(newestSent.get(`${household}/${kind}`) ?? 0);
      }
    }
    const open = await count(
      `SELECT count() AS n FROM alerts_current WHERE status = 'open' AND type IN ('utility_inactivity', 'water_running', 'meter_offline')`,
    );
    const restored = [...restart.householdAlerts.values()].flat().length + restart.offlineAlerts.length;
    expect(restored).toBe(open);
  });

  it('restores every household from its snapshot and the rows after it, as from the rows alone', async () => {
    const fromRows = await loadUtilityRestartState(store.client, 14, undefined, { snapshots: false });
    const fromSnapshots = await loadUtilityRestartState(store.client, 14);
    expect(fromSnapshots.snapshots.size).toBe(fromRows.history.size);
    expect(fromSnapshots.unreadSnapshots).toEqual([]);
    // Each household's hours seeded both ways are the same hours, values and marks.
    const hours = (restart: UtilityRestartState, household: string) =>
      seededHours(restart, household).map((x) => JSON.stringify(x));
    for (const household of fromRows.history.keys())
      expect(hours(fromSnapshots, household), household).toEqual(hours(fromRows, household));
  });

  it("splits the restart state by partition as Kafka's partitioner splits households", async () => {
    const whole = await loadUtilityRestartState(store.client, 14);
    const topic = INTERNAL_TOPICS.meterReadingsByHousehold;
    const admin = kafka.admin();
    await admin.connect();
    const partitions = (await admin.topicPartitions([topic])).get(topic)?.length ?? 0;
    await admin.disconnect();
    expect(partitions).toBeGreaterThan(1);
    const seen = new Set<string>();
    for (let partition = 0; partition < partitions; partition++) {
      const part = await loadUtilityRestartState(store.client, 14, { partition, partitions });
      for (const household of [
        ...part.history.keys(),
        ...part.snapshots.keys(),
        ...part.householdAlerts.keys(),
      ]) {
        expect(kafka.partitionFor(household, partitions)).toBe(partition);
        seen.add(household);
      }
      expect(part.offlineAlerts.length).toBe(whole.offlineAlerts.length);
    }
    expect(seen).toEqual(
      new Set([...whole.history.keys(), ...whole.snapshots.keys(), ...whole.householdAlerts.keys()]),
    );
  });

  it('counts every stored meter reading once in the hour it fell in, the first hour included', async () => {
    const usage = await compareUsageReadings(store.client);
    expect(usage.compared).toBeGreaterThan(0);
    expect(usage.differences).toEqual([]);
  });

  it('rebuilds every ticket exactly as the simulator lived it', async () => {
    const scenario = run.truth.find((e) => e.type === 'scenario') as { end: string };
    const comparison = await compareTickets(store.client, run.truth, toEpochMs(scenario.end));
    expect(comparison.compared).toBeGreaterThan(3);
    expect(comparison.differences).toEqual([]);
  });

  it('counts evacuees and resources exactly', async () => {
    const evacuation = await compareEvacuation(store.client, run.truth);
    expect(evacuation.compared).toBeGreaterThan(0);
    expect(evacuation.differences).toEqual([]);
    const resources = await compareResources(store.client, run.truth);
    expect(resources.compared).toBeGreaterThan(0);
    expect(resources.differences).toEqual([]);
  });

  it('scores districts as the storm passes and alerts on gauges past their thresholds', async () => {
    const raised = await count(
      `SELECT count() AS n FROM ${TOPIC_TABLES[TOPICS.riskScores]} FINAL WHERE level IN ('orange', 'red')`,
    );
    expect(raised).toBeGreaterThan(0);
    // A crossing in the last half hour may be beyond the final watermark: not required.
    const end = toEpochMs((run.truth.find((e) => e.type === 'scenario') as { end: string }).end);
    const gauges = run.truth.filter((e) => e.type === 'gauge') as {
      gauge_id: string;
      first_warning: string | null;
    }[];
    const crossed = new Set(gauges.filter((g) => g.first_warning !== null).map((g) => g.gauge_id));
    const surely = gauges.filter(
      (g) => g.first_warning !== null && toEpochMs(g.first_warning) < end - 30 * 60_000,
    );
    const result = await store.client.query({
      query: `SELECT DISTINCT subject FROM alerts FINAL WHERE type = 'water_level' AND status = 'open'`,
      format: 'JSONEachRow',
    });
    const alerted = new Set((await result.json<{ subject: string }>()).map((r) => r.subject));
    expect(surely.length).toBeGreaterThan(0);
    for (const g of surely) expect(alerted.has(g.gauge_id), g.gauge_id).toBe(true);
    for (const id of alerted) expect(crossed.has(id), id).toBe(true);
  });

  // The analysts' cookbook on what the processors themselves stored (the store's own test runs
  // it on stand-ins with exact answers): every question runs read-only and answers with the
  // columns its header documents; those the storm must answer have rows.
  it('answers every cookbook question from what the pipeline stored', async () => {
    const scenario = run.truth.find((e) => e.type === 'scenario') as {
      start: string;
      end: string;
      landfall: string;
    };
    const params: Record<string, string | number> = {
      as_of: shanghaiTime(toEpochMs(scenario.end)),
      from: shanghaiTime(toEpochMs(scenario.start)),
      to: shanghaiTime(toEpochMs(scenario.end)),
      district: '310115',
      top: 5,
      silent_hours: 3,
    };
    const quota = new SqlQuota({ queriesPerMinute: 1_000, rowsReadPerHour: 1e12 });
    const answered: string[] = [];
    const entries = await readCookbook();
    expect(entries.length).toBeGreaterThanOrEqual(15);
    for (const entry of entries) {
      const outcome = await runReadOnlyQuery(store.client, entry.sql, {
        user: 'analyst',
        quota,
        params: Object.fromEntries(entry.params.map((p) => [p.name, params[p.name] ?? ''])),
      });
      expect(outcome.ok, `${entry.name}: ${outcome.ok ? '' : outcome.error.message}`).toBe(true);
      if (!outcome.ok) continue;
      expect(
        outcome.result.columns.map((c) => c.name),
        entry.name,
      ).toEqual(entry.columns);
      if (outcome.result.rows.length > 0) answered.push(entry.name);
    }
    for (const name of [
      '05_district_risk_timeline',
      '06_rain_totals_by_district',
      '11_people_transferred_by_district',
      '13_resources_by_type_and_status',
      '14_alerts_per_hour_by_type',
      '17_peak_gusts_by_district',
      '18_district_water_use_hourly',
    ]) {
      expect(answered, name).toContain(name);
    }
  });
});

// The external generator (packages/enduse-generator: the published pysimdeum and richardsonpy
// models) through its CLI, Kafka and every processor into embedded ClickHouse, at a small size.
// Counts only: every reading archived once or dead-lettered with its reason, the registry, the
// truth file. The detectors run but their alerts are not read here: this generator is the
// held-out source, scored once by the lead (test/scoring/score-matrix.sh, EXT_SEEDS).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dlqTopic, TOPICS } from '@onegrid/contracts';
import { TOPIC_TABLES } from '@onegrid/store';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readDeadLetters } from '../support/dead-letters.ts';
import { type PipelineRun, runPipeline } from '../support/pipeline.ts';
import { countRows, truthCounts } from '../support/run-counts.ts';
import { logger, testKafka, testStore } from '../support/stack.ts';

const kafka = testKafka();
let run: PipelineRun;
let store: Awaited<ReturnType<typeof testStore>>['store'];
const HOUSEHOLDS = 20;

beforeAll(async () => {
  ({ store } = await testStore());
  const truthDir = await mkdtemp(path.join(tmpdir(), 'onegrid-e2e-enduse-'));
  run = await runPipeline(
    kafka,
    inject('kafkaBrokers'),
    store,
    {
      generator: 'enduse',
      households: HOUSEHOLDS,
      hours: 48,
      warmupDays: 1,
      seed: 4,
      truthDir,
      // Enough malformed copies at this size that the dead-letter path is exercised.
      extraArgs: [
        '--plant',
        'incident=2000,waterRunning=1000,meterSilent=1000,lateBatch=1000,replacement=1000',
      ],
    },
    logger,
    { drainDeadlineMs: 240_000 },
  );
}, 420_000);

afterAll(async () => {
  await store?.close();
});

const counts = () => truthCounts(run);
const count = (query: string) => countRows(store, query);

describe('pipeline: the external household generator through Kafka, processors and ClickHouse', () => {
  it('stores every valid reading once and dead-letters every bad copy with its reason', async () => {
    const c = counts()[TOPICS.meterReadings];
    expect(c?.sent).toBeGreaterThan(0.9 * HOUSEHOLDS * 2 * 96 * 3); // silent meters send less
    if (c === undefined) return;
    const stored = await count(`SELECT count() AS n FROM ${TOPIC_TABLES[TOPICS.meterReadings]} FINAL`);
    expect(stored).toBe(c.valid - c.duplicates);
    const letters = await readDeadLetters(kafka, dlqTopic(TOPICS.meterReadings));
    expect(letters.length).toBe(c.invalid);
    expect(letters.filter((l) => l.code === 'unknown_id').length).toBe(c.by_fault.unknown_id ?? 0);
    expect(letters.every((l) => l.reason.length > 0 && l.sourceOffset !== '')).toBe(true);
    expect(
      await count(`SELECT count() AS n FROM dead_letters FINAL WHERE topic = '${TOPICS.meterReadings}'`),
    ).toBe(c.invalid);
  });

  it('stores the registry: one row per household', async () => {
    expect(counts()[TOPICS.households]?.valid).toBe(HOUSEHOLDS);
    // The compacted registry topic still holds earlier runs' households: count this run's.
    const ids = run.truth.filter((e) => e.type === 'population').map((e) => `'${String(e.household_id)}'`);
    expect(ids).toHaveLength(HOUSEHOLDS);
    const table = TOPIC_TABLES[TOPICS.households];
    expect(
      await count(
        `SELECT uniqExact(household_id) AS n FROM ${table} FINAL WHERE household_id IN (${ids.join(',')})`,
      ),
    ).toBe(HOUSEHOLDS);
  });

  it('writes the truth: the scenario with the model versions, one population per household, the counts', () => {
    const scenario = run.truth[0] as { type: string; generator: string; models: Record<string, string> };
    expect(scenario.type).toBe('scenario');
    expect(scenario.generator).toBe('@onegrid/enduse-generator');
    expect(scenario.models.pysimdeum).toBe('1.0.1');
    expect(scenario.models.richardsonpy).toBe('0.2.3');
    expect(run.truth.filter((e) => e.type === 'population')).toHaveLength(HOUSEHOLDS);
    expect(run.truth.at(-1)?.type).toBe('counts');
  });
});

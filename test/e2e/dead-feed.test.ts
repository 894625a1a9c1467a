// Issue 20 end to end: a storm's water levels with the weather feed absent from the start, glitching,
// stuck and silent gauges, and one meter partition silent, through the simulator CLI, the real broker,
// every processor and ClickHouse. No output waits for the dead feed; no glitch is a flood.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type HazardScore, readHazard, scoreHazard } from '../scoring/hazard-vs-truth.ts';
import { type PipelineRun, runPipeline } from '../support/pipeline.ts';
import { logger, testKafka, testStore } from '../support/stack.ts';

const kafka = testKafka();
let run: PipelineRun;
let score: HazardScore;
let store: Awaited<ReturnType<typeof testStore>>['store'];

beforeAll(async () => {
  ({ store } = await testStore());
  const truthDir = await mkdtemp(path.join(tmpdir(), 'onegrid-e2e-dead-feed-'));
  // Landfall 10 h into a 20-h window; no tickets, evacuations or resources: they play no part.
  run = await runPipeline(
    kafka,
    inject('kafkaBrokers'),
    store,
    {
      households: 100,
      hours: 20,
      warmupDays: 0,
      seed: 5,
      truthDir,
      extraArgs: [
        '--landfall-hour',
        '10',
        '--streams',
        'tickets=false,evacuations=false,resources=false',
        '--sensor-faults',
        'gaugeGlitches=3,stuckGauges=1,silentGauges=1,weatherDown=start,silentMeterPartition=2',
      ],
    },
    logger,
    { drainDeadlineMs: 300_000 },
  );
  score = scoreHazard(await readHazard(store.client), run.truth);
}, 420_000);

afterAll(async () => {
  await store?.close();
});

async function count(query: string): Promise<number> {
  const [row] = await (await store.client.query({ query, format: 'JSONEachRow' })).json<{ n: string }>();
  return Number(row?.n ?? Number.NaN);
}

describe('a dead weather feed and broken gauges, through Kafka and every processor', () => {
  it('alerts every observable spell above warning within 10 minutes of its first reading', () => {
    const warning = score.spells.find((s) => s.threshold === 'warning');
    expect(warning?.observable).toBeGreaterThan(0);
    expect(warning?.found).toBe(warning?.observable);
    expect(Math.max(...(warning?.delaysMin ?? [Number.POSITIVE_INFINITY]))).toBeLessThanOrEqual(10);
  });

  it('raises no water_level alert outside a true spell, on a glitch or anywhere', () => {
    expect(score.falseAll).toBe(0);
  });

  it('stores every glitch reading flagged as refuted', () => {
    expect(score.glitchReadings).toBeGreaterThan(0);
    expect(score.refutedLevels).toBe(score.glitchReadings);
  });

  it('reports the stuck and the silent gauge, and each glitching one, as gauge_fault', () => {
    const gauges = score.faults.filter((f) => f.deviceKind === 'gauge');
    expect(gauges.map((f) => f.kind).sort()).toEqual(['glitch', 'silent', 'stuck']);
    for (const f of gauges) expect(f.found, f.kind).toBe(f.planted);
  });

  it('publishes risk scores with no weather at all, each marked weather_missing', async () => {
    expect(score.feedDown?.scores).toBeGreaterThan(0);
    expect(score.feedDown?.degraded).toBe(score.feedDown?.scores);
    expect(await count('SELECT uniqExact(district) AS n FROM risk_scores FINAL')).toBeGreaterThan(10);
  });

  it('closes the hours of households on the other meter partitions while one is silent', async () => {
    const down = run.truth.find((e) => e.type === 'feed_down' && e.topic === 'city.sensor.meter-readings') as
      | { from: string; to: string }
      | undefined;
    expect(down).toBeDefined();
    // Every household with readings has its hours closed through the silence and after it.
    const closedAfter = await count(
      `SELECT uniqExact(household_id) AS n FROM household_usage_hourly FINAL
       WHERE hour >= parseDateTimeBestEffort('${down?.to}')`,
    );
    expect(closedAfter).toBeGreaterThan(50);
  });
});

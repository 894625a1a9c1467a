// The processors' live lane (issue 18, item 5) when a processor instance is SIGKILLed: the
// instance's partitions of an archive's group wait for its session to expire (10 s) before
// another member may read them, while the surviving instance's lane, in a group of its own,
// copies a water level to the live-lane topic the server reads. Real broker; the archive's
// group and the topics are this test's own (the lane reads the contract's topics in use).
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOPICS } from '@onegrid/contracts';
import { RegistryState, startLiveLane } from '@onegrid/processors';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTopics, logger, testKafka, unique } from '../support/stack.ts';
import { waitUntil } from '../support/wait-until.ts';

const kafka = testKafka();
const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/group-member.ts');
const gauge = {
  gauge_id: 'WL-PD-001',
  name: '黄浦江 · 吴淞口',
  district: '310115',
  lat: 31.38,
  lon: 121.5,
  kind: 'river' as const,
  warning_level_m: 4.2,
  guarantee_level_m: 4.8,
};
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** Starts the instance to be killed and resolves once it holds every partition of `topic`. */
async function startMember(topic: string, group: string, partitions: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [fixture], {
    env: { ...process.env, KAFKA_BROKERS: inject('kafkaBrokers'), TOPIC: topic, GROUP: group },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n'))
        if (
          line.startsWith('{') &&
          (JSON.parse(line) as { assigned: number[] }).assigned.length === partitions
        )
          resolve();
    });
    child.on('exit', (code) => reject(new Error(`member exited (${code}): ${stderr.slice(-2000)}`)));
  });
  return child;
}

describe('live lane > a processor instance SIGKILLed', () => {
  it("copies a water level to the live lane while the dead instance's session still holds the archive's partitions", async () => {
    const input = unique('e2e-live-levels');
    const output = unique('e2e-live-lane');
    const group = unique('onegrid.e2e-live.archive');
    await createTopics(kafka, [
      { topic: input, partitions: 3 },
      { topic: output, partitions: 3 },
    ]);
    const registry = new RegistryState();
    registry.useDistrictCodes([gauge.district]);
    registry.upsertGauge(gauge);
    const dying = await startMember(input, group, 3);
    const lane = await startLiveLane({
      kafka,
      registry,
      logger,
      groupPrefix: `${unique('onegrid.e2e-live')}.`,
      topics: { inputs: { [TOPICS.waterLevels]: input }, output },
    });
    // What the lane reads: every copy it published, as the server's reader gets them.
    const copies: string[] = [];
    const reader = await kafka.read({
      groupId: unique('e2e-live-screen'),
      topics: [output],
      fromBeginning: true,
      maxWaitMs: 50,
      deleteGroupOnStop: true,
      onBatch: async (batch) => {
        for (const r of batch.records) copies.push(r.value?.toString('utf8') ?? '');
      },
    });
    // The surviving instance's archive member, asking for the partitions once the other dies.
    let survivorAssigned: readonly number[] = [];
    const survivor = kafka.groupSource({ groupId: group, topic: input });
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    try {
      const exited = new Promise((resolve) => dying.once('exit', resolve));
      dying.kill('SIGKILL');
      await exited;
      void survivor
        .start({
          onAssignment: (partitions) => {
            survivorAssigned = partitions;
          },
          onRebalancing: () => undefined,
          onBatch: async () => undefined,
        })
        .catch((error: unknown) => logger.error({ err: error }, 'survivor member failed'));
      const reading = { gauge_id: gauge.gauge_id, ts: '2026-09-14T02:10:00+08:00', level_m: 4.4 };
      await producer.send({
        topic: input,
        messages: [
          // Left to the archive: a gauge the registry lacks, and bytes that are no reading.
          { key: 'WL-NOPE', value: JSON.stringify({ ...reading, gauge_id: 'WL-NOPE' }) },
          { key: gauge.gauge_id, value: '{"gauge_id":' },
          { key: gauge.gauge_id, value: JSON.stringify(reading) },
        ],
      });
      const copy = await waitUntil(() => copies[0], {
        deadlineMs: 30_000,
        intervalMs: 20,
        describe: () => JSON.stringify(lane.counts()),
      });
      // The archive's partitions were still the dead instance's: no survivor had them yet.
      expect(survivorAssigned).toEqual([]);
      expect(JSON.parse(copy)).toEqual({
        kind: 'water_level',
        district: gauge.district,
        observation: reading,
      });
      await waitUntil(() => (lane.counts().skipped === 2 ? true : undefined), {
        deadlineMs: 30_000,
        describe: () => JSON.stringify(lane.counts()),
      });
      expect(lane.counts()).toEqual({ published: 1, skipped: 2, failed: 0 });
      expect(copies).toHaveLength(1);
    } finally {
      await lane.stop();
      await reader.stop();
      await survivor.stop();
      await producer.disconnect();
    }
  }, 120_000);
});

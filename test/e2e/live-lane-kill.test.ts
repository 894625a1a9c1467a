// The processors' live lane (issue 18, item 5) when a processor instance is SIGKILLed: the
// instance's partitions of an archive's group wait for its session to expire (10 s) before
// another member may read them, while the surviving instance's lane, in a group of its own,
// copies a water level to the live-lane topic the server reads. Real broker; the archive's
// group and the topics are this test's own (the lane reads the contract's topics in use).
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { TOPICS } from '@onegrid/contracts';
import { RegistryState, startLiveLane } from '@onegrid/processors';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { cleanUp } from '../support/clean-up.ts';
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
/** The member's start on a loaded machine: a Node start, a join, an assignment. */
const MEMBER_START_BOUND_MS = 60_000;

const killChildren = () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
};
afterAll(killChildren);
// A worker that ends without its hooks (a crash, a kill by a watchdog) leaves no member behind.
process.once('exit', killChildren);

/** The number of partitions a member's line says it holds; undefined for any other line. */
function assignedCount(line: string): number | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const assigned = (JSON.parse(line) as { assigned?: unknown }).assigned;
    return Array.isArray(assigned) ? assigned.length : undefined;
  } catch {
    return undefined;
  }
}

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
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`member not assigned within ${MEMBER_START_BOUND_MS} ms: ${stderr.slice(-2000)}`));
    }, MEMBER_START_BOUND_MS);
    child.once('exit', () => clearTimeout(timer));
    // Whole lines: a chunk may end mid-line. Its logger writes JSON lines to stdout too (a
    // warning on a loaded machine), which hold no assignment.
    createInterface({ input: child.stdout ?? Readable.from([]) }).on('line', (line) => {
      if (assignedCount(line) === partitions) {
        clearTimeout(timer);
        resolve();
      }
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
    // Its start no longer waits for its group (nothing may wait on the lane); readiness does.
    expect(await lane.whenAssigned).toBe(true);
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
    let failure: unknown;
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
      // Every send settled: a copy may be read before its send's acknowledgement is counted.
      await waitUntil(
        () => {
          const { published, skipped, failed } = lane.counts();
          return published + failed === 1 && skipped === 2 ? true : undefined;
        },
        {
          deadlineMs: 30_000,
          describe: () => JSON.stringify(lane.counts()),
        },
      );
      expect(lane.counts()).toEqual({ published: 1, skipped: 2, failed: 0 });
      expect(copies).toHaveLength(1);
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      await cleanUp(
        [
          { name: 'lane', run: () => lane.stop() },
          { name: 'reader', run: () => reader.stop() },
          { name: 'survivor', run: () => survivor.stop() },
          { name: 'producer', run: () => producer.disconnect() },
          { name: 'member', run: killChildren },
        ],
        failure,
      );
    }
  }, 120_000);
});

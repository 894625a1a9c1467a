// An operator whose watermark starts work longer than the group's session timeout (issue 17: the
// utility detector learning every household's day at one hour's close, 8–20 s), on the real
// broker. Left pending and drained by the runtime in slices, the member stays in the group: no
// rebalance, its commit goes through, and the operator is given no event meanwhile. The same
// work done in one block is evicted: the reason for the slices.
import { type MeterReading, meterReadingSchema, streamCodec, toEpochMs } from '@onegrid/contracts';
import type { KafkaClient as Kafka } from '@onegrid/kafka';
import {
  type Disposition,
  type Emitter,
  type PartitionOperator,
  type Provenance,
  runProcessor,
  type Sink,
  type SourceRecord,
  streamMetrics,
} from '@onegrid/stream';
import { Registry } from 'prom-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { asMessage, cleanReadings, closedBefore, produce } from '../support/meter-feed.ts';
import { createTopics, logger, testKafka, unique } from '../support/stack.ts';
import { waitUntil } from '../support/wait-until.ts';

/** The broker's least (group.min.session.timeout.ms): the work below is half again as long. */
const SESSION_MS = 6_000;
const WORK_MS = 9_000;
const SLICE_MS = 50;

let kafka: Kafka;
beforeAll(() => {
  kafka = testKafka();
});

interface Done {
  readonly events: number;
  readonly slices: number;
  readonly wallMs: number;
}

/**
 * Counts events; the first watermark past the feed's first hour starts WORK_MS of work (the
 * thread busy, as learning is), in slices of `sliceMs` left to `resume`, then emits once.
 */
class SlowClose implements PartitionOperator<MeterReading, Done> {
  events = 0;
  /** Events or watermarks given while work was pending: the runtime's contract says none. */
  violations = 0;
  #left = -1;
  #slices = 0;
  #started = 0;
  readonly #sliceMs: number;

  constructor(sliceMs: number) {
    this.#sliceMs = sliceMs;
  }

  onEvent(_record: SourceRecord<MeterReading>): Disposition {
    if (this.pending()) this.violations++;
    this.events++;
    return 'accepted';
  }

  onWatermark(watermark: number, out: Emitter<Done>): void {
    if (this.pending()) this.violations++;
    if (this.#left !== -1 || !(watermark >= closedBefore(1))) return;
    this.#left = WORK_MS;
    this.#started = performance.now();
    this.resume(out);
  }

  pending(): boolean {
    return this.#left > 0;
  }

  resume(out: Emitter<Done>): void {
    const ms = Math.min(this.#sliceMs, this.#left);
    const until = performance.now() + ms;
    while (performance.now() < until) {
      // busy: the work holds the thread
    }
    this.#left -= ms;
    this.#slices++;
    if (this.#left === 0)
      out.emit({ events: this.events, slices: this.#slices, wallMs: performance.now() - this.#started });
  }

  oldestNeededOffset(): number | undefined {
    return undefined;
  }

  openWindows(): number {
    return 0;
  }
}

class MemorySink implements Sink<Done> {
  readonly name = 'done';
  readonly rows: Done[] = [];
  async write(rows: readonly Done[], _from: Provenance) {
    this.rows.push(...rows);
  }
  async flush() {}
  pending() {
    return 0;
  }
  async close() {}
}

/** A processor of SlowClose operators over a one-partition feed of two hours of readings. */
async function start(sliceMs: number) {
  const topic = unique('e2e.pending');
  await createTopics(kafka, [{ topic, partitions: 1 }]);
  await produce(kafka, topic, cleanReadings({ meters: 5, hours: 2, stepMinutes: 15 }).map(asMessage));
  const group = unique('pending');
  const metrics = streamMetrics(new Registry());
  const operators: SlowClose[] = [];
  const sink = new MemorySink();
  const producer = kafka.producer();
  await producer.connect();
  const processor = await runProcessor(
    {
      name: group,
      topic,
      schema: meterReadingSchema,
      eventTime: (r: MeterReading) => toEpochMs(r.ts),
      operator: () => {
        const operator = new SlowClose(sliceMs);
        operators.push(operator);
        return operator;
      },
      outOfOrdernessMs: 0,
      idleTimeoutMs: 60_000,
      sinks: [sink],
      late: new MemorySink() as unknown as Sink<never>,
      deadLetters: 'count',
      commitIntervalMs: 200,
    },
    {
      consumer: kafka.groupSource({ groupId: group, topic, sessionTimeoutMs: SESSION_MS }),
      producer,
      codec: streamCodec,
      logger,
      metrics,
      now: Date.now,
    },
  );
  const count = async (metric: { get(): Promise<{ values: { labels: object; value: number }[] }> }) =>
    (await metric.get()).values.reduce((sum, v) => sum + v.value, 0);
  const commits = async (outcome: string) =>
    (await metrics.commits.get()).values
      .filter((v) => (v.labels as { outcome?: string }).outcome === outcome)
      .reduce((sum, v) => sum + v.value, 0);
  return {
    sink,
    operators,
    assignments: () => count(metrics.assignments),
    commits,
    stop: async () => {
      await processor.stop();
      await producer.disconnect();
    },
  };
}

describe('stream runtime > an operator left pending, on the real broker', () => {
  it('drains work longer than the session timeout in slices: no rebalance, no event meanwhile', async () => {
    const run = await start(SLICE_MS);
    try {
      const [done] = await waitUntil(async () => (run.sink.rows.length > 0 ? run.sink.rows : undefined), {
        deadlineMs: 60_000,
        describe: () => `no output; ${run.operators.length} operator(s)`,
      });
      expect(done?.slices).toBe(WORK_MS / SLICE_MS);
      expect(done?.wallMs).toBeGreaterThanOrEqual(WORK_MS);
      // A commit after the work: the coordinator still knew the member.
      const before = await run.commits('ok');
      await waitUntil(async () => ((await run.commits('ok')) > before ? true : undefined), {
        deadlineMs: 10_000,
        describe: async () => `commits ok ${await run.commits('ok')}, failed ${await run.commits('failed')}`,
      });
      expect(await run.commits('failed')).toBe(0);
      expect(await run.assignments()).toBe(1);
      expect(run.operators).toHaveLength(1);
      expect(run.operators[0]?.violations).toBe(0);
      // The feed's every event came, after the work as well as before it.
      await waitUntil(async () => (run.operators[0]?.events === 40 ? true : undefined), {
        deadlineMs: 10_000,
        describe: () => `${run.operators[0]?.events} of 40 events`,
      });
    } finally {
      await run.stop();
    }
  }, 90_000);

  it('the same work in one block is evicted from the group', async () => {
    const run = await start(WORK_MS);
    try {
      // Taken for dead: the coordinator rebalances, and the member re-joins with a new assignment.
      await waitUntil(async () => ((await run.assignments()) >= 2 ? true : undefined), {
        deadlineMs: 60_000,
        describe: async () => `${await run.assignments()} assignment(s)`,
      });
    } finally {
      await run.stop();
    }
  }, 90_000);
});

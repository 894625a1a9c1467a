import type {
  BatchControl,
  CommittedOffset,
  ConsumerClient,
  ConsumerHandlers,
  KafkaProducer,
  RawBatch,
  TopicMessages,
} from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Codec } from '../codec.ts';
import type { Disposition, Emitter, PartitionOperator, SourceRecord } from '../core/operator.ts';
import { WindowedAggregation } from '../core/windowed-aggregation.ts';
import { tumblingWindows } from '../core/windows.ts';
import { StreamError } from '../errors.ts';
import { streamMetrics } from '../metrics.ts';
import { BufferedSink } from '../sinks/buffered-sink.ts';
import type { Provenance, Sink } from '../sinks/sink.ts';
import type { ProcessorDefinition, RunningProcessor } from './definition.ts';
import type { LateEvent } from './late-event.ts';
import { runProcessor } from './run-processor.ts';

// runProcessor on a consumer source of our own (the ConsumerClient seam of @onegrid/kafka): the
// test delivers batches by hand and reads what was committed. Kafka itself is exercised in
// test/e2e/stream-runtime.test.ts and stream-crash.test.ts.

const HOUR = 3_600_000;
const TOPIC = 'test.readings';
const schema = z.object({ id: z.string(), key: z.string(), t: z.number(), n: z.number() });
type Reading = z.output<typeof schema>;
type Hourly = { key: string; start: number; total: number };

/** A codec of our own: JSON, the schema, `<topic>.dead`. */
const codec: Codec = {
  decoder: (s) => (value) => {
    if (typeof value !== 'string') return { ok: false, error: { code: 'bytes', reason: 'not text' } };
    try {
      const parsed = s.safeParse(JSON.parse(value));
      return parsed.success
        ? { ok: true, value: parsed.data }
        : { ok: false, error: { code: 'shape', reason: parsed.error.issues[0]?.message ?? 'bad' } };
    } catch {
      return { ok: false, error: { code: 'json', reason: 'not JSON' } };
    }
  },
  deadLetterTopic: (topic) => `${topic}.dead`,
};

class FakeSource implements ConsumerClient {
  handlers: ConsumerHandlers | undefined;
  readonly commits: { partition: number; offset: number; metadata: string }[][] = [];
  readonly committedOffsets = new Map<number, CommittedOffset>();
  stopped = 0;

  async start(handlers: ConsumerHandlers): Promise<void> {
    this.handlers = handlers;
    handlers.onAssignment([0]);
  }
  async committed(partition: number) {
    return this.committedOffsets.get(partition);
  }
  async commit(points: readonly { partition: number; offset: number; metadata: string }[]) {
    this.commits.push([...points]);
  }
  async stop() {
    this.stopped++;
  }
  /** Delivers one batch of partition 0 as the client would, offsets from `from`. */
  deliver(from: number, values: readonly (string | Buffer)[], control: Partial<BatchControl> = {}) {
    const batch: RawBatch = {
      topic: TOPIC,
      partition: 0,
      messages: values.map((v, i) => ({
        offset: from + i,
        key: Buffer.from('k'),
        value: typeof v === 'string' ? Buffer.from(v) : v,
      })),
      highWatermark: from + values.length,
    };
    const full: BatchControl = {
      heartbeat: async () => undefined,
      pause: () => () => undefined,
      isStale: () => false,
      ...control,
    };
    if (this.handlers === undefined) throw new Error('not started');
    return this.handlers.onBatch(batch, full);
  }
}

class FakeProducer implements KafkaProducer {
  readonly sent: TopicMessages[] = [];
  async connect() {}
  async warm() {}
  async disconnect() {}
  async send(batch: TopicMessages) {
    this.sent.push(batch);
    return [];
  }
  async sendBatch(batches: readonly TopicMessages[]) {
    this.sent.push(...batches);
  }
}

class MemorySink<Row> implements Sink<Row> {
  readonly name: string;
  readonly rows: Row[] = [];
  constructor(name: string) {
    this.name = name;
  }
  async write(rows: readonly Row[], _provenance: Provenance) {
    this.rows.push(...rows);
  }
  async flush() {}
  pending() {
    return 0;
  }
  async close() {}
}

const reading = (key: string, t: number, n = 1) => JSON.stringify({ id: `${key}@${t}`, key, t, n });

function setUp(
  results: Sink<Hourly>,
  operator?: () => PartitionOperator<Reading, Hourly>,
  /** More of the definition: a check, what it holds, reference data awaited. */
  more: Partial<
    Pick<ProcessorDefinition<typeof schema, Hourly>, 'check' | 'hold' | 'ready' | 'commitIntervalMs'>
  > = {},
) {
  const source = new FakeSource();
  const producer = new FakeProducer();
  const late = new MemorySink<LateEvent>('late');
  const registry = new Registry();
  const metrics = streamMetrics(registry);
  const logger = createLogger('test', 'silent');
  const child = logger.child({});
  vi.spyOn(logger, 'child').mockReturnValue(child as never);
  const errors = vi.spyOn(child, 'error');
  let now = 1_000_000;
  const def: ProcessorDefinition<typeof schema, Hourly> = {
    name: 'hourly',
    topic: TOPIC,
    schema,
    eventTime: (r: Reading) => r.t,
    operator:
      operator ??
      (() =>
        new WindowedAggregation<Reading, number, Hourly>({
          windows: tumblingWindows(HOUR),
          allowedLatenessMs: 0,
          key: (r) => r.key,
          id: (r) => r.id,
          aggregator: { create: () => 0, add: (acc, r) => acc + r.n },
          result: ({ key, window, value }) => ({ key, start: window.start, total: value }),
        })),
    outOfOrdernessMs: 0,
    idleTimeoutMs: 60_000,
    sinks: [results],
    late,
    deadLetters: 'publish',
    ...more,
    commitIntervalMs: more.commitIntervalMs ?? 60_000,
  };
  const start = () =>
    runProcessor(def, {
      consumer: source,
      producer,
      codec,
      logger,
      metrics,
      now: () => now,
    });
  return {
    source,
    producer,
    late,
    metrics,
    errors,
    start,
    tick: (ms: number) => {
      now += ms;
    },
  };
}

let running: RunningProcessor | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
  vi.restoreAllMocks();
});

describe('processor > runProcessor on a fake consumer source', () => {
  it('decodes with the codec, dead-letters where the codec routes, windows the rest, commits on stop', async () => {
    const results = new MemorySink<Hourly>('hourly');
    const t = setUp(results);
    running = await t.start();
    await t.source.deliver(0, [reading('a', 10), 'not json', reading('a', 20, 2), '{"id":"x"}']);
    // The next hour's event moves the watermark past the first window: it is emitted.
    await t.source.deliver(4, [reading('a', HOUR + 5)]);
    expect(results.rows).toEqual([{ key: 'a', start: 0, total: 3 }]);
    expect(t.producer.sent.map((b) => b.topic)).toEqual([`${TOPIC}.dead`]);
    const letters = t.producer.sent[0]?.messages ?? [];
    expect(letters.map((m) => [String(m.value), m.headers?.['onegrid-error-code']])).toEqual([
      ['not json', 'json'],
      ['{"id":"x"}', 'shape'],
    ]);
    expect(running.progress()).toMatchObject({ processed: 5, failure: undefined });
    await running.stop();
    running = undefined;
    // The open window (offset 4) is still needed: the commit stops there, with its mark.
    expect(t.source.commits.at(-1)).toEqual([{ partition: 0, offset: 4, metadata: '{"w":3600005,"p":4}' }]);
    expect(t.source.stopped).toBe(1);
  });

  it('sends an event too late for every window to the late sink, in the runtime shape', async () => {
    const t = setUp(new MemorySink<Hourly>('hourly'));
    running = await t.start();
    await t.source.deliver(0, [reading('a', 2 * HOUR), reading('a', 10)]);
    expect(t.late.rows).toEqual([
      {
        processor: 'hourly',
        topic: TOPIC,
        partition: 0,
        offset: 1,
        eventTime: 10,
        watermark: 2 * HOUR,
        payload: JSON.stringify({ id: 'a@10', key: 'a', t: 10, n: 1 }),
      },
    ]);
  });

  it('times an assignment to its first output once, in a histogram operators read', async () => {
    const t = setUp(new MemorySink<Hourly>('hourly'));
    running = await t.start();
    const observed = async () =>
      (await t.metrics.assignmentFirstOutputSeconds.get()).values.filter((v) =>
        v.metricName?.endsWith('_count'),
      );
    t.tick(2_000);
    await t.source.deliver(0, [reading('a', 10)]);
    // No output yet (the hour is open): nothing observed.
    expect((await observed())[0]?.value ?? 0).toBe(0);
    t.tick(3_000);
    await t.source.deliver(1, [reading('a', HOUR + 5)]);
    const sum = (await t.metrics.assignmentFirstOutputSeconds.get()).values.find((v) =>
      v.metricName?.endsWith('_sum'),
    );
    expect((await observed())[0]?.value).toBe(1);
    expect(sum?.value).toBe(5);
    // Later outputs of the same assignment are not first outputs.
    await t.source.deliver(2, [reading('a', 2 * HOUR + 5)]);
    expect((await observed())[0]?.value).toBe(1);
  });

  it('retries a sink failure that may pass, loses nothing, then commits', async () => {
    let attempts = 0;
    const landed: Hourly[] = [];
    const logger = createLogger('test', 'silent');
    const sink = new BufferedSink<Hourly>(
      { name: 'flaky', maxRows: 100, maxDelayMs: 60_000, retry: { baseMs: 1, capMs: 2 }, logger },
      async (rows) => {
        attempts++;
        if (attempts <= 2)
          throw new StreamError('SINK_UNAVAILABLE', 'connection refused', { retriable: true });
        landed.push(...rows);
      },
    );
    const t = setUp(sink);
    running = await t.start();
    await t.source.deliver(0, [reading('a', 10), reading('b', 20), reading('a', HOUR + 1)]);
    await running.stop();
    running = undefined;
    expect(attempts).toBe(3);
    expect(landed).toEqual([
      { key: 'a', start: 0, total: 1 },
      { key: 'b', start: 0, total: 1 },
    ]);
    expect(t.source.commits.at(-1)?.[0]?.offset).toBe(2);
  });

  it('stops, commits nothing and reports it when a sink refuses its rows for good', async () => {
    let attempts = 0;
    const logger = createLogger('test', 'silent');
    const sink = new BufferedSink<Hourly>(
      { name: 'refusing', maxRows: 1, maxDelayMs: 60_000, retry: { baseMs: 1, capMs: 2 }, logger },
      async () => {
        attempts++;
        throw new StreamError('SINK_REJECTED', 'VIOLATED_CONSTRAINT');
      },
    );
    const t = setUp(sink);
    running = await t.start();
    // Two windows close: the first block fails; the second write waits on it and sees the refusal.
    await t.source.deliver(0, [reading('a', 10), reading('b', 20), reading('a', HOUR + 1)]);
    await t.source.deliver(3, [reading('a', 3 * HOUR)]);
    await vi.waitFor(() => expect(running?.progress().failure).toBeDefined());
    expect(running.progress().failure).toMatchObject({ code: 'SINK_REJECTED' });
    expect(attempts).toBe(1);
    await vi.waitFor(() => expect(t.source.stopped).toBe(1)); // left the group
    expect(t.source.commits).toEqual([]);
    const failed = await t.metrics.processorFailed.get();
    expect(failed.values).toEqual([{ labels: { processor: 'hourly', code: 'SINK_REJECTED' }, value: 1 }]);
    expect(t.errors).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'SINK_REJECTED' }),
      expect.stringContaining('processor stopped'),
    );
    // Later batches are ignored, and stopping neither commits nor throws.
    await t.source.deliver(4, [reading('c', 4 * HOUR)]);
    await running.stop();
    running = undefined;
    expect(t.source.commits).toEqual([]);
    expect(t.source.stopped).toBe(1);
  });

  it('still hands a retriable failure back to the consumer (its client retries the batch)', async () => {
    const t = setUp({
      ...new MemorySink<Hourly>('down'),
      name: 'down',
      write: async () => {
        throw new StreamError('SINK_UNAVAILABLE', 'broker away', { retriable: true });
      },
      flush: async () => undefined,
      pending: () => 0,
      close: async () => undefined,
    });
    running = await t.start();
    await expect(t.source.deliver(0, [reading('a', 10), reading('a', HOUR + 1)])).rejects.toMatchObject({
      code: 'SINK_UNAVAILABLE',
    });
    expect(running.progress().failure).toBeUndefined();
  });
});

/**
 * Sums readings; the first watermark past the first hour starts work of `slices` slices of 25 ms
 * (the thread busy), left pending for `resume`, then emits the first hour's total. Logs what it
 * is given, and counts what it is given while pending (the runtime's contract: nothing).
 */
class SlicedWork implements PartitionOperator<Reading, Hourly> {
  readonly log: string[] = [];
  violations = 0;
  #total = 0;
  #left = -1;
  readonly #slices: number;
  /** Called after each slice with how many are left (a rebalance at a given point of the work). */
  readonly #onSlice: ((left: number) => void) | undefined;
  constructor(slices: number, onSlice?: (left: number) => void) {
    this.#slices = slices;
    this.#onSlice = onSlice;
  }
  onEvent(record: SourceRecord<Reading>): Disposition {
    if (this.pending()) this.violations++;
    this.log.push(`event ${record.offset}`);
    if (record.eventTime < HOUR) this.#total += record.event.n;
    return 'accepted';
  }
  onWatermark(watermark: number, out: Emitter<Hourly>): void {
    if (this.pending()) this.violations++;
    if (this.#left !== -1 || watermark < HOUR) return;
    this.#left = this.#slices;
    this.resume(out);
  }
  pending(): boolean {
    return this.#left > 0;
  }
  resume(out: Emitter<Hourly>): void {
    const until = performance.now() + 25;
    while (performance.now() < until) {
      // busy: the work holds the thread
    }
    this.#left--;
    this.#onSlice?.(this.#left);
    if (this.#left > 0) return;
    this.log.push('done');
    out.emit({ key: 'all', start: 0, total: this.#total });
  }
  oldestNeededOffset(): number | undefined {
    return undefined;
  }
  openWindows(): number {
    return 0;
  }
}

describe("processor > runProcessor: an operator's work left pending", () => {
  it("drains it in slices, heartbeating and pausing the batch's partition, and feeds nothing meanwhile", async () => {
    const results = new MemorySink<Hourly>('hourly');
    const operator = new SlicedWork(100); // 2.5 s: past HEARTBEAT's pause (1 s) and beat (2 s)
    const t = setUp(results, () => operator);
    running = await t.start();
    const calls = { first: { beats: 0, paused: 0, resumed: 0 }, second: { beats: 0, paused: 0, resumed: 0 } };
    const control = (c: { beats: number; paused: number; resumed: number }) => ({
      heartbeat: async () => {
        c.beats++;
      },
      pause: () => {
        c.paused++;
        return () => {
          c.resumed++;
        };
      },
    });
    const first = t.source.deliver(0, [reading('a', 10), reading('a', HOUR + 5)], control(calls.first));
    // A batch that comes while the work drains waits for it, and keeps the member alive too.
    const second = t.source.deliver(2, [reading('a', HOUR + 10, 5)], control(calls.second));
    await Promise.all([first, second]);
    expect(operator.log).toEqual(['event 0', 'event 1', 'done', 'event 2']);
    expect(operator.violations).toBe(0);
    expect(results.rows).toEqual([{ key: 'all', start: 0, total: 1 }]);
    expect(calls.first.beats).toBeGreaterThanOrEqual(1);
    expect(calls.first).toMatchObject({ paused: 1, resumed: 1 });
    expect(calls.second.beats).toBeGreaterThanOrEqual(1);
    expect(calls.second).toMatchObject({ paused: 1, resumed: 1 });
  });

  it('a revocation during the work ends the batch: the processor goes on, the next owner redoes it', async () => {
    let revoke = () => {};
    // The first operator is revoked after its 10th slice of 40, as a rebalance (kafkajs' rejoin,
    // platformatic's join event) comes while the runtime yields between slices; the second, of
    // the partition assigned again, is not.
    const operators = [
      new SlicedWork(40, (left) => {
        if (left === 30) revoke();
      }),
      new SlicedWork(2),
    ];
    let made = 0;
    const results = new MemorySink<Hourly>('hourly');
    const t = setUp(results, () => operators[made++] as SlicedWork);
    revoke = () => t.source.handlers?.onAssignment([]);
    running = await t.start();
    // Before the fix the batch went on to skipTo on the revoked partition: PARTITION_NOT_ASSIGNED,
    // not retriable, stopped the processor for good.
    await t.source.deliver(0, [reading('a', 10), reading('a', HOUR + 5)]);
    expect(running.progress().failure).toBeUndefined();
    // The work was abandoned where the revocation found it: no slice after it, no output.
    expect(operators[0]?.log).toEqual(['event 0', 'event 1']);
    expect(results.rows).toEqual([]);
    // Assigned again, the partition starts over from its commit (none: offset 0), a new operator.
    t.source.handlers?.onAssignment([0]);
    await t.source.deliver(0, [reading('a', 10), reading('a', HOUR + 5)]);
    expect(operators[1]?.log).toEqual(['event 0', 'event 1', 'done']);
    expect(results.rows).toEqual([{ key: 'all', start: 0, total: 1 }]);
    await running.stop();
    running = undefined;
    expect(t.source.commits).toEqual([[{ partition: 0, offset: 2, metadata: '{"w":3600005,"p":1}' }]]);
  });

  it("an idle tick's release of held messages skips a partition lost while reference data was awaited", async () => {
    let cured = false;
    let asked = 0;
    const t = setUp(new MemorySink<Hourly>('hourly'), undefined, {
      // Message `x` names an id its reference data lacks until the second wait (its grace spent).
      check: (r) => (r.key === 'x' && !cured ? { code: 'unknown_id', reason: 'not yet' } : undefined),
      hold: { graceMs: 1_000, maxPerKey: 10, maxHeld: 100, curable: () => true },
      commitIntervalMs: 250, // an idle tick every 250 ms
      ready: async () => {
        asked++;
        if (asked < 2) return;
        // The rebalance comes while the tick waits for reference data, as it would over the network.
        t.source.handlers?.onAssignment([]);
        cured = true;
      },
    });
    running = await t.start();
    await t.source.deliver(0, [reading('x', 10)]); // held: the batch's wait did not cure it
    expect(running.progress().held).toBe(1);
    expect(asked).toBe(1);
    t.tick(2_000); // past its grace: the next idle tick waits for reference data again
    await vi.waitFor(() => expect(asked).toBe(2), { timeout: 10_000 });
    // The stop runs after the tick (one at a time): the tick is done when it returns.
    const progress = running;
    await running.stop();
    running = undefined;
    // Releasing the held message on the lost partition would throw PARTITION_NOT_ASSIGNED (not
    // retriable: the processor stopped); its held messages went with it, and nothing is released.
    expect(progress.progress().failure).toBeUndefined();
  });

  it('a stop during the work waits for it, then commits past the batch', async () => {
    const operator = new SlicedWork(100);
    const t = setUp(new MemorySink<Hourly>('hourly'), () => operator);
    running = await t.start();
    const delivered = t.source.deliver(0, [reading('a', 10), reading('a', HOUR + 5)]);
    // Stopping while it drains: the stop's commit waits for the batch, then commits past it.
    const stopping = running.stop();
    running = undefined;
    await Promise.all([delivered, stopping]);
    expect(operator.log).toEqual(['event 0', 'event 1', 'done']);
    expect(t.source.commits).toEqual([[{ partition: 0, offset: 2, metadata: '{"w":3600005,"p":1}' }]]);
  });
});

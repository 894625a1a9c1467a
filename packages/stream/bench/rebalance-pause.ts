// Benchmark (not a test): how long consumption stops when a second instance joins a group
// that is busy (both clients' classic group protocol rebalances eagerly: every member stops).
// Prints, per instance, the time from the rebalance starting to its first batch after it.
// ONEGRID_KAFKA_CLIENT picks the client.
//   node packages/stream/bench/rebalance-pause.ts [messages=600000]
import { randomUUID } from 'node:crypto';
import { createKafka, loadKafkaConfig } from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import { Registry } from 'prom-client';
import {
  BufferedSink,
  type LateEvent,
  runProcessor,
  streamMetrics,
  tumblingWindows,
  WindowedAggregation,
} from '../src/index.ts';
import { benchCodec, type MeterReading, meterReadingSchema, toEpochMs } from './meter-readings.ts';

const TOTAL = Number(process.argv[2] ?? 600_000);
const logger = createLogger('bench', 'error');
const kafka = createKafka(loadKafkaConfig(), logger);
const topic = `bench.rebalance.${randomUUID().slice(0, 8)}`;
const admin = kafka.admin();
await admin.connect();
await admin.createTopics([
  { topic, partitions: 6 },
  { topic: `${topic}.dlq`, partitions: 1 },
]);
await admin.disconnect();
const producer = kafka.producer();
await producer.connect();
for (let sent = 0; sent < TOTAL; sent += 20_000) {
  const messages = [];
  for (let i = sent; i < Math.min(TOTAL, sent + 20_000); i++) {
    const r: MeterReading = {
      meter_id: `EM-${i % 10_000}`,
      household_id: `HH-${i % 10_000}`,
      kind: 'electricity',
      ts: new Date(Date.parse('2026-09-14T00:00:00Z') + Math.floor(i / 10_000) * 900_000).toISOString(),
      reading: i,
      unit: 'kWh',
    };
    messages.push({ key: r.meter_id, value: JSON.stringify(r) });
  }
  await producer.send({ topic, messages });
}

// Results go to a sink that only counts: this measures the group, not ClickHouse.
const counting = <Row>() =>
  new BufferedSink<Row>(
    { name: 'count', maxRows: 10_000, maxDelayMs: 500, retry: { baseMs: 10, capMs: 100 }, logger },
    async () => {},
  );
const group = `bench-rebalance-${randomUUID()}`;
const start = async () => {
  const metrics = streamMetrics(new Registry());
  const processor = await runProcessor(
    {
      name: group,
      topic,
      schema: meterReadingSchema,
      eventTime: (r) => toEpochMs(r.ts),
      operator: () =>
        new WindowedAggregation<MeterReading, number, unknown>({
          windows: tumblingWindows(3_600_000),
          allowedLatenessMs: 0,
          key: (r) => r.meter_id,
          id: (r) => r.ts,
          aggregator: { create: () => 0, add: (n) => n + 1 },
          result: (w) => w,
        }),
      outOfOrdernessMs: 900_000,
      idleTimeoutMs: 30_000,
      sinks: [counting()],
      late: counting<LateEvent>(),
      deadLetters: 'publish',
      commitIntervalMs: 1_000,
    },
    {
      consumer: kafka.groupSource({ groupId: group, topic, maxBytesPerPartition: 64 * 1024 }),
      producer,
      codec: benchCodec,
      logger,
      metrics,
      now: Date.now,
    },
  );
  return { processor, metrics };
};

const first = await start();
while (first.processor.progress().processed < TOTAL / 10)
  await new Promise((resolve) => setTimeout(resolve, 10));
// While the second joins, watch the first: the longest time its count stands still is the
// pause every member of an eagerly rebalancing group goes through.
let longestStall = 0;
let lastCount = first.processor.progress().processed;
let lastChange = performance.now();
const joinStarted = performance.now();
const secondStarting = start();
let second: Awaited<typeof secondStarting> | undefined;
void secondStarting.then((s) => {
  second = s;
});
while (second === undefined || second.processor.progress().processed === 0) {
  await new Promise((resolve) => setTimeout(resolve, 2));
  const count = first.processor.progress().processed;
  const now = performance.now();
  if (count !== lastCount) {
    longestStall = Math.max(longestStall, now - lastChange);
    lastCount = count;
    lastChange = now;
  }
}
const joined = performance.now() - joinStarted;
longestStall = Math.max(longestStall, performance.now() - lastChange);
console.log(`second instance: first batch ${joined.toFixed(0)} ms after it started`);
console.log(`first instance: longest stop in consumption during the rebalance ${longestStall.toFixed(0)} ms`);
const done = () => first.processor.progress().processed + (second?.processor.progress().processed ?? 0);
for (const [name, instance] of [['first (busy)', first]] as const) {
  const histogram = (await instance.metrics.rebalancePauseSeconds.get()).values;
  const sum = histogram.find((v) => v.metricName?.endsWith('_sum'))?.value ?? 0;
  const count = histogram.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
  console.log(
    `${name}: ${count} rebalance(s), pause ${count === 0 ? '-' : `${((sum / count) * 1000).toFixed(0)} ms`} on average`,
  );
}
console.log(`messages read so far (redeliveries after the rebalance included): ${done()}`);
await first.processor.stop();
await second?.processor.stop();
await producer.disconnect();

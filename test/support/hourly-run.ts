// The hourly processor started on the real broker and a store, as both stream-runtime e2e files
// run it, and the wait for its rows to be complete.

import { streamCodec } from '@onegrid/contracts';
import type { KafkaClient as Kafka, KafkaProducer as Producer } from '@onegrid/kafka';
import type { Store } from '@onegrid/store';
import { clickHouseSink, runProcessor, type Sink, type StreamMetrics, streamMetrics } from '@onegrid/stream';
import { Registry } from 'prom-client';
import { expected } from './hourly-scenario.ts';
import { type HourlyRow, hourlyProcessor, lateEventsSink, readHourly } from './meter-hourly.ts';
import { logger } from './stack.ts';
import { waitUntil } from './wait-until.ts';

/** Small blocks written soon, retried from 100 ms up to 1 s. */
export const sinkOptions = (metrics: StreamMetrics) => ({
  maxRows: 200,
  maxDelayMs: 200,
  retry: { baseMs: 100, capMs: 1_000 },
  logger,
  metrics: metrics.sinks,
});

/** Runs the hourly processor into `table` of `target` (which must exist) and its late events. */
export async function startHourly(
  kafka: Kafka,
  run: {
    target: Store;
    topic: string;
    table: string;
    group: string;
    metrics?: StreamMetrics;
    /** More sinks beside the table's, given the run's producer. */
    sinks?: (producer: Producer) => Sink<HourlyRow>[];
    maxRows?: number;
    commitIntervalMs?: number;
  },
) {
  const { target, topic, table, group, metrics = streamMetrics(new Registry()) } = run;
  const producer = kafka.producer();
  await producer.connect();
  const tableOptions = { ...sinkOptions(metrics), maxRows: run.maxRows ?? sinkOptions(metrics).maxRows };
  const processor = await runProcessor(
    hourlyProcessor({
      name: group,
      topic,
      sinks: [
        clickHouseSink<HourlyRow>(target.client, table, tableOptions),
        ...(run.sinks?.(producer) ?? []),
      ],
      late: lateEventsSink(target.client, sinkOptions(metrics)),
      ...(run.commitIntervalMs !== undefined ? { commitIntervalMs: run.commitIntervalMs } : {}),
    }),
    {
      consumer: kafka.groupSource({ groupId: group, topic }),
      producer,
      codec: streamCodec,
      logger,
      metrics,
      now: Date.now,
    },
  );
  return {
    processor,
    metrics,
    stop: async () => {
      await processor.stop();
      await producer.disconnect();
    },
  };
}

/** The table's rows once every expected window is there with all its readings. */
export async function rowsWhenComplete(
  target: Store,
  table: string,
  deadlineMs = 90_000,
): Promise<HourlyRow[]> {
  return waitUntil(
    async () => {
      const rows = await readHourly(target.client, table);
      return rows.length >= expected.length && rows.every((r, i) => r.readings === expected[i]?.readings)
        ? rows
        : undefined;
    },
    {
      deadlineMs,
      intervalMs: 500,
      describe: async () =>
        `${(await readHourly(target.client, table)).length} of ${expected.length} windows in ${table}`,
    },
  );
}

/** A counter's total over all its labels. */
export const total = async (metric: { get(): Promise<{ values: { value: number }[] }> }) =>
  (await metric.get()).values.reduce((sum, v) => sum + v.value, 0);

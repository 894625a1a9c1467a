// A small windowed processor used by the runtime's end-to-end tests: per meter and hour,
// the number of readings, their sum and the register's min and max.
import type { ClickHouseClient } from '@clickhouse/client';
import { type MeterReading, meterReadingSchema, toEpochMs } from '@onegrid/contracts';
import { routedSink } from '@onegrid/processors';
import { type LateEventRow, lateEventRow } from '@onegrid/store';
import {
  type BufferedSinkOptions,
  clickHouseSink,
  type LateEvent,
  type ProcessorDefinition,
  type Sink,
  tumblingWindows,
  WindowedAggregation,
} from '@onegrid/stream';

export const HOUR = 3_600_000;

export interface HourlyRow {
  meter_id: string;
  window_start: string;
  readings: number;
  total: number;
  min_reading: number;
  max_reading: number;
}

interface Acc {
  n: number;
  total: number;
  min: number;
  max: number;
}

export async function createHourlyTable(client: ClickHouseClient, table: string): Promise<void> {
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS ${table} (
      meter_id String, window_start DateTime64(3, 'UTC'), readings UInt32,
      total Float64, min_reading Float64, max_reading Float64
    ) ENGINE = ReplacingMergeTree(readings) ORDER BY (meter_id, window_start)
    SETTINGS non_replicated_deduplication_window = 1000`,
  });
}

/** Rows as an idempotent store presents them: one per (meter, hour), the latest version. */
export async function readHourly(client: ClickHouseClient, table: string): Promise<HourlyRow[]> {
  const result = await client.query({
    query: `SELECT meter_id, toString(window_start) AS window_start, readings, total, min_reading, max_reading
            FROM ${table} FINAL ORDER BY meter_id, window_start`,
    format: 'JSONEachRow',
  });
  return result.json<HourlyRow>();
}

/** The runtime's late events into late_events, mapped to its row as onegrid's processors do. */
export function lateEventsSink(
  client: ClickHouseClient,
  options: Omit<BufferedSinkOptions, 'name'>,
): Sink<LateEvent> {
  return routedSink(clickHouseSink<LateEventRow>(client, 'late_events', options), (e: LateEvent) =>
    lateEventRow(e),
  );
}

export function hourlyProcessor(options: {
  name: string;
  topic: string;
  sinks: readonly Sink<HourlyRow>[];
  late: Sink<LateEvent>;
  commitIntervalMs?: number;
}): ProcessorDefinition<typeof meterReadingSchema, HourlyRow> {
  return {
    name: options.name,
    topic: options.topic,
    schema: meterReadingSchema,
    eventTime: (reading) => toEpochMs(reading.ts),
    operator: () =>
      new WindowedAggregation<MeterReading, Acc, HourlyRow>({
        windows: tumblingWindows(HOUR),
        allowedLatenessMs: 0,
        key: (r) => r.meter_id,
        id: (r) => r.ts,
        aggregator: {
          create: () => ({ n: 0, total: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY }),
          add: (acc, r) => {
            acc.n += 1;
            acc.total += r.reading;
            acc.min = Math.min(acc.min, r.reading);
            acc.max = Math.max(acc.max, r.reading);
            return acc;
          },
        },
        result: ({ key, window, value }) => ({
          meter_id: key,
          window_start: new Date(window.start).toISOString().replace('T', ' ').replace('Z', ''),
          readings: value.n,
          total: round(value.total),
          min_reading: value.min,
          max_reading: value.max,
        }),
      }),
    outOfOrdernessMs: 15 * 60_000,
    idleTimeoutMs: 60_000,
    sinks: options.sinks,
    late: options.late,
    deadLetters: 'publish',
    commitIntervalMs: options.commitIntervalMs ?? 1_000,
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** What the rows must be, computed directly from the clean data: the test's ground truth. */
export function expectedHourly(readings: readonly MeterReading[], closedBefore: number): HourlyRow[] {
  const groups = new Map<string, MeterReading[]>();
  for (const r of readings) {
    const start = Math.floor(toEpochMs(r.ts) / HOUR) * HOUR;
    if (start + HOUR > closedBefore) continue;
    const key = `${r.meter_id}\u0000${start}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups]
    .map(([key, rs]) => {
      const [meter_id = '', start = '0'] = key.split('\u0000');
      return {
        meter_id,
        window_start: new Date(Number(start)).toISOString().replace('T', ' ').replace('Z', ''),
        readings: rs.length,
        total: round(rs.reduce((s, r) => s + r.reading, 0)),
        min_reading: Math.min(...rs.map((r) => r.reading)),
        max_reading: Math.max(...rs.map((r) => r.reading)),
      };
    })
    .sort((a, b) =>
      a.meter_id === b.meter_id
        ? a.window_start.localeCompare(b.window_start)
        : a.meter_id < b.meter_id
          ? -1
          : 1,
    );
}

import type { ClickHouseClient } from '@clickhouse/client';
import type { KafkaProducer } from '@onegrid/kafka';
import type { Logger } from '@onegrid/logging';
import { type LateEventRow, lateEventRow } from '@onegrid/store';
import {
  type BufferedSinkOptions,
  clickHouseSink,
  type HoldSpec,
  kafkaSink,
  type LateEvent,
  type Sink,
  type StreamMetrics,
} from '@onegrid/stream';
import type { ScreenLane } from './live/screen-lane.ts';
import type { RegistryState } from './registry/registry-state.ts';
import { lateRegistry } from './registry/unknown-id.ts';
import { routedSink } from './sinks/routed-sink.ts';

/** What every processor definition is built from: the clients, the registry, sink settings. */
export interface ProcessorContext {
  readonly clickhouse: ClickHouseClient;
  readonly producer: KafkaProducer;
  /**
   * The producer of onegrid's high-volume packed topics (the meter readings re-keyed), apart from
   * the one the screens' and alerts' topics share: a broker answers one connection's requests in
   * order, so behind a burst of packed sends (every meter's quarter-hour, up to 40,000 readings
   * in seconds) a gauge's 50-ms output waited 2-10 s for its turn (the soak, 2026-12-06).
   * Defaults to `producer`.
   */
  readonly bulkProducer?: KafkaProducer;
  readonly registry: RegistryState;
  /** Where alerts and risk scores are also copied for the screens at once (live/screen-lane.ts), if running. */
  readonly screenLane?: ScreenLane;
  /** Resolves once `registry` holds every record published before the call (see RegistryFeed). */
  registryCurrent(): Promise<void>;
  /**
   * Processing time after which a source partition of a re-keyed topic that sends nothing stops
   * holding the detectors' watermark (see UpstreamClock). Long enough that a source the archives
   * have not reached yet in a backlog is not taken for a silent one.
   */
  readonly sourceIdleMs: number;
  /** How many partitions a topic has (read once at start-up). */
  partitions(topic: string): number;
  /** The partition of `topic` the producer's partitioner sends `key` to (murmur2, as Java's). */
  partitionFor(topic: string, key: string): number;
  readonly logger: Logger;
  readonly metrics: StreamMetrics;
  /** Sink buffering; tests shorten the delay so results land quickly. */
  readonly sink: Pick<BufferedSinkOptions, 'maxRows' | 'maxDelayMs'>;
  readonly commitIntervalMs: number;
  /**
   * How archives hold a message naming an id its registry does not hold yet (a household's first
   * reading before its registry record) before dead-lettering it: see ARCHITECTURE.md.
   */
  readonly hold: HoldSpec;
}

/** 15 minutes of processing time; 100 messages per key (a meter sends 4 an hour); 20,000 per processor. */
export const DEFAULT_HOLD: HoldSpec = {
  graceMs: 15 * 60_000,
  maxPerKey: 100,
  maxHeld: 20_000,
  curable: lateRegistry,
};

/** Buffering, retries, logs and metrics every sink of a processor shares. */
export function sinkOptions(ctx: ProcessorContext): Omit<BufferedSinkOptions, 'name'> {
  return {
    ...ctx.sink,
    retry: { baseMs: 200, capMs: 10_000 },
    logger: ctx.logger,
    metrics: ctx.metrics.sinks,
  };
}

/** A ClickHouse table's sink; `encode`: its block body when not the default JSON (clickHouseSink). */
export function tableSink<Row>(
  ctx: ProcessorContext,
  table: string,
  encode?: (rows: readonly Row[]) => { format: string; body: string | Uint8Array },
): Sink<Row> {
  return clickHouseSink<Row>(ctx.clickhouse, table, {
    ...sinkOptions(ctx),
    ...(encode !== undefined ? { encode } : {}),
  });
}

/**
 * A Kafka sink. `live`: the screens' feed reads the topic, so rows wait at most 50 ms for company
 * instead of the batch delay (input → screen is measured end to end; see test/soak).
 */
export function topicSink<Row>(
  ctx: ProcessorContext,
  topic: string,
  toMessage: (row: Row) => { key: string; value: string },
  delivery: 'batched' | 'live' = 'batched',
): Sink<Row> {
  const base = sinkOptions(ctx);
  const maxDelayMs =
    delivery === 'live' ? Math.min(LIVE_SINK_DELAY_MS, ctx.sink.maxDelayMs) : ctx.sink.maxDelayMs;
  return kafkaSink<Row>(ctx.producer, topic, toMessage, { ...base, maxDelayMs });
}

const LIVE_SINK_DELAY_MS = 50;

export function lateSink(ctx: ProcessorContext): Sink<LateEvent> {
  return routedSink(tableSink<LateEventRow>(ctx, 'late_events'), (e: LateEvent) => lateEventRow(e));
}

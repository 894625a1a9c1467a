// End-to-end latency: from the Kafka timestamp of the message that caused a change on a screen
// to the moment a feed client received that change. The producers leave Kafka's CreateTime to
// their wall clock (same machine, same clock as this process), so the timestamp is the append.
//
//   alerts     (onegrid.alerts → server's live feed → client): key alert_id|status
//   risk       (onegrid.risk-scores → server's live feed → client): key district|ts
//   gauges     (input city.hydro.water-levels → archive → internal topic → server → client):
//              key gauge_id|ts, the reading whose `ts` the screen now shows
//   weather, evacuation, resources, tickets (input → archive or ticket processor → internal
//              topic → server → client): the channel's `as_of`, the event time of its newest
//              data, moving on to T is matched to the first valid input message with `ts` T
//              (a ticket's `reported` event): its earliest append, so a conservative figure
import { randomUUID } from 'node:crypto';
import { decode, schemaFor, TOPICS, type Topic } from '@onegrid/contracts';
import type { KafkaClient as Kafka } from '@onegrid/kafka';
import * as hdr from 'hdr-histogram-js';
import type { DeltaListener } from './feed-replica.ts';

export const LATENCY_CHANNELS = [
  'alerts',
  'risk',
  'gauges',
  'weather',
  'evacuation',
  'resources',
  'tickets',
] as const;
export type LatencyChannel = (typeof LATENCY_CHANNELS)[number];

/** Channels measured by their `as_of` (aggregates: no key of theirs names one message). */
const AS_OF_CHANNELS: ReadonlySet<LatencyChannel> = new Set([
  'weather',
  'evacuation',
  'resources',
  'tickets',
]);

export interface LatencySample {
  readonly channel: LatencyChannel;
  /** When the client received the change (epoch ms). */
  readonly at: number;
  readonly ms: number;
}

const TOPIC_CHANNEL: Record<string, LatencyChannel> = {
  [TOPICS.alerts]: 'alerts',
  [TOPICS.riskScores]: 'risk',
  [TOPICS.waterLevels]: 'gauges',
  [TOPICS.weatherObservations]: 'weather',
  [TOPICS.evacuations]: 'evacuation',
  [TOPICS.resources]: 'resources',
  [TOPICS.ticketEvents]: 'tickets',
};

const epoch = (iso: unknown): number => (typeof iso === 'string' ? Date.parse(iso) : Number.NaN);

/** The key a message changes on its channel, or undefined for one that cannot change it. */
function keyOfMessage(channel: LatencyChannel, topic: string, text: string): string | undefined {
  if (AS_OF_CHANNELS.has(channel)) {
    // Only a message the pipeline accepts can move a screen; a dead letter never does.
    const decoded = decode(schemaFor(topic as Topic), text);
    if (!decoded.ok) return undefined;
    const m = decoded.value as { ts: string; event?: string };
    if (channel === 'tickets' && m.event !== 'reported') return undefined;
    return `asof|${epoch(m.ts)}`;
  }
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined; // a malformed input: dead-lettered, never on a screen
  }
  if (channel === 'alerts') return `${String(m.alert_id)}|${String(m.status)}`;
  if (channel === 'risk') return `${String(m.district)}|${epoch(m.ts)}`;
  return `${String(m.gauge_id)}|${epoch(m.ts)}`;
}

/** The key a screen change shows, or undefined when the change is not a new message's effect. */
function keyOfChange(
  channel: LatencyChannel,
  key: string,
  value: unknown,
  previous: unknown,
): string | undefined {
  const v = value as Record<string, unknown>;
  const p = previous as Record<string, unknown> | undefined;
  if (channel === 'alerts') return p?.status === v.status ? undefined : `${key}|${String(v.status)}`;
  // risk and gauges: the value is for the message with this ts; an unchanged ts is a recomputation.
  if (p !== undefined && epoch(p.ts) === epoch(v.ts)) return undefined;
  return `${key}|${epoch(v.ts)}`;
}

/** The keys a delta shows: per changed key, or the channel's `as_of` when it moved on. */
function keysOfDelta(
  channel: LatencyChannel,
  changes: Parameters<DeltaListener>[1],
  asOf: Parameters<DeltaListener>[3],
): string[] {
  if (AS_OF_CHANNELS.has(channel)) {
    const after = epoch(asOf.after);
    const before = epoch(asOf.before);
    return Number.isFinite(after) && !(after <= before) ? [`asof|${after}`] : [];
  }
  return changes.flatMap(({ key, value, previous }) => keyOfChange(channel, key, value, previous) ?? []);
}

export class LatencyProbe {
  readonly samples: LatencySample[] = [];
  /** Screen changes whose Kafka message this process has not read yet. */
  readonly #waiting = new Map<string, number>();
  /** First Kafka timestamp of each key (a duplicate or a replayed output keeps the first). */
  readonly #appended = new Map<string, number>();
  #unmatched = 0;
  #stop: (() => Promise<void>) | undefined;

  /** Reads the topics from their beginning, indexing each message's Kafka timestamp. */
  async start(kafka: Kafka): Promise<void> {
    const groupId = `soak.latency.${randomUUID().slice(0, 8)}`;
    const reader = await kafka.read({
      groupId,
      topics: Object.keys(TOPIC_CHANNEL),
      maxWaitMs: 100,
      deleteGroupOnStop: true,
      onBatch: async (batch) => {
        const channel = TOPIC_CHANNEL[batch.topic];
        if (channel === undefined) return;
        for (const message of batch.records) {
          const key = keyOfMessage(channel, batch.topic, message.value?.toString('utf8') ?? '');
          if (key === undefined) continue;
          const full = `${channel}:${key}`;
          if (this.#appended.has(full)) continue;
          const at = message.timestamp;
          this.#appended.set(full, at);
          const seen = this.#waiting.get(full);
          if (seen !== undefined) {
            this.#waiting.delete(full);
            this.samples.push({ channel, at: seen, ms: seen - at });
          }
        }
      },
    });
    this.#stop = () => reader.stop();
  }

  /** The feed client's delta listener. */
  readonly onDelta: DeltaListener = (channel, changes, receivedAt, asOf) => {
    if (!(LATENCY_CHANNELS as readonly string[]).includes(channel)) return;
    const c = channel as LatencyChannel;
    for (const k of keysOfDelta(c, changes, asOf)) {
      const full = `${c}:${k}`;
      const at = this.#appended.get(full);
      if (at !== undefined) this.samples.push({ channel: c, at: receivedAt, ms: receivedAt - at });
      else if (this.#waiting.size < 100_000) this.#waiting.set(full, receivedAt);
      else this.#unmatched++;
    }
  };

  /** Screen changes never matched to a Kafka message (expected: none). */
  unmatched(): number {
    return this.#unmatched + this.#waiting.size;
  }

  async stop(): Promise<void> {
    await this.#stop?.();
  }
}

export interface Percentiles {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** p50 / p99 / max (ms) of the samples of one channel within [from, to). */
export function percentiles(
  samples: readonly LatencySample[],
  channel: LatencyChannel,
  from = Number.NEGATIVE_INFINITY,
  to = Number.POSITIVE_INFINITY,
): Percentiles {
  const histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000,
    numberOfSignificantValueDigits: 3,
  });
  let n = 0;
  for (const s of samples) {
    if (s.channel !== channel || s.at < from || s.at >= to) continue;
    histogram.recordValue(Math.min(3_600_000, Math.max(1, Math.round(s.ms))));
    n++;
  }
  const result = {
    n,
    p50: n === 0 ? Number.NaN : histogram.getValueAtPercentile(50),
    p99: n === 0 ? Number.NaN : histogram.getValueAtPercentile(99),
    max: n === 0 ? Number.NaN : histogram.maxValue,
  };
  histogram.destroy();
  return result;
}

/**
 * The longest time in [from, to) the client received nothing on `channel`, in seconds: a screen
 * frozen by a fault shows here even when every update that did arrive was quick.
 */
export function longestSilence(
  samples: readonly LatencySample[],
  channel: LatencyChannel,
  from: number,
  to: number,
): number {
  let last = from;
  let longest = 0;
  for (const s of samples) {
    if (s.channel !== channel || s.at < from || s.at >= to) continue;
    longest = Math.max(longest, s.at - last);
    last = s.at;
  }
  return Math.round(Math.max(longest, to - last) / 100) / 10;
}

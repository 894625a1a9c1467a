// End-to-end latency: from the Kafka timestamp of the message that caused a change on a screen
// to the moment a feed client received that change. The producers leave Kafka's CreateTime to
// their wall clock (same machine, same clock as this process); kafkajs stamps it when it encodes
// a request, so a send retried against a dead leader is stamped at its last attempt.
//
//   alerts     (the processor's emission → onegrid.alerts or the screen lane → server → client):
//              key alert_id|status. Since 2026-12-07 from the emission: the screen lane's
//              `emitted_at` (the processor's wall clock when its sink took the row), or the
//              contract copy's CreateTime if earlier. Before, from the contract copy's CreateTime,
//              which came after the sink's batching (up to 1 s) and after a dead leader's retries:
//              kept as `alerts (append)` for comparison with earlier runs
//   risk       the same, key district|ts; `risk (append)` the earlier measure
//   gauges     (input city.hydro.water-levels → archive → internal topic → server → client):
//              key gauge_id|ts, the reading whose `ts` the screen now shows
//   weather, evacuation, resources, tickets (input → archive or ticket processor → internal
//              topic → server → client): the channel's `as_of`, the event time of its newest
//              data, moving on to T is matched to the first valid input message with `ts` T
//              (a ticket's `reported` event): its earliest append, so a conservative figure
//   `<channel> ← output`: the same changes of the five pushed channels from the processor's
//              message on the internal topic the server reads (the server's part alone)
//   `<channel> input → output`, `<channel> input readable`: the hops before the server (the
//              processors'; the simulator's producer and the brokers', as this reader got it)
import { randomUUID } from 'node:crypto';
import {
  decode,
  INTERNAL_TOPICS,
  SCREEN_LANE_TOPIC,
  schemaFor,
  TOPICS,
  type Topic,
} from '@onegrid/contracts';
import type { KafkaClient as Kafka } from '@onegrid/kafka';
import { whenGroupsAssigned } from '@onegrid/processors';
import * as hdr from 'hdr-histogram-js';
import type { DeltaListener } from './feed-replica.ts';

/** The screens' channels measured. */
const CHANNELS = ['alerts', 'risk', 'gauges', 'weather', 'evacuation', 'resources', 'tickets'] as const;
type Channel = (typeof CHANNELS)[number];
const PUSHED: readonly Channel[] = ['gauges', 'weather', 'evacuation', 'resources', 'tickets'];
/** The channels of onegrid's outputs, timed from the processor's emission (see the top). */
const OUTPUTS: readonly Channel[] = ['alerts', 'risk'];
/** The pushed channels the processors' live lane copies too (packages/processors, live lane). */
const LANE_CHANNELS: readonly Channel[] = ['gauges', 'weather', 'evacuation', 'resources'];
const COPY_OF: Readonly<Record<string, 'archive' | 'lane'>> = {
  [INTERNAL_TOPICS.hazardByDistrict]: 'archive',
  [INTERNAL_TOPICS.emergencyByDistrict]: 'archive',
  [INTERNAL_TOPICS.liveLane]: 'lane',
};

/** The processes whose event-loop delay the soak samples (`soak`: the feed client's own). */
export const LOOP_PROCESSES = ['server', 'soak', 'processors-1', 'processors-2'] as const;

/**
 * What is measured: each channel from its input (or, for alerts and risk, its output topic), and
 * each pushed channel from the processor's output it is read from (`<channel> ← output`): the
 * difference is the processors' part (batching, lag), the rest the server's and the socket's.
 */
export const LATENCY_CHANNELS = [
  ...CHANNELS,
  // alerts and risk timed as before 2026-12-07: from the contract copy's append stamp.
  ...OUTPUTS.map((c) => `${c} (append)`),
  // The emission → each copy's append stamp: what the earlier measure left out (the contract's
  // sink batching and retries), and the lane's own send (the processor's thread, the producer).
  ...OUTPUTS.flatMap((c) => [`${c} emission → contract`, `${c} emission → lane`]),
  ...PUSHED.map((c) => `${c} ← output`),
  // The delta's forming on the server (its frame's `ts`) → the client: the socket and this
  // process's own event loop; the rest of `← output` is the server's reading and coalescing.
  ...CHANNELS.map((c) => `${c} delta → client`),
  ...PUSHED.map((c) => `${c} input → output`),
  ...PUSHED.map((c) => `${c} input readable`),
  // Each copy on its own: the archive's (internal topic) and the live lane's, first per instance.
  ...LANE_CHANNELS.flatMap((c) => [`${c} input → archive`, `${c} input → lane`]),
  // Not latencies: each process's longest event-loop delay per 2 s sample (soak.ts `loop`), so
  // a phase's tail can be set beside the loops that were blocked in it.
  ...LOOP_PROCESSES.map((p) => `loop delay ${p}`),
] as const;
export type LatencyChannel = string;

/** Channels measured by their `as_of` (aggregates: no key of theirs names one message). */
const AS_OF_CHANNELS: ReadonlySet<Channel> = new Set(['weather', 'evacuation', 'resources', 'tickets']);

export interface LatencySample {
  readonly channel: LatencyChannel;
  /** When the client received the change (epoch ms). */
  readonly at: number;
  readonly ms: number;
}

const INPUT_CHANNEL: Record<string, Channel> = {
  [TOPICS.alerts]: 'alerts',
  [TOPICS.riskScores]: 'risk',
  [TOPICS.waterLevels]: 'gauges',
  [TOPICS.weatherObservations]: 'weather',
  [TOPICS.evacuations]: 'evacuation',
  [TOPICS.resources]: 'resources',
  [TOPICS.ticketEvents]: 'tickets',
};
const OUTPUT_TOPICS: readonly string[] = [
  INTERNAL_TOPICS.hazardByDistrict,
  INTERNAL_TOPICS.emergencyByDistrict,
  INTERNAL_TOPICS.ticketRows,
  // The processors' hot standby (same message shapes): a key's first copy on either counts.
  INTERNAL_TOPICS.liveLane,
];

const epoch = (iso: unknown): number => (typeof iso === 'string' ? Date.parse(iso) : Number.NaN);
const alertKey = (a: Record<string, unknown>) => `${String(a.alert_id)}|${String(a.status)}`;
const riskKey = (r: Record<string, unknown>) => `${String(r.district)}|${epoch(r.ts)}`;

/** A screen-lane copy's (channel, key) and emission stamp, or undefined. */
function emissionOf(text: string): { channel: Channel; key: string; at: number } | undefined {
  const m = parse(text);
  if (m === undefined || typeof m.emitted_at !== 'number') return undefined;
  const row = (m.kind === 'alert' ? m.alert : m.score) as Record<string, unknown> | undefined;
  if (row === undefined || row === null || typeof row !== 'object') return undefined;
  return m.kind === 'alert'
    ? { channel: 'alerts', key: alertKey(row), at: m.emitted_at }
    : { channel: 'risk', key: riskKey(row), at: m.emitted_at };
}
const asOfKey = (ts: unknown) => `asof|${epoch(ts)}`;

function parse(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined; // a malformed input: dead-lettered, never on a screen
  }
}

/** The (measure, key) a message can show on a screen, or undefined for one that cannot. */
function keyOfMessage(topic: string, text: string): { measure: string; key: string } | undefined {
  const channel = INPUT_CHANNEL[topic];
  if (channel !== undefined && AS_OF_CHANNELS.has(channel)) {
    // Only a message the pipeline accepts can move a screen; a dead letter never does.
    const decoded = decode(schemaFor(topic as Topic), text);
    if (!decoded.ok) return undefined;
    const m = decoded.value as { ts: string; event?: string };
    if (channel === 'tickets' && m.event !== 'reported') return undefined;
    return { measure: channel, key: asOfKey(m.ts) };
  }
  const m = parse(text);
  if (m === undefined) return undefined;
  if (channel === 'alerts') return { measure: 'alerts (append)', key: alertKey(m) };
  if (channel === 'risk') return { measure: 'risk (append)', key: riskKey(m) };
  if (channel === 'gauges') return { measure: channel, key: `${String(m.gauge_id)}|${epoch(m.ts)}` };
  // The processors' outputs the pushed channels read.
  const o = (m.observation ?? m.event ?? {}) as Record<string, unknown>;
  if (m.kind === 'water_level')
    return { measure: 'gauges ← output', key: `${String(o.gauge_id)}|${epoch(o.ts)}` };
  if (m.kind === 'weather') return { measure: 'weather ← output', key: asOfKey(o.ts) };
  if (m.kind === 'evacuation') return { measure: 'evacuation ← output', key: asOfKey(o.ts) };
  if (m.kind === 'resource') return { measure: 'resources ← output', key: asOfKey(o.ts) };
  if (topic === INTERNAL_TOPICS.ticketRows)
    return { measure: 'tickets ← output', key: asOfKey(m.reported_at) };
  return undefined;
}

/** The key a screen change shows, or undefined when the change is not a new message's effect. */
function keyOfChange(channel: Channel, key: string, value: unknown, previous: unknown): string | undefined {
  const v = value as Record<string, unknown>;
  const p = previous as Record<string, unknown> | undefined;
  if (channel === 'alerts') return p?.status === v.status ? undefined : `${key}|${String(v.status)}`;
  // risk and gauges: the value is for the message with this ts; an unchanged ts is a recomputation.
  if (p !== undefined && epoch(p.ts) === epoch(v.ts)) return undefined;
  return `${key}|${epoch(v.ts)}`;
}

/** The keys a delta shows: per changed key, or the channel's `as_of` when it moved on. */
function keysOfDelta(
  channel: Channel,
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
  readonly #samples: LatencySample[] = [];
  /** alerts and risk: the earliest emission or append of each key (`<channel>:<key>`). */
  readonly #emitted = new Map<string, number>();
  /** alerts and risk: when the client first received each key's change. */
  readonly #shown = new Map<string, number>();
  /** alerts and risk: each copy kind's earliest append stamp (`<channel> <copy>:<key>`). */
  readonly #copyAppends = new Map<string, number>();
  /** Screen changes whose Kafka message this process has not read yet. */
  readonly #waiting = new Map<string, number>();
  /** First Kafka timestamp of each key (a duplicate or a replayed output keeps the first). */
  readonly #appended = new Map<string, number>();
  /** First Kafka timestamp of each key per copy (`<channel> <copy>:<key>`). */
  readonly #copies = new Map<string, number>();
  #unmatched = 0;
  #stop: (() => Promise<void>) | undefined;

  /** Reads the topics from their beginning, indexing each message's Kafka timestamp. */
  async start(kafka: Kafka): Promise<void> {
    const groupId = `soak.latency.${randomUUID().slice(0, 8)}`;
    const reader = await kafka.read({
      groupId,
      topics: [...Object.keys(INPUT_CHANNEL), ...OUTPUT_TOPICS, SCREEN_LANE_TOPIC],
      // As the server's readers: an idle fetch held 500 ms, data answered at once (fewer requests
      // from the process that also times the screen changes).
      maxWaitMs: 500,
      deleteGroupOnStop: true,
      onBatch: async (batch) => {
        for (const message of batch.records) {
          const text = message.value?.toString('utf8') ?? '';
          if (batch.topic === SCREEN_LANE_TOPIC) {
            const e = emissionOf(text);
            if (e !== undefined) {
              this.#emission(`${e.channel}:${e.key}`, e.at);
              this.#copyAppend(`${e.channel} lane:${e.key}`, message.timestamp);
            }
            continue;
          }
          const found = keyOfMessage(batch.topic, text);
          if (found === undefined) continue;
          if (found.measure.endsWith(' (append)')) {
            const c = found.measure.slice(0, -' (append)'.length);
            this.#emission(`${c}:${found.key}`, message.timestamp);
            this.#copyAppend(`${c} contract:${found.key}`, message.timestamp);
          }
          this.#copy(batch.topic, found.measure, found.key, message.timestamp);
          const full = `${found.measure}:${found.key}`;
          if (this.#appended.has(full)) continue;
          const at = message.timestamp;
          this.#appended.set(full, at);
          this.#hops(found.measure, found.key, at);
          const seen = this.#waiting.get(full);
          if (seen !== undefined) {
            this.#waiting.delete(full);
            this.#samples.push({ channel: found.measure, at: seen, ms: seen - at });
          }
        }
      },
    });
    this.#stop = () => reader.stop();
    // Assigned before the storm is let in: a reader still joining would count its own join as
    // the inputs' "readable" delay in the first window (the processes wait the same way).
    await whenGroupsAssigned(kafka, [groupId], { deadlineMs: 120_000 });
  }

  #copyAppend(full: string, at: number): void {
    const held = this.#copyAppends.get(full);
    if (held === undefined || at < held) this.#copyAppends.set(full, at);
  }

  #emission(full: string, at: number): void {
    const held = this.#emitted.get(full);
    if (held === undefined || at < held) this.#emitted.set(full, at);
  }

  /** Every sample: alerts and risk from their earliest emission, the others as they were matched. */
  get samples(): LatencySample[] {
    const out: LatencySample[] = [];
    for (const [full, shown] of this.#shown) {
      const from = this.#emitted.get(full);
      if (from !== undefined)
        out.push({ channel: full.slice(0, full.indexOf(':')), at: shown, ms: shown - from });
    }
    // Each copy's append after the emission (the emission is the earliest stamp, so ≥ 0).
    for (const [full, at] of this.#copyAppends) {
      const space = full.indexOf(' ');
      const colon = full.indexOf(':');
      const channel = full.slice(0, space);
      const from = this.#emitted.get(`${channel}:${full.slice(colon + 1)}`);
      if (from !== undefined)
        out.push({ channel: `${channel} emission → ${full.slice(space + 1, colon)}`, at, ms: at - from });
    }
    return [...this.#samples, ...out];
  }

  /**
   * The hops before the server, for the pushed channels: `input readable` (the input's append
   * stamp → this reader got it: the simulator's producer and the brokers), `input → output` (the
   * input's stamp → the processor's output's: the processors, archive or ticket processor).
   */
  #hops(measure: string, key: string, at: number): void {
    const output = measure.endsWith(' ← output');
    const channel = output ? measure.slice(0, -' ← output'.length) : measure;
    if (!PUSHED.includes(channel as Channel)) return;
    if (!output) this.#samples.push({ channel: `${channel} input readable`, at, ms: Date.now() - at });
    const other = this.#appended.get(output ? `${channel}:${key}` : `${channel} ← output:${key}`);
    if (other === undefined) return;
    const [input, out] = output ? [other, at] : [at, other];
    this.#samples.push({ channel: `${channel} input → output`, at: out, ms: out - input });
  }

  /**
   * `<channel> input → archive` and `… input → lane`: each kind of copy of an input on its own,
   * its earliest append (the lane runs in every instance): see copyHops.
   */
  #copy(topic: string, measure: string, key: string, at: number): void {
    const copy = COPY_OF[topic];
    if (copy === undefined) return;
    const channel = measure.slice(0, -' ← output'.length) as Channel;
    if (!LANE_CHANNELS.includes(channel)) return;
    const full = `${channel}|${copy}|${key}`;
    const held = this.#copies.get(full);
    if (held === undefined || at < held) this.#copies.set(full, at);
  }

  /** A sample per copy kind and input read so far, at the copy's earliest append. */
  copyHops(): LatencySample[] {
    const hops: LatencySample[] = [];
    for (const [full, at] of this.#copies) {
      const [channel, copy] = full.split('|', 2);
      const key = full.slice(`${channel}|${copy}|`.length);
      const input = this.#appended.get(`${channel}:${key}`);
      if (input !== undefined) hops.push({ channel: `${channel} input → ${copy}`, at, ms: at - input });
    }
    return hops;
  }

  /** The feed client's delta listener. */
  readonly onDelta: DeltaListener = (channel, changes, receivedAt, asOf, sentAt) => {
    if (!(CHANNELS as readonly string[]).includes(channel)) return;
    const c = channel as Channel;
    const measures = PUSHED.includes(c) ? [c, `${c} ← output`] : [`${c} (append)`];
    // One sample per delta, whatever its keys (a 300-key delta is one send, not 300).
    if (Number.isFinite(sentAt))
      this.#samples.push({ channel: `${c} delta → client`, at: receivedAt, ms: receivedAt - sentAt });
    for (const k of keysOfDelta(c, changes, asOf)) {
      if (OUTPUTS.includes(c) && !this.#shown.has(`${c}:${k}`)) this.#shown.set(`${c}:${k}`, receivedAt);
      for (const measure of measures) {
        const full = `${measure}:${k}`;
        const at = this.#appended.get(full);
        if (at !== undefined) this.#samples.push({ channel: measure, at: receivedAt, ms: receivedAt - at });
        else if (this.#waiting.size < 100_000) this.#waiting.set(full, receivedAt);
        else this.#unmatched++;
      }
    }
  };

  /** Screen changes never matched to a Kafka message (expected: none). */
  unmatched(): number {
    let unmatched = 0;
    for (const full of this.#shown.keys()) if (!this.#emitted.has(full)) unmatched++;
    return this.#unmatched + this.#waiting.size + unmatched;
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

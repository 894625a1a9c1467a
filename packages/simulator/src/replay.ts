/**
 * Replays a scenario into a sink: the registries first (all of them acknowledged before any
 * event), then the events in arrival order, either as fast as the sink takes them or on a
 * scaled clock (arrival time ÷ speed-up), in batches. No Kafka here: the sink and the clock are
 * parameters, so the pacing is testable with a fake clock.
 *
 * Contract with the sink: `send` resolves once the broker has acknowledged the whole batch
 * (the Kafka sink uses acks = all); a rejection stops the replay and is rethrown, with the
 * number of records acknowledged so far in the report of the last progress call.
 */
import type { StreamRecord } from './record.ts';
import type { Scenario } from './scenario.ts';

export interface RecordSink {
  send(records: readonly StreamRecord[]): Promise<void>;
}

export interface ReplayClock {
  /** Wall-clock milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface ReplayProgress {
  phase: 'registry' | 'events' | 'done';
  /** Records acknowledged by the sink. */
  sent: number;
  /** Arrival time of the last record sent (epoch ms), the scenario's clock. */
  simulatedTime: number;
  elapsedMs: number;
}

export interface ReplayOptions {
  /** Scenario time per wall time; null: as fast as the sink takes it. */
  speedup: number | null;
  batchSize: number;
  progressEveryMs: number;
  onProgress?: (progress: ReplayProgress) => void;
  /**
   * Awaited once the registries are acknowledged, before the events' clock starts: a city's
   * registries are in Kafka long before a storm, and the processes that read them start on them
   * (the soak starts its processes here, then lets the storm come once every one is ready).
   */
  beforeEvents?: () => Promise<void>;
}

export interface ReplayReport {
  sent: number;
  registry: number;
  events: number;
  elapsedMs: number;
  /** Records per wall-clock second. */
  rate: number;
}

export async function replay(
  scenario: Scenario,
  sink: RecordSink,
  clock: ReplayClock,
  options: ReplayOptions,
): Promise<ReplayReport> {
  const began = clock.now();
  let sent = 0;
  let simulatedTime = scenario.streamStart;
  let lastReport = began;
  let batch: StreamRecord[] = [];
  const report = (phase: ReplayProgress['phase'], force = false) => {
    const now = clock.now();
    if (!force && now - lastReport < options.progressEveryMs) return;
    lastReport = now;
    options.onProgress?.({ phase, sent, simulatedTime, elapsedMs: now - began });
  };
  const flush = async (phase: ReplayProgress['phase']) => {
    if (batch.length === 0) return;
    const out = batch;
    batch = [];
    await sink.send(out);
    sent += out.length;
    simulatedTime = (out[out.length - 1] as StreamRecord).arrivalTime;
    report(phase);
  };

  for (const record of scenario.registry()) {
    batch.push(record);
    if (batch.length >= options.batchSize) await flush('registry');
  }
  await flush('registry');
  const registry = sent;
  report('registry', true);
  await options.beforeEvents?.();

  const eventsBegan = clock.now();
  for (const record of scenario.events()) {
    if (options.speedup !== null) {
      const due = eventsBegan + (record.arrivalTime - scenario.streamStart) / options.speedup;
      const wait = due - clock.now();
      if (wait > 0) {
        // Everything due so far goes out before we sleep until this record's time.
        await flush('events');
        if (wait >= 5) await clock.sleep(wait);
      }
    }
    batch.push(record);
    if (batch.length >= options.batchSize) await flush('events');
  }
  await flush('events');
  const elapsedMs = clock.now() - began;
  options.onProgress?.({ phase: 'done', sent, simulatedTime, elapsedMs });
  return {
    sent,
    registry,
    events: sent - registry,
    elapsedMs,
    rate: elapsedMs > 0 ? (sent * 1000) / elapsedMs : sent,
  };
}

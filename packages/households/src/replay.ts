/**
 * Sends a generation's records to a sink: the registry first (acknowledged before any reading),
 * then the readings in arrival order, as fast as the sink takes them or on a scaled clock
 * (arrival time ÷ speed-up), in batches. The sink and the clock are parameters (no Kafka, no
 * timers here). `send` must resolve only once the whole batch is acknowledged; a rejection
 * stops the replay and is rethrown.
 */
import { TOPICS } from '@onegrid/contracts';
import type { StreamRecord } from './record.ts';

export interface RecordSink {
  send(records: readonly StreamRecord[]): Promise<void>;
}

export interface ReplayClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface ReplayOptions {
  /** Stream time per wall time; null: as fast as the sink takes it. */
  speedup: number | null;
  batchSize: number;
  progressEveryMs: number;
  onProgress?: (p: { sent: number; simulatedTime: number; elapsedMs: number }) => void;
}

export interface ReplayReport {
  sent: number;
  registry: number;
  elapsedMs: number;
  rate: number;
}

export async function replay(
  records: Iterable<StreamRecord>,
  sink: RecordSink,
  clock: ReplayClock,
  options: ReplayOptions,
): Promise<ReplayReport> {
  const began = clock.now();
  let sent = 0;
  let registry = 0;
  let simulatedTime = 0;
  let lastReport = began;
  let batch: StreamRecord[] = [];
  let firstReading: { wall: number; arrival: number } | null = null;
  const flush = async () => {
    if (batch.length === 0) return;
    const out = batch;
    batch = [];
    await sink.send(out);
    sent += out.length;
    simulatedTime = (out[out.length - 1] as StreamRecord).arrivalTime;
    const now = clock.now();
    if (now - lastReport >= options.progressEveryMs) {
      lastReport = now;
      options.onProgress?.({ sent, simulatedTime, elapsedMs: now - began });
    }
  };
  for (const record of records) {
    if (record.topic === TOPICS.households) {
      registry++;
    } else if (firstReading === null) {
      await flush(); // the registry is acknowledged before the first reading goes
      firstReading = { wall: clock.now(), arrival: record.arrivalTime };
    } else if (options.speedup !== null) {
      const due = firstReading.wall + (record.arrivalTime - firstReading.arrival) / options.speedup;
      const wait = due - clock.now();
      if (wait > 0) {
        await flush();
        if (wait >= 5) await clock.sleep(wait);
      }
    }
    batch.push(record);
    if (batch.length >= options.batchSize) await flush();
  }
  await flush();
  const elapsedMs = clock.now() - began;
  options.onProgress?.({ sent, simulatedTime, elapsedMs });
  return { sent, registry, elapsedMs, rate: elapsedMs > 0 ? (sent * 1000) / elapsedMs : sent };
}

// Test feeds of meter readings: a clean ordered one, and the same readings as real feeds
// deliver them (duplicated, out of order), plus malformed messages.
import type { MeterReading } from '@onegrid/contracts';
import type { KafkaClient as Kafka, OutgoingMessage as Message } from '@onegrid/kafka';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { mersenne } from 'pure-rand/generator/mersenne';

const START = Date.parse('2026-09-14T00:00:00+08:00');

export function cleanReadings(options: {
  meters: number;
  hours: number;
  stepMinutes: number;
}): MeterReading[] {
  const readings: MeterReading[] = [];
  const steps = (options.hours * 60) / options.stepMinutes;
  for (let step = 0; step < steps; step++) {
    const ts = START + step * options.stepMinutes * 60_000;
    for (let m = 0; m < options.meters; m++) {
      readings.push({
        meter_id: `EM-${String(m).padStart(5, '0')}`,
        household_id: `HH-${String(m).padStart(5, '0')}`,
        kind: 'electricity',
        ts: new Date(ts).toISOString().replace('Z', '+00:00'),
        reading: 1000 + m + step * ((m % 7) + 1) * 0.125,
        unit: 'kWh',
      });
    }
  }
  return readings;
}

/**
 * Same events, as a real feed delivers them: ~5% twice, and each moved by at most `jitter`
 * positions (sorting on position + a random shift bounds every displacement, unlike repeated
 * swaps, which let an event drift hours early and push the watermark past its neighbours).
 */
export function messyReadings(readings: readonly MeterReading[], seed: number, jitter = 40): MeterReading[] {
  const random = seededRandom(seed);
  const shifted: { at: number; reading: MeterReading }[] = [];
  readings.forEach((reading, i) => {
    shifted.push({ at: i + random() * jitter, reading });
    if (random() < 0.05) shifted.push({ at: i + random() * jitter, reading: { ...reading } });
  });
  return shifted.sort((a, b) => a.at - b.at).map((s) => s.reading);
}

export const MALFORMED: readonly { value: string; reason: RegExp }[] = [
  { value: '{"meter_id":"EM-1","household_id":"HH-1","kind":"electricity"', reason: /JSON/i },
  {
    value:
      '{"meter_id":"EM-1","household_id":"HH-1","kind":"electricity","ts":"yesterday","reading":1,"unit":"kWh"}',
    reason: /^ts: expected/,
  },
  {
    value:
      '{"meter_id":"EM-1","household_id":"HH-1","kind":"gas","ts":"2026-09-14T08:15:00+08:00","reading":1,"unit":"kWh"}',
    reason: /^kind: expected/,
  },
  {
    value:
      '{"meter_id":"EM-1","household_id":"HH-1","kind":"electricity","ts":"2026-09-14T08:15:00+08:00","reading":-5,"unit":"kWh"}',
    reason: /^reading: expected/,
  },
  {
    value:
      '{"meter_id":"EM-1","household_id":"HH-1","kind":"electricity","ts":"2026-09-14T08:15:00+08:00","reading":"12","unit":"kWh"}',
    reason: /^reading: expected number/,
  },
];

/** One reading per partition far in the future: moves every partition's watermark past the data. */
export function sentinels(
  partitions: number,
  hoursAfterStart: number,
): { partition: number; reading: MeterReading }[] {
  return Array.from({ length: partitions }, (_, partition) => ({
    partition,
    reading: {
      meter_id: `SENTINEL-${partition}`,
      household_id: 'HH-SENTINEL',
      kind: 'electricity' as const,
      ts: new Date(START + hoursAfterStart * 3_600_000).toISOString(),
      reading: 0,
      unit: 'kWh' as const,
    },
  }));
}

export const closedBefore = (hoursAfterStart: number) => START + hoursAfterStart * 3_600_000;

export async function produce(kafka: Kafka, topic: string, messages: Message[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += 1000) {
      await producer.send({ topic, messages: messages.slice(i, i + 1000) });
    }
  } finally {
    await producer.disconnect();
  }
}

export const asMessage = (r: MeterReading): Message => ({ key: r.meter_id, value: JSON.stringify(r) });

/** Deterministic uniform draws in [0, 1) (pure-rand's Mersenne Twister): the same disorder on every run. */
function seededRandom(seed: number): () => number {
  const generator = mersenne(seed);
  return () => uniformFloat64(generator);
}

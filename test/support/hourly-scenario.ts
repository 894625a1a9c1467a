// The data set both stream-runtime e2e files use, the rows it must produce, and the topics
// that carry it.
import { dlqTopic, type MeterReading } from '@onegrid/contracts';
import type { KafkaClient as Kafka } from '@onegrid/kafka';
import { asMessage, cleanReadings, closedBefore, MALFORMED, produce, sentinels } from './meter-feed.ts';
import { expectedHourly } from './meter-hourly.ts';
import { createTopics, unique } from './stack.ts';

export const PARTITIONS = 6;
export const HOURS = 6;
export const clean = cleanReadings({ meters: 40, hours: HOURS, stepMinutes: 5 });
/** Sentinels sit a day after the data, so every window of the data closes. */
export const SENTINEL_HOURS = HOURS + 24;
export const expected = expectedHourly(clean, closedBefore(SENTINEL_HOURS));

/** A fresh readings topic with its dead-letter topic. */
export async function createFeedTopic(kafka: Kafka): Promise<string> {
  const topic = unique('e2e.meter-readings');
  await createTopics(kafka, [
    { topic, partitions: PARTITIONS },
    { topic: dlqTopic(topic), partitions: 1 },
  ]);
  return topic;
}

/** One reading per partition a day after the data: every window of the data closes. */
export async function produceSentinels(kafka: Kafka, topic: string): Promise<void> {
  await produce(
    kafka,
    topic,
    sentinels(PARTITIONS, SENTINEL_HOURS).map(({ partition, reading }) => ({
      ...asMessage(reading),
      partition,
    })),
  );
}

/** A fresh topic holding `readings` (with the malformed messages if asked) and the sentinels. */
export async function feedTopic(
  kafka: Kafka,
  readings: readonly MeterReading[],
  options: { malformed?: boolean } = {},
): Promise<string> {
  const topic = await createFeedTopic(kafka);
  const messages = readings.map(asMessage);
  if (options.malformed) {
    for (const [i, bad] of MALFORMED.entries()) {
      messages.splice(100 + i * 300, 0, { key: `BAD-${i}`, value: bad.value });
    }
  }
  await produce(kafka, topic, messages);
  await produceSentinels(kafka, topic);
  return topic;
}

/**
 * What both generators' CLIs share: reading numeric flags and `--plant K=N,…`, choosing between
 * Kafka and a dry run, and the per-topic count lines printed at the end. The flags themselves,
 * and what they mean, stay in each CLI.
 */
import type { Logger } from '@onegrid/logging';
import type { TopicCounts } from './counts.ts';
import { FeedIoError } from './errors.ts';
import { connectPublisher, type KafkaPublisher } from './publish.ts';
import type { RecordSink } from './record.ts';

/** A flag's text as a finite number (undefined when absent); INVALID_CONFIG naming the flag otherwise. */
export function numberFlag(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n))
    throw new FeedIoError('INVALID_CONFIG', `--${name}: expected a number, got ${JSON.stringify(text)}`);
  return n;
}

/** `incident=40,waterRunning=10` → { incident: 40, waterRunning: 10 } (the config validates the names). */
export function plantRates(text: string): Record<string, number> {
  const rates: Record<string, number> = {};
  for (const pair of text.split(',')) {
    const [key = '', value] = pair.split('=');
    rates[key.trim()] = numberFlag(`plant ${key.trim()}`, value) ?? Number.NaN;
  }
  return rates;
}

export interface PublishTarget {
  /** Null on a dry run. */
  publisher: KafkaPublisher | null;
  /** The publisher, or a sink that drops everything on a dry run. */
  sink: RecordSink;
}

/** Connects to Kafka as `clientId`, unless `dryRun`. */
export async function openPublishTarget(
  dryRun: boolean,
  logger: Logger,
  clientId: string,
): Promise<PublishTarget> {
  const publisher = dryRun ? null : await connectPublisher(logger, clientId);
  return { publisher, sink: publisher ?? { send: async () => {} } };
}

/** One aligned line per topic: sent, valid, invalid, duplicates. */
export function topicCountLines(topics: Partial<Record<string, TopicCounts>>): string[] {
  return Object.entries(topics).map(
    ([topic, t]) =>
      `  ${topic.padEnd(30)} sent ${String(t?.sent).padStart(10)}  valid ${String(t?.valid).padStart(10)}  invalid ${String(t?.invalid).padStart(7)}  duplicates ${t?.duplicates}`,
  );
}

import { dlqTopic, INTERNAL_TOPICS, TOPICS } from '@onegrid/contracts';
import type { KafkaConfig } from './config.ts';

/** What one topic needs from the broker. Retention in hours; `compact` keeps the latest per key forever. */
export interface TopicDeclaration {
  readonly topic: string;
  readonly partitions: number;
  readonly cleanup: 'delete' | 'compact';
  readonly retentionHours?: number;
}

const WEEK = 7 * 24;

/**
 * Every topic of shared/contracts/STREAMS.md and their dead-letter topics, in one place.
 * High-volume inputs get the configured partition count (≥ 6 by default) so several
 * processor instances can share them; dead letters are kept longer than their source so a
 * person has time to look at them.
 */
export function declareTopics(config: Pick<KafkaConfig, 'ONEGRID_TOPIC_PARTITIONS'>): TopicDeclaration[] {
  const many = config.ONEGRID_TOPIC_PARTITIONS;
  const few = Math.max(1, Math.min(3, many));
  const inputs: TopicDeclaration[] = [
    { topic: TOPICS.meterReadings, partitions: many, cleanup: 'delete', retentionHours: 2 * WEEK },
    { topic: TOPICS.weatherObservations, partitions: many, cleanup: 'delete', retentionHours: 2 * WEEK },
    { topic: TOPICS.waterLevels, partitions: many, cleanup: 'delete', retentionHours: 2 * WEEK },
    { topic: TOPICS.ticketEvents, partitions: many, cleanup: 'delete', retentionHours: 4 * WEEK },
    { topic: TOPICS.evacuations, partitions: few, cleanup: 'delete', retentionHours: 4 * WEEK },
    { topic: TOPICS.resources, partitions: few, cleanup: 'delete', retentionHours: 4 * WEEK },
    // A few advisories an hour at most, and one storm's must stay in order: one partition.
    { topic: TOPICS.typhoonAdvisories, partitions: 1, cleanup: 'delete', retentionHours: 8 * WEEK },
  ];
  const registries: TopicDeclaration[] = [
    TOPICS.households,
    TOPICS.gauges,
    TOPICS.stations,
    TOPICS.shelters,
  ].map((topic) => ({ topic, partitions: few, cleanup: 'compact' }));
  const outputs: TopicDeclaration[] = [
    { topic: TOPICS.alerts, partitions: few, cleanup: 'delete', retentionHours: 4 * WEEK },
    { topic: TOPICS.riskScores, partitions: few, cleanup: 'delete', retentionHours: 4 * WEEK },
  ];
  // Re-keyed copies of inputs, partitioned like their source so the processors scale alike and
  // kept as long, so a detector can be rebuilt from them as from the source.
  const metersByHousehold: TopicDeclaration = {
    topic: INTERNAL_TOPICS.meterReadingsByHousehold,
    partitions: many,
    cleanup: 'delete',
    retentionHours: 2 * WEEK,
  };
  const internal: TopicDeclaration[] = [
    metersByHousehold,
    { topic: INTERNAL_TOPICS.hazardByDistrict, partitions: few, cleanup: 'delete', retentionHours: 2 * WEEK },
    // What the screens' feed reads live (ClickHouse holds the history): a few days cover a restart.
    { topic: INTERNAL_TOPICS.emergencyByDistrict, partitions: few, cleanup: 'delete', retentionHours: 72 },
    { topic: INTERNAL_TOPICS.ticketRows, partitions: few, cleanup: 'delete', retentionHours: 72 },
    // The live lane's copies: the screens read them as they come (a restart reads the store).
    { topic: INTERNAL_TOPICS.liveLane, partitions: few, cleanup: 'delete', retentionHours: 24 },
  ];
  // The meter topic's re-keyed copy is packed by onegrid (not the contract): its detector
  // dead-letters bytes that do not unpack.
  const deadLetters = [...inputs, ...registries, metersByHousehold].map(
    (source): TopicDeclaration => ({
      topic: dlqTopic(source.topic),
      partitions: 1,
      cleanup: 'delete',
      retentionHours: 8 * WEEK,
    }),
  );
  return [...inputs, ...registries, ...outputs, ...internal, ...deadLetters];
}

/** Broker-side config entries for a declaration. */
export function topicConfigEntries(declaration: TopicDeclaration): { name: string; value: string }[] {
  const entries: { name: string; value: string }[] = [{ name: 'cleanup.policy', value: declaration.cleanup }];
  if (declaration.retentionHours !== undefined) {
    entries.push({ name: 'retention.ms', value: String(declaration.retentionHours * 3_600_000) });
  }
  return entries;
}

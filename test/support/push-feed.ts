// The server's push feed on real Kafka, for its end-to-end tests (packages/app/src/live): the
// pushed and registry topics made where missing, a live state on a scheduler that never moves
// (a change reaches it only if a batch published it), the store down (nothing listens on its
// port: the channels fill from Kafka alone, as when ClickHouse is down at start), and one gauge
// registered on its registry before the feed starts.
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { INTERNAL_TOPICS, TOPICS } from '@onegrid/contracts';
import {
  createKafka,
  type KafkaAdmin,
  type KafkaClient,
  type KafkaProducer,
  loadKafkaConfig,
} from '@onegrid/kafka';
import { createLogger, type Logger } from '@onegrid/logging';
import { PUSH_TOPICS, PushChannels, REGISTRY_PUSH_TOPICS } from '@onegrid/server';
import { inject } from 'vitest';
import { exampleWith } from '../../packages/contracts/src/fixtures/messages.ts';
import { LiveState } from '../../packages/server/src/feed/live-state.ts';
import { ManualScheduler } from '../../packages/server/src/feed/manual-scheduler.ts';

export interface PushFeedStage {
  readonly logger: Logger;
  readonly kafka: KafkaClient;
  readonly admin: KafkaAdmin;
  readonly live: LiveState;
  readonly push: PushChannels;
  /** The gauge registered before the feed starts. */
  readonly gaugeId: string;
  /** Sends one water level of the gauge, observed at `ts` (ISO, +08:00), as the processors re-key it. */
  sendLevel(ts: string): Promise<void>;
  /** The time of the gauge's reading the live state shows (its own coalescing flushed), if any. */
  shown(): string | undefined;
  close(): Promise<void>;
}

/** The stage for a push feed test; `name` tells its gauge apart (`G-<name>-<now>`). */
export async function pushFeedStage(name: string): Promise<PushFeedStage> {
  const logger = createLogger('e2e', 'silent');
  const kafka = createKafka(loadKafkaConfig({ KAFKA_BROKERS: inject('kafkaBrokers') }), logger);
  const admin = kafka.admin();
  await admin.connect();
  const existing = await admin.listTopics();
  const missing = [...PUSH_TOPICS, ...REGISTRY_PUSH_TOPICS].filter((t) => !existing.includes(t));
  // Only when some are missing: createTopics of none waits 60 s for leaders of no topic and throws.
  if (missing.length > 0)
    await admin.createTopics(missing.map((topic) => ({ topic, partitions: 3, replicationFactor: 1 })));
  const scheduler = new ManualScheduler(Date.now());
  const live = new LiveState({
    channels: ['gauges', 'weather', 'evacuation', 'resources', 'tickets'],
    scheduler,
  });
  const clickhouse: ClickHouseClient = createClient({ url: 'http://127.0.0.1:9', request_timeout: 1_000 });
  const push = new PushChannels({ live, clickhouse, logger, scheduler });
  const producer: KafkaProducer = kafka.producer();
  await producer.connect();
  const gaugeId = `G-${name}-${Date.now()}`;
  const registry = JSON.parse(exampleWith(TOPICS.gauges)) as Record<string, unknown>;
  await producer.send({
    topic: TOPICS.gauges,
    messages: [{ key: gaugeId, value: JSON.stringify({ ...registry, gauge_id: gaugeId }) }],
  });
  return {
    logger,
    kafka,
    admin,
    live,
    push,
    gaugeId,
    async sendLevel(ts) {
      await producer.send({
        topic: INTERNAL_TOPICS.hazardByDistrict,
        messages: [
          {
            key: String(registry.district),
            value: JSON.stringify({
              kind: 'water_level',
              district: registry.district,
              source_partition: 0,
              observation: { gauge_id: gaugeId, ts, level_m: 3.21 },
            }),
          },
        ],
      });
    },
    shown() {
      // Flushes the live state's own coalescing only: PushChannels' timer never runs here.
      live.flushAll();
      return (live.snapshot('gauges').data[gaugeId] as { ts?: string } | undefined)?.ts;
    },
    async close() {
      await producer.disconnect();
      await admin.disconnect();
      await clickhouse.close();
    },
  };
}

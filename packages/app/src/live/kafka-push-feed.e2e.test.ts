import { createClient } from '@clickhouse/client';
import { INTERNAL_TOPICS, isoCstMillis, TOPICS } from '@onegrid/contracts';
import { createKafka, loadKafkaConfig } from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import { PUSH_TOPICS, PushChannels, REGISTRY_PUSH_TOPICS } from '@onegrid/server';
import { describe, expect, inject, it } from 'vitest';
import { waitUntil } from '../../../../test/support/wait-until.ts';
import { exampleWith } from '../../../contracts/src/fixtures/messages.ts';
import { LiveState } from '../../../server/src/feed/live-state.ts';
import { ManualScheduler } from '../../../server/src/feed/manual-scheduler.ts';
import { startKafkaPushFeed } from './kafka-push-feed.ts';

// The push feed hands a Kafka batch's changes to the live state with the batch, not on
// PushChannels' publish timer: every timer is one more wait to be scheduled on a loaded host
// (soak 2026-12-07). The scheduler here never moves, so a change reaches the live state only if
// the batch published it. The store is down (nothing listens on its port): the channels fill from
// Kafka alone, as they do when ClickHouse is down at start.

describe('kafka push feed > a batch is published with the batch', () => {
  it('shows a level in the live state with no timer run', async () => {
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
    const clickhouse = createClient({ url: 'http://127.0.0.1:9', request_timeout: 1_000 });
    const push = new PushChannels({ live, clickhouse, logger, scheduler });
    const producer = kafka.producer();
    await producer.connect();
    const gaugeId = `G-PUSH-${Date.now()}`;
    const registry = JSON.parse(exampleWith(TOPICS.gauges)) as Record<string, unknown>;
    await producer.send({
      topic: TOPICS.gauges,
      messages: [{ key: gaugeId, value: JSON.stringify({ ...registry, gauge_id: gaugeId }) }],
    });
    const feed = await startKafkaPushFeed(kafka, push, logger);
    try {
      const shown = () => {
        // Flushes the live state's own coalescing only: PushChannels' timer never runs here.
        live.flushAll();
        return (live.snapshot('gauges').data[gaugeId] as { ts?: string } | undefined)?.ts;
      };
      let ts = Date.parse('2026-09-14T02:00:00+08:00');
      // Read from the topic's end: sent again until the reader has joined and the registry record is in.
      const level = await waitUntil(
        async () => {
          const seen = shown();
          if (seen !== undefined) return seen;
          ts += 60_000;
          await producer.send({
            topic: INTERNAL_TOPICS.hazardByDistrict,
            messages: [
              {
                key: String(registry.district),
                value: JSON.stringify({
                  kind: 'water_level',
                  district: registry.district,
                  source_partition: 0,
                  observation: { gauge_id: gaugeId, ts: isoCstMillis(ts), level_m: 3.21 },
                }),
              },
            ],
          });
          return undefined;
        },
        { deadlineMs: 60_000, intervalMs: 250, describe: () => `gauge ${gaugeId} not in the live state` },
      );
      expect(Date.parse(level)).toBeGreaterThan(Date.parse('2026-09-14T02:00:00+08:00'));
      expect(push.refused()).toBe(0);
    } finally {
      await feed.stop();
      await producer.disconnect();
      await admin.disconnect();
      await clickhouse.close();
    }
  });
});

import { createClient } from '@clickhouse/client';
import { isoCstMillis } from '@onegrid/contracts';
import {
  createKafka,
  type KafkaAdmin,
  type KafkaClient,
  loadKafkaConfig,
  type ReadOptions,
  type TopicReader,
} from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import { whenGroupsAssigned } from '@onegrid/processors';
import { PushChannels } from '@onegrid/server';
import { describe, expect, inject, it } from 'vitest';
import { pushFeedStage } from '../../../../test/support/push-feed.ts';
import { waitUntil } from '../../../../test/support/wait-until.ts';
import { LiveState } from '../../../server/src/feed/live-state.ts';
import { ManualScheduler } from '../../../server/src/feed/manual-scheduler.ts';
import { startKafkaPushFeed } from './kafka-push-feed.ts';

// What "ready" means for the server's pushed channels (issue 18, the storm's first seconds): once
// its registriesRead is true the gauge registry as it stood is read, and once its groups are
// assigned (what start.ts's /health/ready waits for) the first reading sent is shown,
// sent once: no join or registry catch-up left for the storm's first readings to wait behind.
// The stage's store is down (test/support/push-feed.ts): no catch-up from it can fill a gap.

describe('kafka push feed > ready', () => {
  it('knows the registry at start and shows the first reading sent once', async () => {
    const stage = await pushFeedStage('READY');
    const feed = await startKafkaPushFeed(stage.kafka, stage.push, stage.logger);
    try {
      expect(feed.groupIds).toHaveLength(2);
      expect(await feed.registriesRead).toBe(true);
      await whenGroupsAssigned(stage.kafka, feed.groupIds, { deadlineMs: 60_000 });
      const groups = await stage.admin.describeGroups(feed.groupIds);
      expect(groups).toHaveLength(2);
      expect(groups.every((g) => g.state === 'Stable')).toBe(true);
      const ts = isoCstMillis(Date.parse('2026-09-14T02:00:00+08:00'));
      await stage.sendLevel(ts);
      const shown = await waitUntil(stage.shown, {
        deadlineMs: 30_000,
        intervalMs: 100,
        describe: () => `gauge ${stage.gaugeId}'s one reading not shown`,
      });
      expect(Date.parse(shown)).toBe(Date.parse(ts));
      expect(stage.push.refused()).toBe(0);
    } finally {
      await feed.stop();
      await stage.close();
    }
  });

  it("asks the registries' ends again on a retriable error, and is ready once it has them", async () => {
    const logger = createLogger('e2e', 'silent');
    // The real client; its admin's first two asks for a topic's ends fail as a broker moving
    // leadership does (retriable), within the client's own retries.
    let asked = 0;
    const kafka = withFaults(
      createKafka(loadKafkaConfig({ KAFKA_BROKERS: inject('kafkaBrokers') }), logger),
      {
        topicOffsets: () => {
          asked++;
          if (asked <= 2) throw Object.assign(new Error('leader not available'), { retriable: true });
        },
      },
    );
    const clickhouse = createClient({ url: 'http://127.0.0.1:9', request_timeout: 1_000 });
    const scheduler = new ManualScheduler(Date.now());
    const live = new LiveState({ channels: ['gauges'], scheduler });
    const feed = await startKafkaPushFeed(
      kafka,
      new PushChannels({ live, clickhouse, logger, scheduler }),
      logger,
    );
    try {
      expect(await feed.registriesRead).toBe(true);
      expect(asked).toBeGreaterThan(2);
    } finally {
      await feed.stop();
      await clickhouse.close();
    }
  });

  it('starts and stays up when the registries cannot be read: not read, said, and stops at once', async () => {
    const logger = createLogger('e2e', 'silent');
    const real = createKafka(loadKafkaConfig({ KAFKA_BROKERS: inject('kafkaBrokers') }), logger);
    const stopped: string[] = [];
    const clickhouse = createClient({ url: 'http://127.0.0.1:9', request_timeout: 1_000 });
    const scheduler = new ManualScheduler(Date.now());
    const live = new LiveState({ channels: ['gauges'], scheduler });
    const push = () => new PushChannels({ live, clickhouse, logger, scheduler });
    try {
      // A permanent error: given up at once, not after the bound (60 s); the push reader runs on,
      // and the registries are followed all the same (a device registered later shows at once).
      const refused = withFaults(real, {
        topicOffsets: () => {
          throw Object.assign(new Error('topic authorization failed'), { retriable: false });
        },
        stopped,
      });
      const feed = await startKafkaPushFeed(refused, push(), logger);
      expect(await feed.registriesRead).toBe(false);
      await feed.stop();
      expect(stopped).toEqual([
        expect.stringMatching(/^onegrid\.server-registry\./),
        expect.stringMatching(/^onegrid\.server-push\./),
      ]);

      // Retriable errors for ever: stop() ends the wait (before: the start-up waited, then threw).
      let asked = 0;
      const down = withFaults(real, {
        topicOffsets: () => {
          asked++;
          throw Object.assign(new Error('leader not available'), { retriable: true });
        },
      });
      const waiting = await startKafkaPushFeed(down, push(), logger);
      await waitUntil(() => (asked > 0 ? true : undefined), {
        deadlineMs: 10_000,
        intervalMs: 10,
        describe: () => 'the ends never asked',
      });
      const stopping = performance.now();
      await waiting.stop();
      expect(await waiting.registriesRead).toBe(false);
      // Bounded by one pause between asks (1 s), not the 60 s bound: generous for a loaded host.
      expect(performance.now() - stopping).toBeLessThan(20_000);

      // An ask that never answers (a broker holding it through the client's retries): stop()
      // does not wait for it.
      let hung = 0;
      const held: KafkaAdmin[] = [];
      const silent = withFaults(real, {
        topicOffsets: () => {
          hung++;
          return new Promise<void>(() => undefined);
        },
        admins: held,
      });
      const holding = await startKafkaPushFeed(silent, push(), logger);
      await waitUntil(() => (hung > 0 ? true : undefined), {
        deadlineMs: 10_000,
        intervalMs: 10,
        describe: () => 'the ends never asked',
      });
      await holding.stop();
      expect(await holding.registriesRead).toBe(false);
      // The ask still hangs, so its admin is still connected: not left to the end of the run.
      expect(held).toHaveLength(1);
      for (const admin of held) await admin.disconnect();
    } finally {
      await clickhouse.close();
    }
  });

  it('starts the registry reader again after a failed start, and a stop waits for no start', async () => {
    const logger = createLogger('e2e', 'silent');
    const real = createKafka(loadKafkaConfig({ KAFKA_BROKERS: inject('kafkaBrokers') }), logger);
    const clickhouse = createClient({ url: 'http://127.0.0.1:9', request_timeout: 1_000 });
    const scheduler = new ManualScheduler(Date.now());
    const live = new LiveState({ channels: ['gauges'], scheduler });
    const push = () => new PushChannels({ live, clickhouse, logger, scheduler });
    const registry = (options: ReadOptions) => options.groupId.startsWith('onegrid.server-registry.');
    try {
      // The first start refused (a coordinator not available yet): started again, then read
      // (before: the registries were left unfollowed until the process restarted).
      let starts = 0;
      const refusing = withFaults(real, {
        read: (options) => {
          if (registry(options) && ++starts === 1) throw new Error('the group coordinator is not available');
          return undefined;
        },
      });
      const feed = await startKafkaPushFeed(refusing, push(), logger);
      try {
        expect(await feed.registriesRead).toBe(true);
        expect(starts).toBe(2);
      } finally {
        await feed.stop();
      }

      // A start held (kafkajs waits minutes for a coordinator in a broker outage): stop() does
      // not wait for it (before: it waited for the start), and the reader it brings later is stopped.
      let hold: () => void = () => undefined;
      const held = new Promise<void>((resolve) => {
        hold = resolve;
      });
      let asked = false;
      const stopped: string[] = [];
      const holding = withFaults(real, {
        read: (options) => {
          if (!registry(options)) return undefined;
          asked = true;
          return held;
        },
        stopped,
      });
      const waiting = await startKafkaPushFeed(holding, push(), logger);
      await waitUntil(() => (asked ? true : undefined), {
        deadlineMs: 30_000,
        intervalMs: 10,
        describe: () => 'the registry reader never started',
      });
      await waiting.stop();
      expect(await waiting.registriesRead).toBe(false);
      expect(stopped).toEqual([expect.stringMatching(/^onegrid\.server-push\./)]);
      hold();
      await waitUntil(() => (stopped.length === 2 ? true : undefined), {
        deadlineMs: 60_000,
        intervalMs: 50,
        describe: () => 'the registry reader that started after the stop was not stopped',
      });
      expect(stopped[1]).toMatch(/^onegrid\.server-registry\./);
    } finally {
      await clickhouse.close();
    }
  });

  it('names the groups not assigned when the deadline passes', async () => {
    const kafka = createKafka(
      loadKafkaConfig({ KAFKA_BROKERS: inject('kafkaBrokers') }),
      createLogger('e2e', 'silent'),
    );
    await expect(
      whenGroupsAssigned(kafka, ['onegrid.no-such-reader.e2e'], { deadlineMs: 500 }),
    ).rejects.toThrow(/onegrid\.no-such-reader\.e2e/);
  });
});

/**
 * The real client, its admin's `topicOffsets` calling `topicOffsets` first (which may throw), each
 * admin made kept in `admins` (a test disconnects one its fault left hanging), each reader's start
 * calling `read` first (which may throw or hold it), and each reader's stop recorded in `stopped`
 * (by group).
 */
function withFaults(
  real: KafkaClient,
  faults: {
    readonly topicOffsets?: () => Promise<void> | undefined;
    readonly read?: (options: ReadOptions) => Promise<void> | undefined;
    readonly stopped?: string[];
    readonly admins?: KafkaAdmin[];
  },
): KafkaClient {
  const admin = (): KafkaAdmin => {
    const inner = real.admin();
    faults.admins?.push(inner);
    return new Proxy(inner, {
      get: (target, name) => {
        if (name === 'topicOffsets')
          return async (topic: string) => {
            await faults.topicOffsets?.();
            return target.topicOffsets(topic);
          };
        const value: unknown = Reflect.get(target, name, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
  const read = async (options: ReadOptions): Promise<TopicReader> => {
    await faults.read?.(options);
    const reader = await real.read(options);
    return {
      seek: (topic: string, partition: number, offset: number) => reader.seek(topic, partition, offset),
      stop: async () => {
        faults.stopped?.push(options.groupId);
        await reader.stop();
      },
    };
  };
  return new Proxy(real, {
    get: (target, name) => {
      if (name === 'admin') return admin;
      if (name === 'read') return read;
      const value: unknown = Reflect.get(target, name, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) satisfies KafkaClient;
}

import { isoCstMillis } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { pushFeedStage } from '../../../../test/support/push-feed.ts';
import { waitUntil } from '../../../../test/support/wait-until.ts';
import { startKafkaPushFeed } from './kafka-push-feed.ts';

// The push feed hands a Kafka batch's changes to the live state with the batch, not on
// PushChannels' publish timer: every timer is one more wait to be scheduled on a loaded host
// (soak 2026-12-07). The stage's scheduler never moves, so a change reaches the live state only if
// the batch published it; its store is down, so the channels fill from Kafka alone.

describe('kafka push feed > a batch is published with the batch', () => {
  it('shows a level in the live state with no timer run', async () => {
    const stage = await pushFeedStage('PUSH');
    const feed = await startKafkaPushFeed(stage.kafka, stage.push, stage.logger);
    try {
      let ts = Date.parse('2026-09-14T02:00:00+08:00');
      // Read from the topic's end: sent again until the reader has joined and the registry record is in.
      const level = await waitUntil(
        async () => {
          const seen = stage.shown();
          if (seen !== undefined) return seen;
          ts += 60_000;
          await stage.sendLevel(isoCstMillis(ts));
          return undefined;
        },
        {
          deadlineMs: 60_000,
          intervalMs: 250,
          describe: () => `gauge ${stage.gaugeId} not in the live state`,
        },
      );
      expect(Date.parse(level)).toBeGreaterThan(Date.parse('2026-09-14T02:00:00+08:00'));
      expect(stage.push.refused()).toBe(0);
    } finally {
      await feed.stop();
      await stage.close();
    }
  });
});

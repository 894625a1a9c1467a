import { describe, expect, it } from 'vitest';
import type { FeedStats } from '../feed/client.ts';
import type { ChannelState } from '../feed/store.ts';
import { CHANNEL_STALE_MS, channelFreshness, freshnessText } from './freshness.ts';

const feed = (status: FeedStats['status']) => ({ status }) as FeedStats;
const state = (
  confirmedAt: number | null,
  asOf: string | null = '2026-09-14T09:00:00+08:00',
): ChannelState => ({
  seq: 1,
  entries: new Map(),
  version: 1,
  asOf,
  confirmedAt,
});

describe('freshness > channelFreshness', () => {
  it('is fresh while the feed is live and the server confirmed the channel recently', () => {
    expect(channelFreshness(state(1_000), feed('live'), 1_000 + CHANNEL_STALE_MS)).toBe('fresh');
  });
  it('is stale once the confirmation is too old, or whenever the feed is not live', () => {
    expect(channelFreshness(state(1_000), feed('live'), 1_001 + CHANNEL_STALE_MS)).toBe('stale');
    expect(channelFreshness(state(1_000), feed('offline'), 1_000)).toBe('stale');
  });
  it('waits for a channel that has had no data on a live feed', () => {
    expect(channelFreshness(undefined, feed('live'), 0)).toBe('waiting');
    expect(channelFreshness(undefined, feed('connecting'), 0)).toBe('stale');
  });
});

describe('freshness > freshnessText', () => {
  it('gives the data time in Beijing time and the age of the confirmation', () => {
    expect(freshnessText(state(0), 'fresh', 3_000)).toBe('数据更新于 09-14 09:00 · 3秒前确认');
  });
  it('says plainly that the data is out of date', () => {
    expect(freshnessText(state(0), 'stale', 65_000)).toBe('已过期 · 1分钟前确认');
  });
});

import { INTERNAL_TOPICS } from '@onegrid/contracts';
import { createLogger } from '@onegrid/logging';
import type { Store } from '@onegrid/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEED_CHANNELS } from '../../feed/channels.ts';
import { LiveState } from '../../feed/live-state.ts';
import { ManualScheduler } from '../../feed/manual-scheduler.ts';
import { openStoreFixture, type StoreFixture } from '../../store-fixture.ts';
import { CLICKHOUSE_POLLERS, startPolling } from '../pollers.ts';
import { PUSHED_CHANNELS, PushChannels } from './push-channels.ts';
import { GAUGES, type Item, pushFixture, SHELTERS, STATIONS } from './push-fixture.ts';

// The pushed channels against embedded ClickHouse (chDB) with the store's migrations: a screen
// fed from the store's rows up to some point and from Kafka's messages after it (overlapping,
// shuffled, twice) shows exactly what the store's views show once it holds everything.

let fixture: StoreFixture;
let store: Store;
const logger = createLogger('test', 'silent');
const items = pushFixture();
const insert = (table: string, values: Record<string, unknown>[]) => fixture.insert(table, values);

async function insertItems(list: readonly Item[]): Promise<void> {
  const byTable = new Map<string, Record<string, unknown>[]>();
  for (const item of list) byTable.set(item.table, [...(byTable.get(item.table) ?? []), item.row]);
  for (const [table, rows] of byTable) await insert(table, rows);
}

/** Numbers to 9 significant digits: sums in another order may differ in the last bit. */
function rounded(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) =>
    typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(9)) : v,
  );
}

/** The live lane's copy of an archive's message (packages/processors, live-event.ts): no source partition. */
function laneCopy(item: Item): { topic: string; message: string }[] {
  if (item.topic !== INTERNAL_TOPICS.hazardByDistrict && item.topic !== INTERNAL_TOPICS.emergencyByDistrict)
    return [];
  const { source_partition: _partition, ...copy } = JSON.parse(item.message) as Record<string, unknown>;
  return [{ topic: INTERNAL_TOPICS.liveLane, message: JSON.stringify(copy) }];
}

function newLive(scheduler: ManualScheduler) {
  return new LiveState({ channels: FEED_CHANNELS, scheduler });
}

beforeAll(async () => {
  fixture = await openStoreFixture('push');
  store = fixture.store;
  await insert('gauges', GAUGES);
  await insert('stations', STATIONS);
  await insert('shelters', SHELTERS);
});

afterAll(async () => {
  await store?.close();
});

describe('live > pushed channels', () => {
  it('store up to a point + Kafka after it (overlapping, shuffled, twice, with live-lane copies) = the store views of everything', async () => {
    const scheduler = new ManualScheduler(Date.parse('2026-09-14T12:00:00+08:00'));
    const pushedLive = newLive(scheduler);
    const push = new PushChannels({ live: pushedLive, clickhouse: store.client, logger, scheduler });
    const cut = Math.floor(items.length * 0.6);
    await insertItems(items.slice(0, cut));
    await push.start();
    const archived = items.slice(Math.floor(items.length * 0.5));
    // …and the processors' live lane copies of the same levels, observations and events (one
    // per instance: two more), which the models must show as one.
    const kafka = [...archived, ...archived.flatMap(laneCopy), ...archived.flatMap(laneCopy)];
    // A fixed shuffle: Kafka's partitions interleave; each message then again (a replay).
    const shuffled = kafka
      .map((item, i) => ({ item, k: (i * 7919) % kafka.length }))
      .sort((a, b) => a.k - b.k);
    for (const { item } of [...shuffled, ...shuffled])
      expect(push.apply(item.topic, item.message)).toBe(true);
    push.publishNow();
    pushedLive.flushAll();
    await insertItems(items.slice(cut));

    const polledLive = newLive(scheduler);
    const polling = startPolling({
      live: polledLive,
      clickhouse: store.client,
      logger,
      scheduler,
      intervalMs: 60_000,
      pollers: CLICKHOUSE_POLLERS,
    });
    await polling.pollOnce();
    await polling.stop();
    polledLive.flushAll();
    for (const channel of PUSHED_CHANNELS) {
      const pushed = pushedLive.snapshot(channel);
      const polled = polledLive.snapshot(channel);
      expect(Object.keys(pushed.data).length, channel).toBeGreaterThan(1);
      expect(rounded(pushed.data), channel).toEqual(rounded(polled.data));
      expect(pushed.asOf, channel).toBe(polled.asOf);
    }
    // The figures the fixture was built to show: a repeated event once, a rise, the newest hour.
    expect(pushedLive.snapshot('tickets').data.all).toMatchObject({ window: '24h' });
    expect(pushedLive.snapshot('gauges').asOf).toBe('2026-09-14T10:00:00.000+08:00');
    await push.stop();
    pushedLive.close();
  });

  it('a gauge the registry lacked appears once a catch-up reads the registry again', async () => {
    const scheduler = new ManualScheduler(Date.parse('2026-09-14T12:00:00+08:00'));
    const live = newLive(scheduler);
    const push = new PushChannels({ live, clickhouse: store.client, logger, scheduler, reseedMs: 60_000 });
    await push.start();
    const observation = { gauge_id: 'WL-NEW', ts: '2026-09-14T10:05:00+08:00', level_m: 2.5 };
    const message = JSON.stringify({
      kind: 'water_level',
      district: '310101',
      source_partition: 0,
      observation,
    });
    push.apply(INTERNAL_TOPICS.hazardByDistrict, message);
    push.publishNow();
    live.flushAll();
    expect(live.snapshot('gauges').data['WL-NEW']).toBeUndefined();
    await insert('gauges', [{ ...GAUGES[0], gauge_id: 'WL-NEW', name: '新闸' }]);
    scheduler.advance(2_000); // the catch-up a missing registry record brings forward
    await push.seedOnce(); // chained after the one the timer started
    live.flushAll();
    expect(live.snapshot('gauges').data['WL-NEW']).toMatchObject({ name: '新闸', level_m: 2.5 });
    await push.stop();
  });

  it('catches up from the store again after a catch-up failed (the store down for a while)', async () => {
    const scheduler = new ManualScheduler(Date.parse('2026-09-14T12:00:00+08:00'));
    const live = newLive(scheduler);
    const push = new PushChannels({ live, clickhouse: store.client, logger, scheduler, reseedMs: 60_000 });
    await push.start();
    // A catch-up that fails in the real store: a view it reads is gone for a moment.
    await store.client.command({ query: 'RENAME TABLE resource_status_now TO resource_status_now_away' });
    try {
      await expect(push.seedOnce()).rejects.toThrow(/resource_status_now/);
    } finally {
      await store.client.command({ query: 'RENAME TABLE resource_status_now_away TO resource_status_now' });
    }
    await insert('shelters', [{ ...SHELTERS[0], shelter_id: 'SH-NEW', name: '新避难所' }]);
    await push.seedOnce();
    live.flushAll();
    expect(live.snapshot('evacuation').data['shelter:SH-NEW']).toMatchObject({
      name: '新避难所',
      occupancy: 0,
    });
    await push.stop();
  });

  it('refuses and counts a message that fails its schema; the channel keeps its content', async () => {
    const scheduler = new ManualScheduler(Date.parse('2026-09-14T12:00:00+08:00'));
    const live = newLive(scheduler);
    const push = new PushChannels({ live, clickhouse: store.client, logger, scheduler });
    await push.start();
    live.flushAll();
    const before = live.snapshot('resources');
    expect(
      push.apply(INTERNAL_TOPICS.emergencyByDistrict, '{"kind":"resource","event":{"resource_id":"X"}}'),
    ).toBe(false);
    expect(push.apply(INTERNAL_TOPICS.ticketRows, 'not json')).toBe(false);
    expect(push.refused()).toBe(2);
    push.publishNow();
    live.flushAll();
    expect(live.snapshot('resources').seq).toBe(before.seq);
    await push.stop();
  });
});

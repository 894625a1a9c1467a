import { describe, expect, it } from 'vitest';
import { GaugeModel, MAX_UNREGISTERED_GAUGES } from './gauge-model.ts';

const HOUR = Date.UTC(2026, 8, 13, 18, 0, 0); // 2026-09-14T02:00:00+08:00
const MIN = 60_000;
const gauge = {
  gauge_id: 'WL-1',
  name: '黄浦江 1',
  district: '310101',
  kind: 'river',
  lat: 31.2,
  lon: 121.5,
  warning_level_m: 4.5,
  guarantee_level_m: 5,
};

describe('GaugeModel > readings refuted as sensor faults (issue 18)', () => {
  it('shows the newest reading not refuted, whichever copy comes after', () => {
    const model = new GaugeModel();
    model.setRegistry([gauge]);
    model.reading('WL-1', HOUR, 4.0);
    model.reading('WL-1', HOUR + 12 * MIN, 4.1);
    // From Kafka: a spike, not judged yet; the gauge shows it, above its guarantee level.
    model.reading('WL-1', HOUR + 14 * MIN, 9.9);
    expect(model.view().data['WL-1']).toMatchObject({ level_m: 9.9, status: 'guarantee' });
    // The store's catch-up: the typhoon-risk processor refuted it.
    model.refute('WL-1', HOUR + 14 * MIN);
    const corrected = model.view().data['WL-1'];
    expect(corrected).toMatchObject({ level_m: 4.1, ts: '2026-09-14T02:12:00.000+08:00', status: 'normal' });
    // Each 10-minute bucket's newest reading, then the newest reading itself.
    expect(corrected?.recent).toEqual([
      [HOUR, 4.0],
      [HOUR + 10 * MIN, 4.1],
      [HOUR + 12 * MIN, 4.1],
    ]);
    // A copy of the reading read again from Kafka does not bring it back.
    model.reading('WL-1', HOUR + 14 * MIN, 9.9);
    expect(model.view().data['WL-1']).toMatchObject({ level_m: 4.1 });
  });

  it('drops a refuted reading from its 10-minute bucket of the history, keeping the one before', () => {
    const model = new GaugeModel();
    model.setRegistry([gauge]);
    model.refute('WL-1', HOUR + 8 * MIN); // the store said so before Kafka's copy came
    model.reading('WL-1', HOUR + 3 * MIN, 4.0);
    model.reading('WL-1', HOUR + 8 * MIN, 0.1);
    model.reading('WL-1', HOUR + 25 * MIN, 4.2);
    expect(model.view().data['WL-1']?.recent).toEqual([
      [HOUR, 4.0],
      [HOUR + 20 * MIN, 4.2],
      [HOUR + 25 * MIN, 4.2],
    ]);
    // Every reading of a gauge refuted: the gauge is not shown (as the store's views).
    const only = new GaugeModel();
    only.setRegistry([gauge]);
    only.reading('WL-1', HOUR, 9.9);
    only.refute('WL-1', HOUR);
    expect(only.view().data['WL-1']).toBeUndefined();
  });
});

describe('GaugeModel > gauge ids no registry holds (hostile input)', () => {
  it('keeps readings of at most MAX_UNREGISTERED_GAUGES unknown gauges, counting the rest', () => {
    const model = new GaugeModel();
    model.setRegistry([gauge]);
    for (let i = 0; i < MAX_UNREGISTERED_GAUGES + 50; i++)
      expect(model.reading(`FAKE-${i}`, HOUR, 1)).toBe(false);
    expect(model.dropped()).toBe(50);
    // A registered gauge is never refused for it, nor a gauge registered since (Kafka's record).
    expect(model.reading('WL-1', HOUR, 4.0)).toBe(true);
    model.register('NEW-1', { ...gauge, gauge_id: 'NEW-1' });
    expect(model.reading('NEW-1', HOUR, 3.0)).toBe(true);
    expect(model.dropped()).toBe(50);
    expect(Object.keys(model.view().data).sort()).toEqual(['NEW-1', 'WL-1']);
  });

  it('makes room again when one of the unknown gauges is registered from Kafka, and counts refutations it drops', () => {
    const model = new GaugeModel();
    model.setRegistry([]);
    for (let i = 0; i < MAX_UNREGISTERED_GAUGES; i++) model.reading(`FAKE-${i}`, HOUR, 1);
    model.refute('ONE-TOO-MANY', HOUR);
    expect(model.dropped()).toBe(1);
    model.register('FAKE-0', { ...gauge, gauge_id: 'FAKE-0' }); // one fewer unknown: room for one
    expect(model.reading('LATE-1', HOUR, 2.0)).toBe(false);
    expect(model.reading('LATE-2', HOUR, 2.0)).toBe(false);
    expect(model.dropped()).toBe(2);
  });

  it('forgets unknown gauges at a catch-up that still lacks them, keeping those it now holds', () => {
    const model = new GaugeModel();
    model.setRegistry([]);
    for (let i = 0; i < MAX_UNREGISTERED_GAUGES; i++) model.reading(`FAKE-${i}`, HOUR, 1);
    model.reading('WL-1', HOUR, 4.0);
    expect(model.dropped()).toBe(1);
    model.setRegistry([]); // the store still knows none of them: room again
    expect(model.reading('WL-1', HOUR, 4.0)).toBe(false);
    model.setRegistry([gauge]); // now it knows WL-1: its reading shows
    expect(model.view().data['WL-1']).toMatchObject({ level_m: 4.0 });
    expect(model.dropped()).toBe(1);
  });
});

import type { Alert } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { parseUtilityConfig } from './config.ts';
import type { HourlyDetector } from './detector.ts';
import { UtilityDetector } from './detectors.ts';
import type { MeterTrack } from './meter-track.ts';
import { type MeterClock, OfflineWatcher, type WatchedMeter } from './offline.ts';
import { householdInfo, QUARTER, syntheticReadings, T0 } from './testing.ts';
import { DAY, HOUR } from './time.ts';

const HH = 'HH-00000001';
const STALL = T0 + 14 * DAY + 10 * HOUR;
const END = T0 + 15 * DAY;
const offline = (alerts: Alert[]) => alerts.filter((a) => a.type === 'meter_offline');

/**
 * One household whose source partition stalls at STALL for six hours of event time while the
 * watermark, released by the partition's idleness, runs on; then its readings arrive. With
 * `ownClock`, the detector is told how far the partition got (its newest reading delivered);
 * `silent` also stops the water meter itself for eight hours from STALL.
 */
function stalledPartition(ownClock: boolean, silent = false, stall = true): Alert[] {
  const readings = syntheticReadings({
    household: HH,
    from: T0,
    to: END,
    ...(silent ? { silent: [{ kind: 'water' as const, from: STALL, to: STALL + 8 * HOUR }] } : {}),
  });
  let fed = Number.NEGATIVE_INFINITY;
  const meterClock: MeterClock = () => fed;
  const d = new UtilityDetector(
    {},
    { household: (id) => householdInfo(id), ...(ownClock ? { meterClock } : {}) },
  ) as HourlyDetector<unknown>;
  const alerts: Alert[] = [];
  const deliver = (from: number, to: number) => {
    for (const r of readings) {
      const t = Date.parse(r.ts);
      if (t > from && t <= to) d.onReading(r);
    }
    fed = to;
  };
  deliver(Number.NEGATIVE_INFINITY, stall ? STALL : END);
  for (let t = T0; t <= STALL + 6 * HOUR; t += QUARTER) alerts.push(...d.advance(t).alerts);
  deliver(STALL, END);
  for (let t = STALL + 6 * HOUR + QUARTER; t <= END; t += QUARTER) alerts.push(...d.advance(t).alerts);
  return alerts;
}

describe('meter_offline against the meter’s own feed', () => {
  it('takes a stalled partition’s meters for silent when judged by the watermark alone (the bug)', () => {
    expect(offline(stalledPartition(false)).map((a) => a.subject)).toContain('WM-00000001');
  });

  it('raises nothing for meters whose partition stalled while the watermark ran on', () => {
    expect(offline(stalledPartition(true))).toEqual([]);
  });

  it('still raises meter_offline for a meter silent while its own feed moves on', () => {
    const alerts = offline(stalledPartition(true, true));
    expect(alerts.map((a) => [a.subject, a.status])).toEqual([
      ['WM-00000001', 'open'],
      ['WM-00000001', 'resolved'],
    ]);
    expect(alerts[0]?.evidence.silent_minutes).toBeGreaterThanOrEqual(120);
  });

  it('stamps a held-up partition’s silent meter as an uninterrupted run does, by its own feed', () => {
    const held = offline(stalledPartition(true, true));
    const uninterrupted = offline(stalledPartition(true, true, false));
    expect(uninterrupted.map((a) => a.status)).toEqual(['open', 'resolved']);
    // Before: detected at the first step after the backlog arrived (the watermark's), 4 h 15 min late.
    expect(held.map((a) => [a.status, a.detected_at, a.evidence])).toEqual(
      uninterrupted.map((a) => [a.status, a.detected_at, a.evidence]),
    );
  });
});

/**
 * One household whose water meter stores and forwards: its readings of (BATCH, BATCH + 5 h] come
 * at BATCH + 5 h + 1 min, all at once. Readings go in in arrival order, the meter's own clock
 * being the newest delivered reading − 30 min (a source partition's progress). `replay`: the
 * whole feed is read before the watermark moves (a replay or a backlog: the partition hours ahead
 * of the watermark); otherwise each step's readings arrive before its watermark (a live run).
 * `jumpAt`: one reading of another meter on the partition, stamped 10 h in the future, arrives
 * then and throws the partition's clock ahead.
 */
const BATCH = T0 + 14 * DAY + 9 * HOUR;
/** `batched`: the meters that store and forward (several: a concentrator's, back after an outage). */
function storeAndForward(replay: boolean, jumpAt?: number, batched = ['WM-00000001']): Alert[] {
  const arrival = (r: { meter_id: string; ts: string }) => {
    const t = Date.parse(r.ts);
    return batched.includes(r.meter_id) && t > BATCH && t <= BATCH + 5 * HOUR ? BATCH + 5 * HOUR + MIN : t;
  };
  // A jump is judged on a partition of three households, as it holds all their meters' clocks;
  // a concentrator's batches on one of five, the others reporting as usual.
  const households =
    jumpAt !== undefined
      ? [HH, 'HH-00000002', 'HH-00000003']
      : batched.length > 1
        ? [HH, 'HH-00000002', 'HH-00000003', 'HH-00000004', 'HH-00000005']
        : [HH];
  const readings = households
    .flatMap((household) => syntheticReadings({ household, from: T0, to: END }))
    .map((r) => ({ r, at: arrival(r) }))
    .sort((a, b) => a.at - b.at);
  let newest = Number.NEGATIVE_INFINITY;
  const d = new UtilityDetector(
    {},
    { household: (id) => householdInfo(id), meterClock: () => newest - 30 * MIN },
  ) as HourlyDetector<unknown>;
  let i = 0;
  const deliver = (upTo: number) => {
    for (; i < readings.length && (readings[i]?.at ?? 0) <= upTo; i++) {
      const { r, at } = readings[i] as { r: (typeof readings)[number]['r']; at: number };
      if (jumpAt !== undefined && at >= jumpAt) newest = Math.max(newest, jumpAt + 10 * HOUR);
      newest = Math.max(newest, Date.parse(r.ts));
      d.onReading(r);
    }
  };
  const alerts: Alert[] = [];
  if (replay) deliver(END);
  for (let t = T0; t <= END; t += QUARTER) {
    deliver(t);
    alerts.push(...d.advance(t - QUARTER).alerts);
  }
  return offline(alerts);
}
const MIN = 60_000;

describe('meter_offline > a store-and-forward batch', () => {
  it('is found in a live run, silent from the reading before the batch', () => {
    const alerts = storeAndForward(false);
    expect(alerts.map((a) => [a.subject, a.status])).toEqual([
      ['WM-00000001', 'open'],
      ['WM-00000001', 'resolved'],
    ]);
    expect(Date.parse(alerts[0]?.since ?? '')).toBe(BATCH);
    expect(Date.parse(alerts[0]?.detected_at ?? '')).toBe(BATCH + 2 * HOUR);
  });

  it('is found alike when the batch was read before the watermark reached its silence', () => {
    // Before: nothing (the batch's readings filled the silence before it was judged; every
    // meter_offline missed through Kafka on development data was such a batch).
    const live = storeAndForward(false);
    const replay = storeAndForward(true);
    expect(replay.map((a) => [a.subject, a.status])).toEqual([
      ['WM-00000001', 'open'],
      ['WM-00000001', 'resolved'],
    ]);
    expect(replay[0]).toEqual(live[0]);
    // It ends once the batch and the readings after it are in, within an hour of the live run's end.
    const end = (a: Alert[]) => Date.parse(a[1]?.detected_at ?? '');
    expect(Math.abs(end(replay) - end(live))).toBeLessThanOrEqual(HOUR);
  });

  it('is not taken from a partition clock thrown ahead by one reading stamped in the future', () => {
    // Every meter of the partition reports once under the jumped clock: all look like batches.
    for (const replay of [false, true]) {
      const alerts = storeAndForward(replay, BATCH - 6 * HOUR);
      expect(alerts.filter((a) => a.subject !== 'WM-00000001')).toEqual([]);
    }
  });
});

/** A watched meter whose newest consumed reading is at `anchorTs` (all a check reads of its track). */
const watched = (id: string, anchorTs: number, grid = 'G-1'): WatchedMeter => ({
  id,
  householdId: `HH-${id}`,
  kind: 'water',
  place: { district: '310101', grid, gridWorker: undefined },
  track: { anchorTs } as MeterTrack,
});

describe('meter_offline > a check’s cost', () => {
  it('asks no clock for a meter heard from lately, and judges the others as before', () => {
    const config = parseUtilityConfig({});
    const asked: string[] = [];
    const watcher = new OfflineWatcher(config, (id) => {
      asked.push(id);
      return T0 + DAY;
    });
    const at = T0 + DAY;
    const recent = Array.from({ length: 20 }, (_, i) => watched(`WM-${i}`, at - QUARTER, `G-${i % 4}`));
    const silent = watched('WM-silent', at - config.offlineAfterMs, 'G-9');
    const meters = [...recent, silent];
    for (const m of meters) watcher.add(m);
    const out: Alert[] = [];
    watcher.check(meters, at, out);
    expect(asked).toEqual(['WM-silent']);
    expect(out.map((a) => [a.type, a.subject, a.status])).toEqual([['meter_offline', 'WM-silent', 'open']]);
    // An open alert's meter is asked again (its return is judged by its own feed).
    asked.length = 0;
    silent.track.anchorTs = at + QUARTER;
    watcher.check(meters, at + QUARTER, out);
    expect(asked).toEqual(['WM-silent']);
  });

  it('keeps one grid outage open while its meters stay silent, and ends it once they are back', () => {
    const config = parseUtilityConfig({});
    const watcher = new OfflineWatcher(config);
    const at = T0 + DAY;
    const meters = Array.from({ length: 8 }, (_, i) => watched(`WM-${i}`, at - config.offlineAfterMs, 'G-7'));
    for (const m of meters) watcher.add(m);
    const out: Alert[] = [];
    watcher.check(meters, at, out);
    expect(out.map((a) => [a.subject, a.evidence.scope, a.status])).toEqual([['G-7', 'grid', 'open']]);
    watcher.check(meters, at + QUARTER, out);
    expect(out).toHaveLength(1);
    let t = at + QUARTER;
    for (const m of meters) m.track.anchorTs = t;
    while (out.length === 1 && t < at + DAY) {
      t += QUARTER;
      for (const m of meters) m.track.anchorTs = t;
      watcher.check(meters, t, out);
    }
    expect(out.map((a) => [a.subject, a.status])).toEqual([
      ['G-7', 'open'],
      ['G-7', 'resolved'],
    ]);
  });
});

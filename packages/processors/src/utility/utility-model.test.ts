import { type Alert, type HouseholdReading, isoCstSeconds } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import type { HouseholdInfo } from '../registry/registry-state.ts';
import { UtilityModel, type UtilityOutput } from './utility-model.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** 2026-09-14T00:00+08:00. */
const START = Date.UTC(2026, 8, 13, 16);

const info = (id: string): HouseholdInfo => ({
  household_id: id,
  district: '310101',
  street: '310101002',
  community: '310101002001',
  grid: 'G-310101-0021',
  lives_alone: false,
  vulnerable: [],
});

function model(clock: { now: number }) {
  return new UtilityModel({
    config: {},
    household: info,
    restart: {
      history: new Map(),
      snapshots: new Map(),
      fromHour: Number.NEGATIVE_INFINITY,
      unreadSnapshots: [],
      taken: new Map(),
      householdAlerts: new Map(),
      offlineAlerts: [],
    },
    sources: ['meter/0', 'meter/1'],
    sourceIdleMs: 1_000,
    now: () => clock.now,
  });
}

/** Water readings of one household every 15 min in [from, to), from one source partition. */
function feed(m: UtilityModel, household: string, partition: number, from: number, to: number): void {
  for (let t = from; t < to; t += 15 * MIN) {
    const h: HouseholdReading = {
      source_partition: partition,
      reading: {
        meter_id: `WM-${household.slice(3)}`,
        household_id: household,
        kind: 'water',
        ts: isoCstSeconds(t),
        reading: 100 + (t - START) / HOUR / 100,
        unit: 'm3',
      },
    };
    m.onEvent(h, t);
  }
}

const offline = (out: readonly UtilityOutput[]): Alert[] =>
  out.flatMap((o) => (o.kind === 'alert' && o.alert.type === 'meter_offline' ? [o.alert] : []));

describe('UtilityModel: meter_offline against the meter’s own source partition', () => {
  it('calls no meter of a partition released as idle offline while it is behind', () => {
    const clock = { now: 0 };
    const m = model(clock);
    feed(m, 'HH-00000001', 0, START, START + 2 * HOUR);
    feed(m, 'HH-00000002', 1, START, START + 2 * HOUR);
    clock.now = 5_000; // partition 0 is idle: released, partition 1 runs eight hours ahead
    feed(m, 'HH-00000002', 1, START + 2 * HOUR, START + 10 * HOUR);
    const out = m.advance(Number.POSITIVE_INFINITY);
    // Issue 20: the watermark went on without partition 0 (hours of household 2 closed)…
    expect(out.some((o) => o.kind === 'hour' && o.row.household_id === 'HH-00000002')).toBe(true);
    // …but household 1's meter is not silent: its partition has not got there.
    expect(offline(out)).toEqual([]);
  });

  it('judges a partition silent for as long as a meter needs to be offline at the watermark again', () => {
    const clock = { now: 0 };
    const m = model(clock);
    feed(m, 'HH-00000001', 0, START, START + 2 * HOUR);
    feed(m, 'HH-00000002', 1, START, START + 2 * HOUR);
    clock.now = 5_000;
    feed(m, 'HH-00000002', 1, START + 2 * HOUR, START + 10 * HOUR);
    expect(offline(m.advance(Number.POSITIVE_INFINITY))).toEqual([]);
    // Two hours of processing time without a word from partition 0: its meters are down.
    clock.now = 5_000 + 2 * HOUR;
    feed(m, 'HH-00000002', 1, START + 10 * HOUR, START + 11 * HOUR);
    const alerts = offline(m.advance(Number.POSITIVE_INFINITY));
    expect(alerts.map((a) => [a.subject, a.status])).toEqual([['WM-00000001', 'open']]);
    expect(alerts[0]?.evidence.last_reading_at).toBe(isoCstSeconds(START + 105 * MIN));
  });
});

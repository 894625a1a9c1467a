import type { Evacuation, Shelter } from '@onegrid/contracts';
import { isoCst } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { compareEvacuation } from './compare.ts';
import { combineTotals, EvacuationLedger } from './evacuation-ledger.ts';
import { evacuationFeed } from './feed.ts';

const T0 = Date.UTC(2026, 8, 14, 0, 0, 0);
const shelters: Shelter[] = [
  {
    shelter_id: 'SH-310101-01',
    name: '一号避难点',
    district: '310101',
    lat: 31.23,
    lon: 121.47,
    capacity: 100,
  },
  {
    shelter_id: 'SH-310101-02',
    name: '二号避难点',
    district: '310101',
    lat: 31.24,
    lon: 121.48,
    capacity: 50,
  },
  {
    shelter_id: 'SH-310104-01',
    name: '三号避难点',
    district: '310104',
    lat: 31.18,
    lon: 121.43,
    capacity: 200,
  },
];

let seq = 0;
function ev(
  action: Evacuation['action'],
  people: number,
  minutes: number,
  over: Partial<Evacuation> = {},
): Evacuation {
  seq++;
  return {
    event_id: `EV-${seq}`,
    ts: isoCst(T0 + minutes * 60_000),
    shelter_id: 'SH-310101-01',
    district: '310101',
    action,
    people,
    ...over,
  };
}

const operation = [
  ev('transferred', 40, 0),
  ev('check_in', 38, 30),
  ev('transferred', 25, 10, { district: '310104', shelter_id: 'SH-310104-01' }),
  ev('check_in', 25, 50, { district: '310104', shelter_id: 'SH-310104-01' }),
  ev('check_in', 3, 60, { shelter_id: 'SH-310101-02' }),
  ev('check_out', 20, 600),
];

describe('emergency > EvacuationLedger', () => {
  it('sums transfers by origin district and people per shelter', () => {
    const ledger = new EvacuationLedger(shelters);
    for (const e of operation) expect(ledger.apply(e)).toBe('accepted');
    const t = ledger.totals();
    expect(t).toMatchObject({ transferred: 65, checked_in: 66, checked_out: 20 });
    expect(t.by_district['310104']).toEqual({ transferred: 25, checked_in: 25, checked_out: 0 });
    expect(t.occupancy).toEqual({ 'SH-310101-01': 18, 'SH-310104-01': 25, 'SH-310101-02': 3 });
  });

  it('counts an event id once, and keeps the first content when a copy differs', () => {
    const ledger = new EvacuationLedger(shelters);
    for (const e of operation) ledger.apply(e);
    const before = ledger.totals();
    expect(ledger.apply(operation[1] as Evacuation)).toBe('duplicate');
    expect(ledger.apply({ ...(operation[1] as Evacuation), people: 99 })).toBe('conflict');
    expect(ledger.totals()).toEqual(before);
    expect(ledger.anomalies().conflicts).toBe(1);
  });

  it('refuses a shelter the registry does not know, until the registry names it', () => {
    const ledger = new EvacuationLedger(shelters);
    const stray = ev('check_in', 5, 0, { shelter_id: 'SH-310199-07' });
    expect(ledger.apply(stray)).toBe('unknown_id');
    ledger.upsertShelter({ ...(shelters[0] as Shelter), shelter_id: 'SH-310199-07' });
    expect(ledger.apply(stray)).toBe('accepted');
  });

  it('clamps a check-out at zero and counts it, by event time whatever the arrival order', () => {
    const moves = [ev('check_in', 10, 0), ev('check_out', 15, 60), ev('check_in', 8, 120)];
    const inOrder = new EvacuationLedger(shelters);
    for (const e of moves) inOrder.apply(e);
    const reversed = new EvacuationLedger(shelters);
    for (const e of [...moves].reverse()) reversed.apply(e);
    for (const ledger of [inOrder, reversed]) {
      expect(ledger.occupancy('SH-310101-01')).toBe(8); // 10 → 0 (clamped, 5 missing) → 8
      expect(ledger.anomalies()).toMatchObject({ clampedCheckOuts: 1, clampedPeople: 5 });
      expect(ledger.totals()).toMatchObject({ checked_in: 18, checked_out: 15 });
    }
  });

  it('feeds totals, districts and shelters with capacity and free places', () => {
    const ledger = new EvacuationLedger(shelters);
    for (const e of operation) ledger.apply(e);
    ledger.apply(ev('check_in', 60, 700, { shelter_id: 'SH-310101-02' })); // 63 in a shelter for 50
    const feed = evacuationFeed(ledger);
    expect(feed.total).toEqual({
      transferred: 65,
      in_shelters: 18 + 63 + 25,
      capacity: 350,
      free: 82 + 0 + 175,
    });
    expect(feed['310101']).toEqual({ transferred: 40, in_shelters: 81, capacity: 150, free: 82 });
    expect(feed['shelter:SH-310101-02']).toMatchObject({ name: '二号避难点', capacity: 50, occupancy: 63 });
  });

  it('gives the same feed and totals from per-partition ledgers as from one', () => {
    const one = new EvacuationLedger(shelters);
    const parts = [new EvacuationLedger(shelters), new EvacuationLedger(shelters)];
    for (const e of operation) {
      one.apply(e);
      (parts[e.shelter_id === 'SH-310101-01' ? 0 : 1] as EvacuationLedger).apply(e); // keyed by shelter
    }
    expect(evacuationFeed(parts)).toEqual(evacuationFeed(one));
    expect(combineTotals(parts.map((l) => l.totals()))).toEqual(one.totals());
  });

  it('reports no difference from a truth entry it matches, and each one it does not', () => {
    const ledger = new EvacuationLedger(shelters);
    for (const e of operation) ledger.apply(e);
    const truth = { type: 'evacuation' as const, ...ledger.totals() };
    expect(compareEvacuation(ledger.totals(), truth)).toEqual([]);
    const off = {
      ...truth,
      checked_out: 21,
      occupancy: { ...truth.occupancy, 'SH-310101-01': 17 },
    };
    expect(compareEvacuation(ledger.totals(), off)).toEqual([
      { path: 'evacuation.checked_out', expected: 21, actual: 20 },
      { path: 'evacuation.occupancy.SH-310101-01', expected: 17, actual: 18 },
    ]);
  });

  it('tracks the oldest event time and position it depends on', () => {
    const ledger = new EvacuationLedger(shelters);
    ledger.apply(operation[1] as Evacuation, 7);
    ledger.apply(operation[0] as Evacuation, 9);
    expect(ledger.oldestNeededTime()).toBe(T0);
    expect(ledger.oldestNeededPosition()).toBe(7);
  });
});

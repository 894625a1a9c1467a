// The matrix summary's merge of several runs (pure: no broker or store is touched).
import type { Alert } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { eventsByPopulation, merge, type RunDump } from './merge-runs.ts';

const START = '2026-11-02T00:00:00+08:00';
const END = '2026-11-09T00:00:00+08:00';

function tap(
  seed: number,
  household: string,
  population: string,
  alerted: boolean,
  tapFrom = '2026-11-03T10:00:00+08:00',
): RunDump {
  const alerts: Alert[] = alerted
    ? [
        {
          alert_id: `water_running:${household}:1`,
          type: 'water_running',
          severity: 'warning',
          status: 'open',
          subject: household,
          district: 'D1',
          since: '2026-11-03T10:00:00+08:00',
          detected_at: '2026-11-03T11:15:00+08:00',
          evidence: { household_id: household },
        },
      ]
    : [];
  return {
    seed,
    outOfScopeIncidents: 0,
    shares: [[household, 1]],
    alerts: { onegrid: alerts },
    truth: [
      { type: 'scenario', households: 2, start: START, end: END },
      { type: 'population', household_id: household, population },
      { type: 'population', household_id: 'HH-2', population: 'family' },
      {
        type: 'household',
        kind: 'water_running',
        household_id: household,
        grid: 'G1',
        lives_alone: true,
        from: tapFrom,
        to: tapFrom.replace('T10', 'T14'),
      },
    ],
  };
}

describe('scoring > merge-runs', () => {
  it('keeps two seeds’ households apart and sums them', () => {
    // Seed 1004's HH-1 has its tap two days later and an alert at seed 1003's tap time: another
    // household's, so a false alarm there, not a repeat of 1003's find.
    const merged = merge([
      tap(1003, 'HH-1', 'traveller', true),
      tap(1004, 'HH-1', 'traveller', true, '2026-11-05T10:00:00+08:00'),
    ]);
    const all = eventsByPopulation('onegrid', merged.alerts.onegrid ?? [], merged.truth).find(
      (r) => r.population === 'all' && r.type === 'water_running',
    );
    expect(all).toMatchObject({ planted: 2, detected: 1, falseAlarms: 1 });
    expect(merged.truth[0]).toMatchObject({ type: 'scenario', households: 4 });
    expect([...merged.shares.keys()]).toEqual(['1003:HH-1', '1004:HH-1']);
  });

  it('scores each population on its own households only', () => {
    const merged = merge([tap(1003, 'HH-1', 'traveller', true)]);
    const rows = eventsByPopulation('onegrid', merged.alerts.onegrid ?? [], merged.truth, 'water_running');
    expect(rows.map((r) => [r.population, r.planted, r.detected])).toEqual([
      ['all', 1, 1],
      ['family', 0, 0],
      ['traveller', 1, 1],
    ]);
    expect(rows.every((r) => r.type === 'water_running' && r.detector === 'onegrid')).toBe(true);
  });

  it('refuses runs of different windows', () => {
    const other = tap(1004, 'HH-1', 'traveller', false);
    other.truth[0] = { type: 'scenario', households: 2, start: START, end: '2026-11-10T00:00:00+08:00' };
    expect(() => merge([tap(1003, 'HH-1', 'traveller', true), other])).toThrow(/window/);
  });
});

// The matrix summary's merge of several runs (pure: no broker or store is touched).
import type { Alert } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { eventsByPopulation, formatEvents, merge, type RunDump, roleOf } from './merge-runs.ts';

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

  it('prints every figure of item 5 for the event alerts, the model share for onegrid only', () => {
    const merged = merge([tap(1003, 'HH-1', 'traveller', true)]);
    // A second alert id on the same tap: two alerts for one incident.
    const again = { ...(merged.alerts.onegrid?.[0] as Alert), alert_id: 'water_running:1003:HH-1:2' };
    const alerts = [...(merged.alerts.onegrid ?? []), { ...again, detected_at: '2026-11-03T12:15:00+08:00' }];
    const onegrid = eventsByPopulation('onegrid', alerts, merged.truth, 'water_running', merged.shares);
    const baseline = eventsByPopulation('continuous_3h', alerts, merged.truth, 'water_running');
    const lines = formatEvents([...onegrid, ...baseline]);
    expect(lines[0]).toContain('| p90 delay | alerts per incident (mean / max) | on learnt model |');
    const row = (detector: string, population: string) =>
      lines.find((l) => l.startsWith(`| water_running | ${population} | ${detector} |`))?.split(' | ');
    // found / planted, recall, precision, false alarms, per household per month, median, p90, per incident, model.
    expect(row('onegrid', 'traveller')?.slice(3)).toEqual([
      '1 / 1',
      '100.0 %',
      '100.0 %',
      '0',
      '0.0000',
      '1.3 h',
      '1.3 h',
      '2.00 / 2',
      '100.0 % |',
    ]);
    expect(row('continuous_3h', 'traveller')?.at(-1)).toBe('– |');
    expect(row('onegrid', 'family')?.at(-1)).toBe('– |');
  });

  it('names which seeds chose the parameters and which are held out', () => {
    expect(roleOf('simulator', [12, 14])).toMatch(/^tuning/);
    expect(roleOf('enduse', [21, 31])).toMatch(/^development .*21, 31$/);
    expect(roleOf('enduse', [32, 33])).toMatch(/^HELD OUT .*32, 33$/);
    expect(roleOf('households', [1012, 1013])).toMatch(/^MIXED: held out 1013, development 1012/);
  });
});

import type { Alert } from '@onegrid/contracts';
import { isoCstSeconds } from '@onegrid/contracts';
import { collectTruth, createGeneration } from '@onegrid/households';
import { describe, expect, it } from 'vitest';
import { scoreEvents, scoreInactivity } from './scoring.ts';
import { readTruth } from './truth.ts';

// packages/households' truth must feed the project's scoring unchanged: read as JSON lines, as a script would.
const sink = collectTruth();
const g = createGeneration(
  { seed: 13, households: 300, days: 3, plant: { incident: 600, waterRunning: 300, meterSilent: 300 } },
  sink,
);
for (const _ of g.records());
const lines = sink.entries.map((e) => JSON.parse(JSON.stringify(e)) as unknown);
const truth = readTruth(lines);

const alert = (type: Alert['type'], subject: string, at: number): Alert => ({
  alert_id: `${type}-${subject}`,
  type,
  severity: 'critical',
  status: 'open',
  subject,
  district: '310101',
  since: isoCstSeconds(at),
  detected_at: isoCstSeconds(at),
  evidence: {},
});

describe('truth > read by analytics readTruth and scored', () => {
  it('parses every scenario, household and device line, ignoring the extra ones', () => {
    expect(truth.scenario).toMatchObject({ households: 300, start: g.start, end: g.end });
    const kinds = new Set(truth.households.map((h) => h.kind));
    expect([...kinds].sort()).toEqual(['incident', 'low_usage', 'travel', 'water_running']);
    expect(truth.devices.length).toBeGreaterThan(5);
    const populations = sink.entries.filter((e) => e.type === 'population');
    expect(populations).toHaveLength(300);
  });

  it('scores an alert an hour after each onset as every incident found, one hour late', () => {
    const incidents = truth.households.filter((h) => h.kind === 'incident');
    expect(incidents.length).toBeGreaterThan(5);
    const alerts = incidents.map((i) => alert('utility_inactivity', i.household_id, i.from + 3_600_000));
    const score = scoreInactivity(alerts, lines);
    expect(score).toMatchObject({ planted: incidents.length, detected: incidents.length, falseAlarms: 0 });
    expect(score.medianDelayH).toBeCloseTo(1);
    expect(scoreInactivity([], lines)).toMatchObject({ planted: incidents.length, detected: 0 });
  });

  it('scores running taps and silent meters against their planted windows', () => {
    const taps = truth.households.filter((h) => h.kind === 'water_running');
    const tapAlerts = taps.map((t) => alert('water_running', t.household_id, t.from + 1_800_000));
    expect(scoreEvents(tapAlerts, lines, 'water_running')).toMatchObject({
      planted: taps.length,
      detected: taps.length,
      falseAlarms: 0,
    });
    const offline = scoreEvents([], lines, 'meter_offline');
    expect(offline.planted).toBeGreaterThan(0);
  });
});

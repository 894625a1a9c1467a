import { describe, expect, it } from 'vitest';
import { openAlert, type Place } from './alerts.ts';

const place: Place = { district: '310101', grid: 'G-310101-0021', gridWorker: 'GW-0042' };
const at = Date.UTC(2026, 8, 13, 18, 0, 0); // 2026-09-14T02:00:00+08:00

const idOf = (
  type: 'utility_inactivity' | 'water_running' | 'meter_offline',
  subject: string,
  since: number,
) =>
  openAlert({ type, severity: 'warning', subject, place, since, detectedAt: since + 3_600_000, evidence: {} })
    .alert_id;

describe('utility alerts > alert ids', () => {
  // Ids written by the utility detector before it used @onegrid/contracts' alertId: stored in
  // `alerts` and deduplicated on by the gateway, so they must not change.
  it.each([
    ['utility_inactivity', 'HH-00012345', at, 'utility_inactivity:HH-00012345:2026-09-14T02:00:00+08:00'],
    [
      'water_running',
      'HH-00000007',
      at + 7 * 60_000 + 250,
      'water_running:HH-00000007:2026-09-14T02:07:00.250+08:00',
    ],
    ['meter_offline', 'WM-00012345', at + 5, 'meter_offline:WM-00012345:2026-09-14T02:00:00.005+08:00'],
    [
      'meter_offline',
      'EM-00000001',
      Date.UTC(2026, 11, 31, 16),
      'meter_offline:EM-00000001:2027-01-01T00:00:00+08:00',
    ],
  ] as const)('%s of %s keeps its id', (type, subject, since, id) => {
    expect(idOf(type, subject, since)).toBe(id);
  });

  it('a condition that begins again later is a new alert', () => {
    expect(idOf('water_running', 'HH-1', at)).not.toBe(idOf('water_running', 'HH-1', at + 1));
  });
});

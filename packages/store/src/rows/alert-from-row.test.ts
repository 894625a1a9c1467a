import { describe, expect, it } from 'vitest';
import { alertFromRow, alertRow } from './outputs.ts';

const stored = {
  alert_id: 'ticket_overdue:T-1:1789239701123',
  type: 'ticket_overdue',
  severity: 'warning',
  status: 'open',
  subject: 'T-1',
  district: '310101',
  grid: '',
  since: '2026-09-14 08:15:00.123',
  detected_at: '2026-09-14 08:20:00.000',
  evidence: '{"limit_s":7200}',
};

describe('alertFromRow', () => {
  it('reads a stored row back as the contract message, milliseconds kept', () => {
    const alert = alertFromRow(stored);
    expect(alert.since).toBe('2026-09-14T08:15:00.123+08:00');
    expect(alert.grid).toBeUndefined();
    expect(alert.evidence).toEqual({ limit_s: 7200 });
    expect(alertRow(alert).evidence).toBe(stored.evidence);
  });

  it('refuses a row that is not an alert', () => {
    expect(() => alertFromRow({ ...stored, type: 'no_such_type' })).toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { alertId, alertSchema } from './alerts.ts';
import { exampleWith, reasonFor } from './fixtures/messages.ts';
import { decode } from './parse.ts';
import { TOPICS } from './topics.ts';

const alert = (changes: Record<string, unknown>) => exampleWith(TOPICS.alerts, changes);

describe('alerts > alertSchema', () => {
  it('accepts a resolved alert with a wall-clock raised_at and no grid', () => {
    const text = alert({ status: 'resolved', raised_at: '2026-09-14T03:00:05Z', grid: undefined });
    expect(decode(alertSchema, text).ok).toBe(true);
  });

  it('rejects an unknown type', () => {
    expect(reasonFor(alertSchema, alert({ type: 'earthquake' }))).toMatch(
      /^type: expected one of .*, got "earthquake"$/,
    );
  });

  it('rejects an unknown severity', () => {
    expect(reasonFor(alertSchema, alert({ severity: 'high' }))).toBe(
      'severity: expected one of "info" | "warning" | "critical", got "high"',
    );
  });

  it('rejects a detected_at without an offset', () => {
    expect(reasonFor(alertSchema, alert({ detected_at: '2026-09-14T11:00:00' }))).toBe(
      'detected_at: expected ISO-8601 time with offset, got "2026-09-14T11:00:00"',
    );
  });

  it('rejects evidence that is not an object', () => {
    expect(reasonFor(alertSchema, alert({ evidence: [] }))).toBe('evidence: expected object, got []');
  });

  it('rejects evidence nested deeper than a reader can walk, at 12 KB', () => {
    // 6,000 levels of [[…]]: small enough for every size limit, deep enough to overflow the stack
    // of a recursive JSON.stringify (the screens' feed flushes alerts with one). Built as text.
    const withEvidence = (json: string) => alert({ evidence: 'EVIDENCE' }).replace('"EVIDENCE"', json);
    const deep = withEvidence(`{"x":${'['.repeat(6000)}${']'.repeat(6000)}}`);
    expect(deep.length).toBeLessThan(13_000);
    expect(reasonFor(alertSchema, deep)).toMatch(/evidence.*nested deeper than 8 levels/);
    expect(decode(alertSchema, withEvidence(`{"x":${'['.repeat(7)}1${']'.repeat(7)}}`)).ok).toBe(true);
  });
});

describe('alerts > alertId', () => {
  // The forms stored today; a change would give replayed alerts new ids.
  it('writes a typhoon gauge crossing as type:subject:qualifier:since', () => {
    const id = alertId({
      type: 'water_level',
      subject: 'WL-HP-01',
      qualifier: 'warning',
      since: '2026-09-14T08:15:00+08:00',
    });
    expect(id).toBe('water_level:WL-HP-01:warning:2026-09-14T08:15:00+08:00');
  });

  it('writes an overdue ticket with epoch-ms since, as the tickets detector always has', () => {
    expect(alertId({ type: 'ticket_overdue', subject: 'GD-20260914-0001/水务', since: 1789344900000 })).toBe(
      'ticket_overdue:GD-20260914-0001/水务:1789344900000',
    );
  });

  it('writes a utility alert as type:subject:since', () => {
    expect(
      alertId({ type: 'utility_inactivity', subject: 'HH-00012345', since: '2026-09-14T02:00:00+08:00' }),
    ).toBe('utility_inactivity:HH-00012345:2026-09-14T02:00:00+08:00');
  });

  it('gives a new id when the same condition begins again later', () => {
    const first = alertId({ type: 'meter_offline', subject: 'WM-1', since: '2026-09-14T02:00:00+08:00' });
    const again = alertId({ type: 'meter_offline', subject: 'WM-1', since: '2026-09-14T05:00:00+08:00' });
    expect(first).not.toBe(again);
  });
});

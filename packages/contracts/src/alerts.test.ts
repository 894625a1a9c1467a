import { describe, expect, it } from 'vitest';
import { alertSchema } from './alerts.ts';
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
});

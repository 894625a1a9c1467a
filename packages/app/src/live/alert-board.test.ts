import type { Alert } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { AlertBoard } from './alert-board.ts';

const alert = (id: string, status: 'open' | 'resolved', detectedAt: string): Alert => ({
  alert_id: id,
  type: 'water_level',
  severity: 'warning',
  status,
  subject: 'WL-HPJ-001',
  district: '310101',
  since: '2026-09-14T08:00:00+08:00',
  detected_at: detectedAt,
  evidence: {},
});

describe('AlertBoard', () => {
  it('shows an open alert, then its resolution', () => {
    const board = new AlertBoard();
    expect(Object.keys(board.apply(alert('a', 'open', '2026-09-14T08:05:00+08:00')).upserts)).toEqual(['a']);
    const resolved = board.apply(alert('a', 'resolved', '2026-09-14T09:00:00+08:00'));
    expect(resolved.upserts.a?.status).toBe('resolved');
  });

  it('ignores a repeated open and an open that comes after its resolution', () => {
    const board = new AlertBoard();
    board.apply(alert('a', 'open', '2026-09-14T08:05:00+08:00'));
    expect(board.apply(alert('a', 'open', '2026-09-14T08:05:00+08:00')).upserts).toEqual({});
    board.apply(alert('a', 'resolved', '2026-09-14T09:00:00+08:00'));
    expect(board.apply(alert('a', 'open', '2026-09-14T08:05:00+08:00')).upserts).toEqual({});
  });

  it('removes resolved alerts an hour of event time after they ended', () => {
    const board = new AlertBoard();
    board.apply(alert('a', 'open', '2026-09-14T08:05:00+08:00'));
    board.apply(alert('a', 'resolved', '2026-09-14T09:00:00+08:00'));
    expect(board.apply(alert('b', 'open', '2026-09-14T09:30:00+08:00')).removes).toEqual([]);
    expect(board.apply(alert('c', 'open', '2026-09-14T10:01:00+08:00')).removes).toEqual(['a']);
    expect(board.size()).toBe(2);
  });
});

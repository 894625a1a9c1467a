import { describe, expect, it } from 'vitest';
import type { AlertValue } from '../feed/channels.ts';
import { alertDetail, latestOpen } from './alert-detail.ts';

function alert(over: Partial<AlertValue>): AlertValue {
  return {
    alert_id: 'A1',
    type: 'utility_inactivity',
    severity: 'critical',
    status: 'open',
    subject: 'HH-00012345',
    district: '310101',
    grid: 'G-310101-0021',
    since: '2026-09-14T02:00:00+08:00',
    detected_at: '2026-09-14T11:00:00+08:00',
    evidence: {},
    ...over,
  };
}

describe('alert-detail > alertDetail', () => {
  it('names grid and grid worker of an inactivity alert, never the household or a person', () => {
    const a = alert({
      evidence: {
        grid_worker: 'GW-0042',
        name: '张三',
        phone: '+8613800000000',
        contacts: [{ phone: '+86138' }],
      },
    });
    const text = alertDetail(a, new Map());
    expect(text).toBe('网格 G-310101-0021 · 网格员 GW-0042');
    expect(text).not.toContain('HH-');
    expect(text).not.toContain('张三');
    expect(text).not.toContain('138');
  });

  it('drops a grid worker field that is not a worker id', () => {
    expect(alertDetail(alert({ evidence: { grid_worker: '王五 13800000000' } }), new Map())).toBe(
      '网格 G-310101-0021',
    );
  });

  it('names the gauge of a water-level alert from the gauges channel', () => {
    const a = alert({
      type: 'water_level',
      subject: 'WL-HPJ-001',
      grid: undefined,
      evidence: { level_m: 4.91 },
    });
    expect(alertDetail(a, new Map([['WL-HPJ-001', '黄浦公园']]))).toBe('黄浦公园 4.91m');
  });

  it('says which level a district entered', () => {
    expect(
      alertDetail(
        alert({ type: 'typhoon_risk', subject: '310101', evidence: { level: 'orange' } }),
        new Map(),
      ),
    ).toBe('升至橙色预警');
  });

  it('names the ticket and department of an overdue ticket', () => {
    const a = alert({
      type: 'ticket_overdue',
      subject: 'T-20260914-000123',
      evidence: { department: 'DEPT-DRAINAGE' },
    });
    expect(alertDetail(a, new Map())).toBe('工单 T-20260914-000123 · 排水');
  });
});

describe('alert-detail > latestOpen', () => {
  it('keeps the newest open alerts, up to n', () => {
    const list = [
      alert({ alert_id: 'old', detected_at: '2026-09-14T09:00:00+08:00' }),
      alert({ alert_id: 'new', detected_at: '2026-09-14T10:00:00+08:00' }),
      alert({ alert_id: 'done', status: 'resolved', detected_at: '2026-09-14T11:00:00+08:00' }),
      alert({ alert_id: 'mid', detected_at: '2026-09-14T09:30:00+08:00' }),
    ];
    expect(latestOpen(list, 2).map((a) => a.alert_id)).toEqual(['new', 'mid']);
  });
});

describe('alert-detail > gauge_fault', () => {
  it('names the device and its fault, for maintenance', () => {
    const a = alert({ type: 'gauge_fault', subject: 'WL-HPJ-001', evidence: { fault: 'stuck' } });
    expect(alertDetail(a, new Map([['WL-HPJ-001', '黄浦公园']]))).toBe('黄浦公园 · 读数不变');
    expect(alertDetail({ ...a, subject: 'AWS-58367', evidence: {} }, new Map())).toBe('AWS-58367');
  });
});

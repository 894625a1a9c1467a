import type { AlertValue } from '../feed/channels.ts';
import { departmentLabel, districtName, riskLevelLabel } from '../shared/labels.ts';

/*
 * What the ticker says about an alert. Only whitelisted, shape-checked fields are shown:
 * an alert about a household names its grid and grid worker (ids), never the household, a
 * person or a phone number, whatever the evidence carries.
 */

const GRID_WORKER = /^GW-[A-Za-z0-9-]{1,20}$/;
const GRID = /^G-[A-Za-z0-9-]{1,30}$/;
const TICKET = /^T-[A-Za-z0-9-]{1,30}$/;

const FAULT_LABEL: Readonly<Record<string, string>> = {
  stuck: '读数不变',
  silent: '无数据',
  implausible: '读数异常',
};

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function gridWorkerOf(alert: AlertValue): string | null {
  const w = str(alert.evidence.grid_worker);
  return w !== null && GRID_WORKER.test(w) ? w : null;
}

export function alertDetail(alert: AlertValue, gaugeNames: ReadonlyMap<string, string>): string {
  switch (alert.type) {
    case 'utility_inactivity':
    case 'water_running':
    case 'meter_offline': {
      const grid = alert.grid !== undefined && GRID.test(alert.grid) ? `网格 ${alert.grid}` : '网格 未知';
      const worker = gridWorkerOf(alert);
      return worker === null ? grid : `${grid} · 网格员 ${worker}`;
    }
    case 'water_level': {
      const name = gaugeNames.get(alert.subject) ?? str(alert.evidence.gauge_name) ?? alert.subject;
      const level = alert.evidence.level_m;
      return typeof level === 'number' ? `${name} ${level.toFixed(2)}m` : name;
    }
    case 'typhoon_risk': {
      const level = str(alert.evidence.level);
      const label =
        level !== null && level in riskLevelLabel
          ? riskLevelLabel[level as keyof typeof riskLevelLabel]
          : null;
      return label === null ? '风险等级升高' : `升至${label}预警`;
    }
    case 'gauge_fault': {
      const name = gaugeNames.get(alert.subject) ?? alert.subject;
      const fault = str(alert.evidence.fault);
      const label = fault === null ? undefined : FAULT_LABEL[fault];
      return label === undefined ? name : `${name} · ${label}`;
    }
    case 'ticket_overdue': {
      const ticket = TICKET.test(alert.subject) ? `工单 ${alert.subject}` : '工单';
      const dept = str(alert.evidence.department);
      const name = dept === null ? undefined : departmentLabel[dept];
      return name === undefined ? ticket : `${ticket} · ${name}`;
    }
  }
}

export const alertDistrict = (alert: AlertValue): string => districtName[alert.district] ?? alert.district;

/** Open alerts newest first, by when they were detected. */
export function latestOpen(alerts: readonly AlertValue[], n: number): AlertValue[] {
  return alerts
    .filter((a) => a.status === 'open')
    .sort(
      (a, b) => Date.parse(b.detected_at) - Date.parse(a.detected_at) || a.alert_id.localeCompare(b.alert_id),
    )
    .slice(0, n);
}

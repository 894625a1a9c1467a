import type { AlertType, RiskLevel } from '@onegrid/contracts';

/** Every label the screens show, in one place. */

export const riskLevelLabel: Readonly<Record<RiskLevel, string>> = {
  none: '无风险',
  blue: '蓝色',
  yellow: '黄色',
  orange: '橙色',
  red: '红色',
};

/** The colours of China's four-level warning signals; `none` is a dark neutral. */
export const riskLevelColour: Readonly<Record<RiskLevel, string>> = {
  none: '#1c2a3d',
  blue: '#1e90ff',
  yellow: '#ffd21f',
  orange: '#ff8c00',
  red: '#e8202a',
};

export const riskLevels: readonly RiskLevel[] = ['none', 'blue', 'yellow', 'orange', 'red'];

export const alertTypeLabel: Readonly<Record<AlertType, string>> = {
  utility_inactivity: '独居老人水电异常',
  water_running: '水龙头长流水',
  meter_offline: '表计离线',
  water_level: '水位超警',
  typhoon_risk: '台风风险升级',
  ticket_overdue: '工单超时',
  gauge_fault: '监测设备故障',
};

/** A district score resting on some feeds only: which one is missing (缺测 = no measurements). */
export const missingFeedLabel = { weather: '气象缺测', water: '水位缺测' } as const;

export const severityLabel: Readonly<Record<string, string>> = {
  critical: '紧急',
  warning: '警告',
  info: '提示',
};

export const resourceTypeLabel: Readonly<Record<string, string>> = {
  rescue_team: '救援队',
  boat: '冲锋舟',
  pump: '排涝泵',
  vehicle: '抢险车',
  generator: '发电机',
  sandbag_pallet: '沙袋(托)',
  medical_team: '医疗队',
};

export const resourceStatuses = [
  'available',
  'dispatched',
  'on_site',
  'returning',
  'out_of_service',
] as const;

export const resourceStatusLabel: Readonly<Record<(typeof resourceStatuses)[number], string>> = {
  available: '待命',
  dispatched: '已派出',
  on_site: '在现场',
  returning: '返回中',
  out_of_service: '故障',
};

export const resourceStatusColour: Readonly<Record<(typeof resourceStatuses)[number], string>> = {
  available: '#2ecc71',
  dispatched: '#ffb020',
  on_site: '#ff6b3d',
  returning: '#38b6ff',
  out_of_service: '#5d6b7d',
};

export const gaugeStatusLabel: Readonly<Record<string, string>> = {
  normal: '正常',
  warning: '超警戒',
  guarantee: '超保证',
};

export const gaugeKindLabel: Readonly<Record<string, string>> = {
  tide: '潮位',
  river: '河道',
  canal: '内河',
  underpass: '下立交',
};

export const departmentLabel: Readonly<Record<string, string>> = {
  'DEPT-DRAINAGE': '排水',
  'DEPT-POWER': '电力',
  'DEPT-URBAN-MGMT': '城管',
  'DEPT-POLICE': '公安',
  'DEPT-FIRE': '消防',
  'DEPT-WATER': '供水',
  'DEPT-GAS': '燃气',
  'DEPT-GREENING': '绿化市容',
  'DEPT-HOUSING': '房管',
  'DEPT-TRANSPORT': '交通',
  'DEPT-CIVIL-AFFAIRS': '民政',
};

/**
 * A department's name for a table row. A ticket reported or accepted but not yet dispatched has
 * no department (''): its row is 未派单, never a row without a name.
 */
export const departmentName = (code: string): string =>
  code === '' ? '未派单' : (departmentLabel[code] ?? code);

export const districtName: Readonly<Record<string, string>> = {
  '310101': '黄浦区',
  '310104': '徐汇区',
  '310105': '长宁区',
  '310106': '静安区',
  '310107': '普陀区',
  '310109': '虹口区',
  '310110': '杨浦区',
  '310112': '闵行区',
  '310113': '宝山区',
  '310114': '嘉定区',
  '310115': '浦东新区',
  '310116': '金山区',
  '310117': '松江区',
  '310118': '青浦区',
  '310120': '奉贤区',
  '310151': '崇明区',
};

export const feedStatusLabel = {
  connecting: '正在连接数据服务…',
  live: '实时',
  stale: '数据过期',
  offline: '连接中断',
} as const;

/** China's typhoon grades (GB/T 19201). */
export const typhoonCategoryLabel: Readonly<Record<string, string>> = {
  tropical_depression: '热带低压',
  tropical_storm: '热带风暴',
  severe_tropical_storm: '强热带风暴',
  typhoon: '台风',
  strong_typhoon: '强台风',
  super_typhoon: '超强台风',
};

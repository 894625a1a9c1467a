/** The departments a street office can dispatch to or summon (吹哨), with how fast they work. */
export interface Department {
  id: string;
  name: string;
  /** Median hours from dispatch to resolution in calm times. */
  medianHours: number;
  /** Median minutes for a summoned team to arrive (报到). */
  arriveMinutes: number;
}

export const DEPARTMENTS: readonly Department[] = [
  { id: 'DEPT-DRAINAGE', name: '排水管理处', medianHours: 3, arriveMinutes: 35 },
  { id: 'DEPT-POWER', name: '电力公司', medianHours: 5, arriveMinutes: 45 },
  { id: 'DEPT-URBAN-MGMT', name: '城管执法局', medianHours: 6, arriveMinutes: 30 },
  { id: 'DEPT-POLICE', name: '公安分局', medianHours: 1, arriveMinutes: 15 },
  { id: 'DEPT-FIRE', name: '消防救援支队', medianHours: 1.5, arriveMinutes: 15 },
  { id: 'DEPT-WATER', name: '供水公司', medianHours: 4, arriveMinutes: 40 },
  { id: 'DEPT-GAS', name: '燃气公司', medianHours: 2, arriveMinutes: 30 },
  { id: 'DEPT-GREENING', name: '绿化和市容管理局', medianHours: 4, arriveMinutes: 40 },
  { id: 'DEPT-HOUSING', name: '房屋管理局', medianHours: 8, arriveMinutes: 50 },
  { id: 'DEPT-TRANSPORT', name: '交通委员会', medianHours: 3, arriveMinutes: 35 },
  { id: 'DEPT-CIVIL-AFFAIRS', name: '民政局', medianHours: 6, arriveMinutes: 45 },
];

export function department(id: string): Department {
  const d = DEPARTMENTS.find((x) => x.id === id);
  if (!d) throw new RangeError(`unknown department ${id}`);
  return d;
}

/**
 * What citizens report, who handles it, and what drives it. Calm-weather rates are per 10,000
 * households per hour (Shanghai's 12345 hotline takes ~2-3 per 10k households per hour); storm
 * terms add tickets with rain (mm/h), wind (m/s, squared above a threshold) and exposure.
 */
export interface Category {
  name: string;
  department: string;
  /** Weights of normal, urgent, emergency. */
  priority: readonly [number, number, number];
  calm: number;
  /** Extra tickets per 10k households per hour per mm/h of rain. */
  rain: number;
  /** Extra tickets per 10k households per hour per (m/s above 8)². */
  wind: number;
  /** Departments summoned (吹哨) when it needs more than one. */
  summon: readonly string[];
}

export const CATEGORIES: readonly Category[] = [
  {
    name: 'waterlogging',
    department: 'DEPT-DRAINAGE',
    priority: [0.35, 0.55, 0.1],
    calm: 0.03,
    rain: 0.35,
    wind: 0,
    summon: ['DEPT-URBAN-MGMT', 'DEPT-POLICE', 'DEPT-TRANSPORT'],
  },
  {
    name: 'fallen_tree',
    department: 'DEPT-GREENING',
    priority: [0.4, 0.5, 0.1],
    calm: 0.02,
    rain: 0,
    wind: 0.012,
    summon: ['DEPT-POWER', 'DEPT-POLICE', 'DEPT-URBAN-MGMT'],
  },
  {
    name: 'power_outage',
    department: 'DEPT-POWER',
    priority: [0.3, 0.6, 0.1],
    calm: 0.05,
    rain: 0.02,
    wind: 0.008,
    summon: ['DEPT-HOUSING', 'DEPT-CIVIL-AFFAIRS'],
  },
  {
    name: 'trapped_people',
    department: 'DEPT-FIRE',
    priority: [0, 0.2, 0.8],
    calm: 0.003,
    rain: 0.025,
    wind: 0.001,
    summon: ['DEPT-POLICE', 'DEPT-CIVIL-AFFAIRS'],
  },
  {
    name: 'building_damage',
    department: 'DEPT-HOUSING',
    priority: [0.3, 0.55, 0.15],
    calm: 0.02,
    rain: 0.02,
    wind: 0.006,
    summon: ['DEPT-URBAN-MGMT', 'DEPT-FIRE'],
  },
  {
    name: 'billboard_hazard',
    department: 'DEPT-URBAN-MGMT',
    priority: [0.3, 0.6, 0.1],
    calm: 0.01,
    rain: 0,
    wind: 0.006,
    summon: ['DEPT-POLICE'],
  },
  {
    name: 'road_blocked',
    department: 'DEPT-TRANSPORT',
    priority: [0.4, 0.5, 0.1],
    calm: 0.05,
    rain: 0.06,
    wind: 0.004,
    summon: ['DEPT-POLICE', 'DEPT-GREENING'],
  },
  {
    name: 'water_supply',
    department: 'DEPT-WATER',
    priority: [0.6, 0.35, 0.05],
    calm: 0.12,
    rain: 0.01,
    wind: 0.001,
    summon: ['DEPT-HOUSING'],
  },
  {
    name: 'gas_leak',
    department: 'DEPT-GAS',
    priority: [0, 0.3, 0.7],
    calm: 0.01,
    rain: 0,
    wind: 0.0005,
    summon: ['DEPT-FIRE', 'DEPT-POLICE'],
  },
  {
    name: 'traffic_signal',
    department: 'DEPT-POLICE',
    priority: [0.5, 0.45, 0.05],
    calm: 0.05,
    rain: 0.01,
    wind: 0.003,
    summon: ['DEPT-POWER'],
  },
  {
    name: 'elderly_assistance',
    department: 'DEPT-CIVIL-AFFAIRS',
    priority: [0.5, 0.45, 0.05],
    calm: 0.1,
    rain: 0.03,
    wind: 0.002,
    summon: ['DEPT-HOUSING'],
  },
  {
    name: 'noise',
    department: 'DEPT-URBAN-MGMT',
    priority: [0.97, 0.03, 0],
    calm: 0.7,
    rain: 0,
    wind: 0,
    summon: [],
  },
  {
    name: 'sanitation',
    department: 'DEPT-URBAN-MGMT',
    priority: [0.95, 0.05, 0],
    calm: 0.8,
    rain: 0,
    wind: 0,
    summon: [],
  },
  {
    name: 'property_dispute',
    department: 'DEPT-HOUSING',
    priority: [0.98, 0.02, 0],
    calm: 0.35,
    rain: 0,
    wind: 0,
    summon: [],
  },
];

export const PRIORITIES = ['normal', 'urgent', 'emergency'] as const;

/** Tickets per 10k households per hour for one category under the given weather. */
export function categoryRate(c: Category, rainMmH: number, windMs: number, exposure: number): number {
  const gust = Math.max(0, windMs - 8);
  return c.calm + (0.5 + exposure) * (c.rain * rainMmH + c.wind * gust * gust);
}

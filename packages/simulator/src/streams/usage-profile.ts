/**
 * The shape of a household's day: the share of its daily water and electricity use (above base
 * load) in each quarter hour, by rhythm. Morning and evening peaks, little water at night;
 * September air conditioning keeps electricity up through the night. Weights are per hour and
 * interpolated to quarters; each table is normalised to sum to 1.
 */
export const RHYTHMS = [
  'home',
  'commuter_weekday',
  'commuter_weekend',
  'family_weekday',
  'family_weekend',
] as const;
export type Rhythm = (typeof RHYTHMS)[number];

// biome-ignore format: 24-hour tables read best one row each
const WATER: Record<Rhythm, readonly number[]> = {
  home:             [0.2, 0.1, 0.1, 0.1, 0.3, 1.5, 3.5, 3.0, 2.0, 1.5, 1.5, 2.5, 1.5, 0.8, 0.8, 1.0, 1.5, 2.8, 2.5, 1.8, 1.2, 0.6, 0.3, 0.2],
  commuter_weekday: [0.5, 0.2, 0.1, 0.1, 0.1, 0.2, 1.2, 4.0, 2.5, 0.2, 0.1, 0.1, 0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 1.2, 2.5, 3.0, 3.0, 2.5, 1.2],
  commuter_weekend: [1.0, 0.6, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.0, 2.5, 3.0, 2.0, 1.5, 1.0, 0.8, 0.8, 1.0, 1.5, 2.0, 2.0, 2.0, 2.0, 2.0, 1.5],
  family_weekday:   [0.3, 0.1, 0.1, 0.1, 0.2, 0.8, 3.5, 3.8, 1.5, 0.8, 0.8, 1.2, 1.0, 0.6, 0.6, 0.8, 1.5, 2.5, 3.0, 3.2, 2.8, 2.0, 1.0, 0.5],
  family_weekend:   [0.5, 0.2, 0.1, 0.1, 0.1, 0.3, 1.0, 2.5, 3.0, 2.5, 2.0, 2.5, 1.8, 1.0, 1.0, 1.2, 1.8, 2.8, 3.0, 2.8, 2.5, 2.0, 1.2, 0.8],
};

// biome-ignore format: 24-hour tables read best one row each
const POWER: Record<Rhythm, readonly number[]> = {
  home:             [1.2, 1.1, 1.0, 1.0, 1.0, 1.2, 1.8, 2.0, 1.8, 1.6, 1.6, 2.0, 1.8, 1.8, 1.8, 1.8, 1.8, 2.4, 2.8, 2.8, 2.5, 1.8, 1.4, 1.3],
  commuter_weekday: [1.8, 1.6, 1.5, 1.4, 1.4, 1.3, 1.6, 1.8, 0.8, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.5, 1.5, 2.8, 3.2, 3.2, 3.0, 2.4],
  commuter_weekend: [2.0, 1.8, 1.6, 1.5, 1.4, 1.3, 1.2, 1.2, 1.5, 2.0, 2.2, 2.2, 2.0, 1.8, 1.8, 1.8, 1.8, 2.2, 2.6, 2.8, 2.8, 2.8, 2.6, 2.3],
  family_weekday:   [1.8, 1.6, 1.5, 1.4, 1.4, 1.4, 2.0, 2.4, 1.4, 1.0, 1.0, 1.2, 1.2, 1.0, 1.0, 1.0, 1.4, 2.2, 3.0, 3.4, 3.4, 3.0, 2.6, 2.2],
  family_weekend:   [2.0, 1.8, 1.6, 1.5, 1.4, 1.4, 1.5, 2.0, 2.4, 2.4, 2.4, 2.6, 2.4, 2.2, 2.2, 2.2, 2.4, 2.8, 3.2, 3.4, 3.4, 3.0, 2.6, 2.3],
};

export const QUARTERS_PER_DAY = 96;

function quarterTable(hourly: readonly number[]): Float64Array {
  const out = new Float64Array(QUARTERS_PER_DAY);
  let sum = 0;
  for (let q = 0; q < QUARTERS_PER_DAY; q++) {
    const h = q >> 2;
    const f = (q & 3) / 4;
    const v = (hourly[h] ?? 0) * (1 - f) + (hourly[(h + 1) % 24] ?? 0) * f;
    out[q] = v;
    sum += v;
  }
  for (let q = 0; q < QUARTERS_PER_DAY; q++) out[q] = (out[q] as number) / sum;
  return out;
}

/** [rhythm × 96 + quarter] → share of the day's use in that quarter. */
export const WATER_SHAPE: Float64Array = concat(RHYTHMS.map((r) => quarterTable(WATER[r])));
export const POWER_SHAPE: Float64Array = concat(RHYTHMS.map((r) => quarterTable(POWER[r])));

function concat(tables: Float64Array[]): Float64Array {
  const out = new Float64Array(tables.length * QUARTERS_PER_DAY);
  tables.forEach((t, i) => {
    out.set(t, i * QUARTERS_PER_DAY);
  });
  return out;
}

/**
 * The rhythm a household of `type` (index into HOUSEHOLD_TYPES) follows on a given day. People
 * stay in when a typhoon warning is up, so a storm day is lived like a weekend.
 */
export function rhythmOf(type: number, weekendOrStorm: boolean): number {
  if (type <= 1) return 0;
  if (type <= 3) return weekendOrStorm ? 2 : 1;
  return weekendOrStorm ? 4 : 3;
}

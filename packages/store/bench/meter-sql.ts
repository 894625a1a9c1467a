/**
 * Meter readings and hourly usage generated inside ClickHouse (INSERT … SELECT FROM numbers()),
 * shaped like the simulator's: one reading per meter every 15 minutes, cumulative registers
 * that never decrease, a diurnal rhythm per household (three rhythms), household sizes 1–4.
 * Planted: 1 household in 2,000 uses no water for the last two days while its meter keeps
 * reading (cookbook 01 finds it), and 1 in 5,000 water meters goes silent at noon of the last day
 * (cookbook 16 finds it). household_usage_hourly is generated from the same formula, so it
 * equals what the utility processor would derive from these readings.
 */

/** Relative use per hour of the day for three rhythms: at home, commuter, family. */
const HOURLY = [
  [1, 1, 1, 1, 1, 2, 5, 8, 7, 5, 4, 5, 6, 5, 4, 4, 5, 7, 9, 8, 6, 4, 3, 2],
  [1, 1, 1, 1, 1, 2, 6, 9, 5, 1, 1, 1, 1, 1, 1, 1, 1, 2, 5, 8, 9, 7, 4, 2],
  [1, 1, 1, 1, 1, 2, 6, 9, 7, 3, 3, 5, 6, 3, 3, 3, 4, 7, 10, 9, 7, 5, 3, 2],
];

/** Cumulative share of a day's use at the start of each quarter (97 points, 0 … 1) per rhythm. */
export function cumulativeProfiles(flatShare: number): number[][] {
  return HOURLY.map((hours) => {
    const quarters = hours.flatMap((w) => [w, w, w, w]);
    const total = quarters.reduce((a, b) => a + b, 0);
    const cum = [0];
    let sum = 0;
    for (const w of quarters) {
      sum += flatShare / 96 + ((1 - flatShare) * w) / total;
      cum.push(Number(sum.toFixed(6)));
    }
    cum[96] = 1;
    return cum;
  });
}

const literal = (profiles: number[][]) => `[${profiles.map((p) => `[${p.join(',')}]`).join(',')}]`;

interface Kind {
  readonly kind: 'water' | 'electricity';
  readonly prefix: 'WM-' | 'EM-';
  /** Mean daily use of household h, SQL. */
  readonly daily: string;
  readonly decimals: number;
  readonly profiles: string;
}

export const KINDS: readonly Kind[] = [
  {
    kind: 'water',
    prefix: 'WM-',
    daily: '0.11 * (1 + h % 4)',
    decimals: 3,
    profiles: literal(cumulativeProfiles(0.02)),
  },
  {
    kind: 'electricity',
    prefix: 'EM-',
    daily: '(3 + (h % 7) * 1.5)',
    decimals: 2,
    profiles: literal(cumulativeProfiles(0.45)),
  },
];

/** Whether household h uses no water on day d of `days` (planted). */
const quiet = (days: number) => `(h % 2000 = 7 AND d >= ${days - 2})`;
/** Whether the water meter of household h is silent at quarter q of day d (planted). */
const silent = (days: number) => `(h % 5000 = 11 AND d = ${days - 1} AND q >= 48)`;

/** One day (`d`, 0-based) of readings of one meter kind for `households` households. */
export function readingsForDay(
  kind: Kind,
  d: number,
  days: number,
  households: number,
  dayStartMs: number,
): string {
  const usedBefore = kind.kind === 'water' ? `if(${quiet(days)}, ${days - 2}, d)` : 'd';
  const share =
    kind.kind === 'water'
      ? `if(${quiet(days)}, 0, arrayElement(arrayElement(P, h % 3 + 1), q + 1))`
      : 'arrayElement(arrayElement(P, h % 3 + 1), q + 1)';
  return `
INSERT INTO meter_readings (meter_id, household_id, kind, ts, reading, reset)
WITH ${kind.profiles} AS P, ${d} AS d
SELECT
    concat('${kind.prefix}', leftPad(toString(h + 1), 8, '0')) AS meter_id,
    concat('HH-', leftPad(toString(h + 1), 8, '0')) AS household_id,
    '${kind.kind}' AS kind,
    fromUnixTimestamp64Milli(toInt64(${dayStartMs} + q * 900000), 'Asia/Shanghai') AS ts,
    round(20 * (h % 50) + ${kind.daily} * (${usedBefore} + ${share}), ${kind.decimals}) AS reading,
    false AS reset
FROM (SELECT intDiv(number, 96) AS h, number % 96 AS q FROM numbers(${households * 96}))
${kind.kind === 'water' ? `WHERE NOT ${silent(days)}` : ''}
SETTINGS max_insert_block_size = 50000000, min_insert_block_size_rows = 50000000, max_block_size = 1000000`;
}

/** One day of household_usage_hourly, equal to what the readings above imply. */
export function usageForDay(d: number, days: number, households: number, dayStartMs: number): string {
  const [water, power] = KINDS;
  if (water === undefined || power === undefined) throw new Error('meter kinds missing');
  const hourShare = (kind: Kind) =>
    `(arrayElement(arrayElement(${kind.profiles}, h % 3 + 1), 4 * k + 5) - arrayElement(arrayElement(${kind.profiles}, h % 3 + 1), 4 * k + 1))`;
  const silentHour = `(h % 5000 = 11 AND d = ${days - 1} AND k >= 12)`;
  return `
INSERT INTO household_usage_hourly (household_id, hour, water_m3, electricity_kwh, water_readings, electricity_readings, version)
WITH ${d} AS d
SELECT
    concat('HH-', leftPad(toString(h + 1), 8, '0')) AS household_id,
    toDateTime(intDiv(${dayStartMs}, 1000) + k * 3600, 'Asia/Shanghai') AS hour,
    if(${quiet(days)} OR ${silentHour}, 0, round(${water.daily} * ${hourShare(water)}, 3)) AS water_m3,
    round(${power.daily} * ${hourShare(power)}, 2) AS electricity_kwh,
    if(${silentHour}, 0, 4) AS water_readings,
    4 AS electricity_readings,
    1 AS version
FROM (SELECT intDiv(number, 24) AS h, number % 24 AS k FROM numbers(${households * 24}))
SETTINGS max_insert_block_size = 50000000, min_insert_block_size_rows = 50000000, max_block_size = 1000000`;
}

/**
 * The heap benches' synthetic city (household-heap.ts, household-heap-restored.ts,
 * heap-by-type.ts): one deterministic usage hash, id and registry record, so the three measure
 * the same households.
 */

import type { UtilityDetector } from '../src/utility/index.ts';

/** Deterministic usage: a hash of household and quarter, 0–999. */
export const hash = (h: number, q: number): number => (((h * 2_654_435_761) ^ (q * 40_503)) >>> 0) % 1000;

/** Household number `n` as the ids' 8 digits. */
export const id = (n: number): string => String(n).padStart(8, '0');

/** The registry record of a household of the synthetic city (an elderly person alone). */
export const info = (household_id: string) => ({
  household_id,
  district: '310101',
  street: '310101002',
  community: '310101002001',
  grid: `G-${household_id.slice(-3)}`,
  lives_alone: true,
  vulnerable: ['elderly' as const],
});

export const QUARTER = 900_000;
export const START = Date.parse('2026-09-01T00:00:00+08:00');

/** Where the synthetic city's registers stand: one electricity and one water register a household. */
export interface Registers {
  readonly kwh: Float64Array;
  readonly m3: Float64Array;
}

export const registers = (households: number): Registers => ({
  kwh: new Float64Array(households).fill(1000),
  m3: new Float64Array(households).fill(100),
});

/** Quarter `q`'s readings of every household into `detector`, then the watermark a minute past it. */
export function feedQuarter(detector: UtilityDetector, at: Registers, q: number): void {
  const { kwh, m3 } = at;
  const t = START + q * QUARTER;
  const ts = new Date(t).toISOString();
  const hourOfDay = (q / 4 + 8) % 24;
  const awake = hourOfDay >= 7 && hourOfDay < 23;
  for (let h = 0; h < kwh.length; h++) {
    const x = hash(h, q);
    kwh[h] = Math.round(((kwh[h] as number) + (awake ? 0.05 : 0.01) + x / 5000) * 100) / 100;
    if (awake && x > 600) m3[h] = Math.round(((m3[h] as number) + x / 50_000) * 1000) / 1000;
    const n = id(h);
    const household_id = `HH-${n}`;
    detector.onReading({
      meter_id: `EM-${n}`,
      household_id,
      kind: 'electricity',
      ts,
      reading: kwh[h] as number,
      unit: 'kWh',
    });
    detector.onReading({
      meter_id: `WM-${n}`,
      household_id,
      kind: 'water',
      ts,
      reading: m3[h] as number,
      unit: 'm3',
    });
  }
  detector.advance(t + 60_000);
}

/**
 * Planted meter faults, as packages/households plants them (one fault per meter, so the truth
 * stays unambiguous): silent for 3-36 h (a quarter never come back), store-and-forward batches
 * of 2-8 h, replacements (offline 30-90 min, then a reset), and skewed clocks. Rates per 10k
 * households; times epoch ms; meter m is 2 × household (water) or 2 × household + 1.
 */
import type { MeterFault, Rng } from '@onegrid/households';
import type { EnduseConfig } from './config.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function howMany(rng: Rng, n: number, per10k: number): number {
  const x = (n * per10k) / 10_000;
  return Math.floor(x) + (rng.chance(x - Math.floor(x)) ? 1 : 0);
}

const minuteOf = (t: number): number => Math.round(t / MINUTE) * MINUTE;

export function planMeterFaults(
  config: EnduseConfig,
  n: number,
  frame: { start: number; end: number },
  rng: Rng,
): Map<number, MeterFault[]> {
  const { start, end } = frame;
  const span = end - start;
  const meters = new Map<number, MeterFault[]>();
  const fault = (kind: MeterFault['kind'], from: number, to: number, skewMs = 0) => {
    const meter = 2 * rng.int(n) + rng.int(2);
    if (meters.has(meter)) return;
    meters.set(meter, [{ kind, from, to, skewMs }]);
  };
  const when = (room: number) => minuteOf(start + rng.next() * Math.max(0, span - room));
  const p = config.plant;
  for (let k = howMany(rng, n, p.meterSilent); k > 0; k--) {
    const from = when(3 * HOUR);
    fault(
      'silent',
      from,
      rng.chance(0.25) ? Number.POSITIVE_INFINITY : Math.min(end, from + rng.range(3, 36) * HOUR),
    );
  }
  for (let k = howMany(rng, n, p.lateBatch); k > 0; k--) {
    const from = when(9 * HOUR);
    fault('late_batch', from, minuteOf(from + rng.range(2, 8) * HOUR));
  }
  for (let k = howMany(rng, n, p.replacement); k > 0; k--) {
    const from = when(2 * HOUR);
    fault('replacement', from, minuteOf(from + rng.range(30, 90) * MINUTE));
  }
  for (let k = howMany(rng, n, p.clockSkew); k > 0; k--) {
    const skew = Math.round(rng.range(60, 300)) * (rng.chance(0.5) ? 1 : -1) * 1000;
    fault('clock_skew', Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, skew);
  }
  return meters;
}

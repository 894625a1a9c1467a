/**
 * How much each household's days move (issue 15). People do not go to bed, wake or leave at the
 * same minute every day: most vary by about half an hour, some by an hour, and a minority keep
 * irregular hours: night owls who go to bed late and at very different times, and shift workers
 * whose day moves by hours from one week to the next. The detectors must be chosen on days that
 * move, or they learn a clock that real households do not keep. Drawn from a stream of its own,
 * so the rest of the city (and every other seeded figure) is what it was.
 */
import type { Rng } from '../rng.ts';
import type { Households } from './households.ts';

/** Share of households by how much their day moves: SD in quarter hours, and whether it runs late. */
const SPREADS: readonly { share: number; sdQuarters: [number, number]; lateQuarters: [number, number] }[] = [
  { share: 0.55, sdQuarters: [1, 3], lateQuarters: [0, 0] }, // steady: ±15–45 min
  { share: 0.27, sdQuarters: [3, 5], lateQuarters: [0, 0] }, // ordinary: about an hour
  { share: 0.1, sdQuarters: [6, 9], lateQuarters: [6, 12] }, // night owls: 1.5–3 h later, ±1.5–2 h
  { share: 0.08, sdQuarters: [8, 12], lateQuarters: [0, 0] }, // shift patterns: ±2–3 h
];

/** Sets `spread` (SD of the daily shift, quarter hours) and moves night owls' `phase` later. */
export function drawRhythmSpread(h: Households, rng: Rng): void {
  for (let i = 0; i < h.count; i++) {
    let u = rng.next();
    let kind = SPREADS[SPREADS.length - 1] as (typeof SPREADS)[number];
    for (const s of SPREADS) {
      if (u < s.share) {
        kind = s;
        break;
      }
      u -= s.share;
    }
    h.spread[i] = Math.round(rng.range(kind.sdQuarters[0], kind.sdQuarters[1]));
    // A later day is a smaller index into the rhythm tables (meters.ts reads quarter + phase).
    h.phase[i] = (h.phase[i] as number) - Math.round(rng.range(kind.lateQuarters[0], kind.lateQuarters[1]));
  }
}

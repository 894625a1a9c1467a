import type { TyphoonConfig } from './config.ts';
import { floorTo } from './time.ts';

/**
 * Runs `step` at each point of the event-time grid (`stepMs`) after `last` up to the watermark:
 * from the first data's grid point (`oldest`) when nothing ran yet, and at most `maxCatchUpMs`
 * back. Returns the last point run (`last` when none was).
 */
export function onGrid(
  config: Pick<TyphoonConfig, 'stepMs' | 'maxCatchUpMs'>,
  last: number | undefined,
  oldest: number | undefined,
  watermark: number,
  step: (g: number) => void,
): number | undefined {
  const stepMs = config.stepMs;
  const to = floorTo(watermark, stepMs);
  let g: number;
  if (last === undefined) {
    if (oldest === undefined) return undefined;
    g = Math.ceil(oldest / stepMs) * stepMs;
  } else {
    g = last + stepMs;
  }
  g = Math.max(g, to - floorTo(config.maxCatchUpMs, stepMs));
  if (g > to) return last;
  for (; g <= to; g += stepMs) step(g);
  return to;
}

/** Whether results at grid point `g` are returned (after a restart, those up to `emitAfter` are only rebuilt). */
export const emits = (config: Pick<TyphoonConfig, 'emitAfter'>, g: number): boolean =>
  config.emitAfter === undefined || g > config.emitAfter;

/**
 * The official thresholds the hazards are measured against. Sources (see README.md):
 * - wind speeds: GB/T 28591-2012《风力等级》, lower bound of each Beaufort force, m/s;
 * - typhoon and rainstorm signals: 中国气象局《气象灾害预警信号发布与传播办法》(令第16号, 2007),
 *   附件《气象灾害预警信号及防御指南》: 台风预警信号, 暴雨预警信号;
 * - water levels: 水利部《水情预警发布管理办法(试行)》(2013), 洪水预警信号.
 */
import type { SignalTable } from './signal-scale.ts';

/** Lower bound of Beaufort force n (GB/T 28591-2012), m/s. */
export const BEAUFORT_MS: Readonly<Record<number, number>> = {
  4: 5.5,
  5: 8.0,
  6: 10.8,
  7: 13.9,
  8: 17.2,
  9: 20.8,
  10: 24.5,
  11: 28.5,
  12: 32.7,
  13: 37.0,
  14: 41.5,
  15: 46.2,
  16: 51.0,
  17: 56.1,
};

function force(n: number): number {
  const v = BEAUFORT_MS[n];
  if (v === undefined) throw new RangeError(`no Beaufort force ${n}`);
  return v;
}

/** The Beaufort force of a wind speed (0 below force 4's bound is reported as 3 or less). */
export function beaufort(speedMs: number): number {
  let n = 3;
  for (let f = 4; f <= 17; f++) if (speedMs >= force(f)) n = f;
  return n;
}

export type WindMeasure = 'mean' | 'gust';

/**
 * 台风预警信号: blue = mean force 6 or gust 8, yellow = 8 or 10, orange = 10 or 12, red = 12 or 14.
 * Progress inside a band starts at the previous level's bound (blue's at force 5 mean / 7 gust);
 * the hazard reaches 1 at mean force 14 or gust force 16.
 */
export const TYPHOON_SIGNAL: SignalTable<WindMeasure> = [
  [
    { measure: 'mean', from: force(5), to: force(6) },
    { measure: 'gust', from: force(7), to: force(8) },
  ],
  [
    { measure: 'mean', from: force(6), to: force(8) },
    { measure: 'gust', from: force(8), to: force(10) },
  ],
  [
    { measure: 'mean', from: force(8), to: force(10) },
    { measure: 'gust', from: force(10), to: force(12) },
  ],
  [
    { measure: 'mean', from: force(10), to: force(12) },
    { measure: 'gust', from: force(12), to: force(14) },
  ],
  [
    { measure: 'mean', from: force(12), to: force(14) },
    { measure: 'gust', from: force(14), to: force(16) },
  ],
];

/** Rain accumulation windows, hours: the signal's 3, 6, 12 h, plus 1 and 24 h for the screens. */
export const RAIN_WINDOWS_H = [1, 3, 6, 12, 24] as const;
export type RainWindow = `h${(typeof RAIN_WINDOWS_H)[number]}`;

/**
 * 暴雨预警信号 (national table): blue = 50 mm in 12 h, yellow = 50 mm in 6 h, orange = 50 mm in
 * 3 h, red = 100 mm in 3 h; the hazard reaches 1 at 200 mm in 3 h.
 */
export const RAINSTORM_SIGNAL: SignalTable<RainWindow> = [
  [{ measure: 'h12', from: 0, to: 50 }],
  [{ measure: 'h6', from: 0, to: 50 }],
  [{ measure: 'h3', from: 0, to: 50 }],
  [{ measure: 'h3', from: 50, to: 100 }],
  [{ measure: 'h3', from: 100, to: 200 }],
];

export type WaterMeasure = 'level' | 'projected';

/**
 * 洪水预警信号, in units of a gauge's own thresholds: x = (level − 警戒) / (保证 − 警戒), so 0 is
 * the warning level and 1 the guaranteed level. Blue = forecast to reach the warning level
 * ("预计水位可能达到或超过警戒水位": the level projected an hour ahead by its trend), yellow = at or
 * above the warning level, orange = at or above the guaranteed level, red = half the span above it
 * (a stand-in for the historical maximum / design level the registry does not carry).
 */
export const FLOOD_SIGNAL: SignalTable<WaterMeasure> = [
  [{ measure: 'projected', from: -1, to: 0 }],
  [{ measure: 'level', from: -0.5, to: 0 }],
  [{ measure: 'level', from: 0, to: 1 }],
  [{ measure: 'level', from: 1, to: 1.5 }],
  [{ measure: 'level', from: 1.5, to: 2 }],
];

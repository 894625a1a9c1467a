/**
 * The two rules onegrid is measured against, on water use alone, as utilities run them today:
 * - two-day rule: each of the last two days used under 10% of the average day of the three before;
 * - fixed threshold: under 0.01 m3 of water in the last 12 hours.
 * Days are rolling 24-hour windows checked every hour (kinder to the rule than calendar days).
 * Hours a meter did not report are not counted as zero use: a window with one is not judged.
 */
import { type InactivityRule, windowSums } from './rule.ts';
import { HOUR } from './time.ts';

export interface TwoDayState {
  /** The three-day average day (m3) when the alert opened: resumption is judged against it. */
  reference: number;
}

const TWO_DAY_SHARE = 0.1;

export const twoDayInactivity: InactivityRule<TwoDayState> = {
  name: 'two_day',
  init: () => ({ reference: Number.NaN }),
  check({ ring, hour }, state) {
    const days: number[] = [];
    for (let d = 0; d < 5; d++) {
      const sums = windowSums(ring, hour - 24 * d, 24);
      if (!sums) return undefined;
      days.push(sums.water);
    }
    const [d0, d1, d2, d3, d4] = days as [number, number, number, number, number];
    const average = (d2 + d3 + d4) / 3;
    if (!(average > 0 && d0 < TWO_DAY_SHARE * average && d1 < TWO_DAY_SHARE * average)) return undefined;
    state.reference = average;
    return {
      since: (hour - 47) * HOUR,
      evidence: { model: 'two_day', last_day_m3: d0, day_before_m3: d1, three_day_average_m3: average },
    };
  },
  resumed({ ring, hour }, state) {
    const sums = windowSums(ring, hour, 24);
    return sums !== undefined && sums.water >= TWO_DAY_SHARE * state.reference;
  },
};

const FIXED_HOURS = 12;
const FIXED_M3 = 0.01;

export const fixedThresholdInactivity: InactivityRule<null> = {
  name: 'fixed_threshold',
  init: () => null,
  check({ ring, hour }) {
    const sums = windowSums(ring, hour, FIXED_HOURS);
    if (!sums || sums.water >= FIXED_M3) return undefined;
    return {
      since: (hour - FIXED_HOURS + 1) * HOUR,
      evidence: { model: 'fixed_threshold', hours: FIXED_HOURS, water_m3: sums.water },
    };
  },
  resumed({ ring, hour }) {
    const sums = windowSums(ring, hour, FIXED_HOURS);
    return sums !== undefined && sums.water >= FIXED_M3;
  },
};

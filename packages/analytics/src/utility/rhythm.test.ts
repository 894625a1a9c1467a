import { describe, expect, it } from 'vitest';
import { parseUtilityConfig } from './config.ts';
import { learnRhythm } from './rhythm.ts';
import { hourOfDay } from './time.ts';
import { ringHoursFor, SLOT, UsageRing } from './usage-ring.ts';

const config = parseUtilityConfig({});
const FIRST = 490_000;

/** Days of hourly electricity 0.1 + 0.1·(daytime), every hour fully reported. */
function history(
  days: number,
  elec = (h: number) => 0.1 + (hourOfDay(h) >= 8 && hourOfDay(h) < 22 ? 0.1 : 0),
) {
  const ring = new UsageRing(ringHoursFor(config.historyDays));
  for (let h = FIRST; h < FIRST + days * 24; h++) ring.seed(h, 0.01, elec(h), 4, 4);
  return ring;
}

describe('usage > learnRhythm', () => {
  it('learns the median electricity of each hour of the day', () => {
    const ring = history(10);
    const r = learnRhythm(ring, ring.latest, config);
    expect(r?.median(3)).toBeCloseTo(0.1);
    expect(r?.median(12)).toBeCloseTo(0.2);
    expect(r?.lowest(2)).toBeCloseTo(1);
  });

  it('is not moved by a day of outliers', () => {
    const odd = FIRST + 5 * 24;
    const ring = history(10, (h) => (h >= odd && h < odd + 24 ? 5 : 0.1));
    expect(learnRhythm(ring, ring.latest, config)?.median(12)).toBeCloseTo(0.1);
  });

  it('does not learn from hours of an inactivity condition', () => {
    const gone = FIRST + 5 * 24;
    const ring = history(10, (h) => (h >= gone && h < gone + 24 ? 0.02 : 0.1));
    const withGone = learnRhythm(ring, ring.latest, config);
    for (let h = gone; h < gone + 24; h++) ring.mark(ring.at(h), SLOT.excluded);
    const without = learnRhythm(ring, ring.latest, config);
    expect(withGone?.lowest(4)).toBeLessThan(0.5);
    expect(without?.lowest(4)).toBeCloseTo(1);
  });

  it('waits for enough history: a new household gets the default rule', () => {
    const ring = history(config.minHistoryDays - 1);
    expect(learnRhythm(ring, ring.latest, config)).toBeUndefined();
  });

  it('leaves out hours a meter did not fully report', () => {
    const ring = history(10);
    for (let h = FIRST; h < FIRST + 5 * 24 + 12; h++) ring.seed(h, 0, 0, 0, 0);
    expect(learnRhythm(ring, ring.latest, config)).toBeUndefined();
  });
});

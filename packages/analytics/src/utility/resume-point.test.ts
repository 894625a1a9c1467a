import { describe, expect, it } from 'vitest';
import { type MeterState, newHousehold } from './household.ts';
import { MeterTrack } from './meter-track.ts';
import { resumePoint } from './resume-point.ts';
import { householdInfo } from './testing.ts';
import { HOUR, hourIndex, MINUTE } from './time.ts';

const H0 = Date.UTC(2026, 8, 13, 16);
const GAP = 6 * HOUR;

function meter(kind: 'water' | 'electricity', readings: [number, number][]): MeterState<object> {
  const household = newHousehold(householdInfo('HH-1'), 48, {});
  const track = new MeterTrack();
  for (const [ts, offset] of readings) track.offer(ts, ts / HOUR, false, offset);
  return { id: `${kind}-1`, householdId: 'HH-1', kind, place: household.place, track, household };
}

describe('utility resume point', () => {
  it('is undefined with no meters', () => {
    expect(resumePoint([], hourIndex(H0), H0, GAP)).toBeUndefined();
  });

  it('keeps readings not consumed yet, with their smallest offset', () => {
    const m = meter('electricity', [
      [H0 + 15 * MINUTE, 7],
      [H0 + 30 * MINUTE, 5],
    ]);
    expect(resumePoint([m], Number.NaN, H0 + HOUR, GAP)).toEqual({ time: H0 + 15 * MINUTE, offset: 5 });
  });

  it('replays from the reading that starts the interval into the oldest open hour', () => {
    const m = meter('electricity', [
      [H0 - 15 * MINUTE, 1],
      [H0 + 15 * MINUTE, 2],
      [H0 + 75 * MINUTE, 3],
    ]);
    m.track.consume(H0 + 75 * MINUTE, () => {});
    // Hour H0 is still open: the interval crossing into it starts at H0 − 15 min.
    expect(resumePoint([m], hourIndex(H0), H0 + 75 * MINUTE, GAP)).toEqual({
      time: H0 - 15 * MINUTE,
      offset: 1,
    });
  });

  it('goes back to the start of a run of water under way, not past the gap bound', () => {
    const m = meter('water', [[H0, 1]]);
    m.household.flow.start = H0 - HOUR;
    expect(resumePoint([m], Number.NaN, H0 + HOUR, GAP)?.time).toBe(H0 - HOUR);
    m.household.flow.start = H0 - 10 * HOUR;
    expect(resumePoint([m], Number.NaN, H0 + HOUR, GAP)?.time).toBe(H0);
  });

  it('is not held back by a meter silent longer than the gap bound', () => {
    const silent = meter('electricity', [[H0, 1]]);
    expect(resumePoint([silent], Number.NaN, H0 + GAP + HOUR, GAP)).toBeUndefined();
  });
});

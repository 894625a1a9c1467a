import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { mersenne } from 'pure-rand/generator/mersenne';
import { describe, expect, it } from 'vitest';
import { openAlert } from './alerts.ts';
import { type MeterState, newHousehold } from './household.ts';
import { MeterTrack } from './meter-track.ts';
import { type ResumePoint, resumePoint } from './resume-point.ts';
import { householdInfo } from './testing.ts';
import { HOUR, hourIndex, MINUTE } from './time.ts';

const H0 = Date.UTC(2026, 8, 13, 16);
const GAP = 6 * HOUR;
/** `waterRunningMaxIntervalMs`'s default: the longest interval that counts as flowing. */
const FLOW = 35 * MINUTE;

function meter(kind: 'water' | 'electricity', readings: [number, number][]): MeterState<object> {
  const household = newHousehold(householdInfo('HH-1'), 48, {});
  const track = new MeterTrack();
  for (const [ts, offset] of readings) track.offer(ts, ts / HOUR, false, offset);
  return { id: `${kind}-1`, householdId: 'HH-1', kind, place: household.place, track, household };
}

describe('utility resume point', () => {
  it('is undefined with no meters', () => {
    expect(resumePoint([], hourIndex(H0), H0, GAP, FLOW)).toBeUndefined();
  });

  it('keeps readings not consumed yet, with their smallest offset', () => {
    const m = meter('electricity', [
      [H0 + 15 * MINUTE, 7],
      [H0 + 30 * MINUTE, 5],
    ]);
    expect(resumePoint([m], Number.NaN, H0 + HOUR, GAP, FLOW)).toEqual({ time: H0 + 15 * MINUTE, offset: 5 });
  });

  it('replays from the reading that starts the interval into the oldest open hour', () => {
    const m = meter('electricity', [
      [H0 - 15 * MINUTE, 1],
      [H0 + 15 * MINUTE, 2],
      [H0 + 75 * MINUTE, 3],
    ]);
    m.track.consume(H0 + 75 * MINUTE, () => {});
    // Hour H0 is still open: the interval crossing into it starts at H0 − 15 min.
    expect(resumePoint([m], hourIndex(H0), H0 + 75 * MINUTE, GAP, FLOW)).toEqual({
      time: H0 - 15 * MINUTE,
      offset: 1,
    });
  });

  it('goes back to the start of a run of water under way, not past the gap bound', () => {
    const m = meter('water', [[H0, 1]]);
    m.household.flow.start = H0 - HOUR;
    expect(resumePoint([m], Number.NaN, H0 + HOUR, GAP, FLOW)?.time).toBe(H0 - HOUR);
    m.household.flow.start = H0 - 10 * HOUR;
    expect(resumePoint([m], Number.NaN, H0 + HOUR, GAP, FLOW)?.time).toBe(H0);
  });

  it('replays the last flow of an open water_running alert whose tap has stopped', () => {
    const m = meter('water', [[H0, 1]]);
    m.track.consume(H0, () => {});
    m.household.waterRunning = openAlert({
      type: 'water_running',
      severity: 'warning',
      subject: 'HH-1',
      place: m.household.place,
      since: H0 - 10 * HOUR,
      detectedAt: H0 - 9 * HOUR,
      evidence: {},
    });
    m.household.flow.start = Number.NaN;
    m.household.flow.lastFlowTo = H0 - HOUR;
    // The reading that began the interval ending at the last flow is at most 35 min before it.
    expect(resumePoint([m], Number.NaN, H0 + HOUR, GAP, FLOW)?.time).toBe(H0 - HOUR - 35 * MINUTE);
    // A tap stopped right at the gap bound: its need reaches `maxGapMs + flowIntervalMs` back.
    m.household.flow.lastFlowTo = H0 + HOUR - GAP;
    expect(resumePoint([m], Number.NaN, H0 + HOUR, GAP, FLOW)?.time).toBe(H0 + HOUR - GAP - FLOW);
    // Not past the gap bound (the tap stopped long ago, its meter silent since: left to the alert)…
    m.household.flow.lastFlowTo = H0 - 6 * HOUR;
    expect(resumePoint([m], Number.NaN, H0 + HOUR, GAP, FLOW)?.time).toBe(H0);
    // …and a stopped tap with no alert open needs nothing.
    m.household.flow.lastFlowTo = H0 - HOUR;
    m.household.waterRunning = undefined;
    expect(resumePoint([m], Number.NaN, H0 + HOUR, GAP, FLOW)?.time).toBe(H0);
  });

  it('is not held back by a meter silent longer than the gap bound', () => {
    const silent = meter('electricity', [[H0, 1]]);
    expect(resumePoint([silent], Number.NaN, H0 + GAP + HOUR, GAP, FLOW)).toBeUndefined();
  });

  it('finds what the per-meter walk through consumedAtOrBefore found, on random meters', () => {
    const generator = mersenne(17);
    const rand = () => uniformFloat64(generator);
    for (let round = 0; round < 200; round++) {
      const meters = Array.from({ length: 1 + Math.floor(rand() * 6) }, (_, i) => {
        const n = Math.floor(rand() * 12);
        const readings: [number, number][] = Array.from({ length: n }, (_, k) => [
          H0 + Math.floor(rand() * 16) * 15 * MINUTE - 2 * HOUR,
          rand() < 0.2 ? -1 : Math.floor(rand() * 100) + k,
        ]);
        const m = meter(i % 2 === 0 ? 'water' : 'electricity', readings);
        if (rand() < 0.7) m.track.consume(H0 + Math.floor(rand() * 10) * 15 * MINUTE - 2 * HOUR, () => {});
        if (rand() < 0.3) m.household.flow.start = H0 - Math.floor(rand() * 10) * HOUR;
        if (rand() < 0.3) m.household.behind = hourIndex(H0) - Math.floor(rand() * 3);
        return m;
      });
      const hours = [Number.NaN, hourIndex(H0) - 2, hourIndex(H0), hourIndex(H0) + 1];
      const watermark = H0 + Math.floor(rand() * 8) * HOUR;
      for (const h of hours) {
        const next = (m: MeterState<object>) => (Number.isNaN(m.household.behind) ? h : m.household.behind);
        expect(resumePoint(meters, next, watermark, GAP, FLOW)).toEqual(
          reference(meters, next, watermark, GAP),
        );
        expect(resumePoint(meters, h, watermark, GAP, FLOW)).toEqual(
          reference(meters, () => h, watermark, GAP),
        );
      }
    }
  });
});

/** The resume point as found before issue 17's pass: `consumedAtOrBefore` and an array of offsets per meter. */
function reference(
  meters: MeterState<object>[],
  nextHour: (meter: MeterState<object>) => number,
  watermark: number,
  maxGapMs: number,
): ResumePoint | undefined {
  const horizon = watermark - maxGapMs;
  let time: number | undefined;
  let offset: number | undefined;
  for (const m of meters) {
    if (m.track.lastSeenTs < horizon) continue;
    const boundary = nextHour(m) * HOUR;
    const c = Number.isNaN(boundary) ? undefined : m.track.consumedAtOrBefore(boundary);
    let t = c?.ts ?? (Number.isFinite(m.track.anchorTs) ? m.track.anchorTs : m.track.oldestPendingTs());
    const run = m.kind === 'water' ? m.household.flow.start : Number.NaN;
    if (run >= horizon && (t === undefined || run < t)) t = run;
    if (t !== undefined && Number.isFinite(t) && (time === undefined || t < time)) time = t;
    for (const o of [c?.offset, m.track.oldestPendingOffset()]) {
      if (o !== undefined && o >= 0 && (offset === undefined || o < offset)) offset = o;
    }
  }
  return time === undefined ? undefined : { time, offset };
}

/**
 * Where a restarted detector must replay from: what a commit must not pass. Closed hours come
 * back from the store (`seedHistory`), open alerts through `restoreAlerts`; everything else is
 * rebuilt from the readings at or after this point.
 */
import type { MeterState } from './household.ts';
import { HOUR } from './time.ts';

export interface ResumePoint {
  /** Event time of the oldest reading still needed. */
  time: number;
  /** Its input offset, when the readings came with one. */
  offset: number | undefined;
}

/**
 * The oldest reading open state still needs, as event time and input offset: per meter, the
 * reading that starts the interval crossing into the oldest hour not yet closed (`nextHour`, or the
 * meter's household's own),
 * and any reading not yet consumed; a water meter's run of water under way from its start, and,
 * for an open `water_running` alert whose tap has stopped, its last flowing interval (at most
 * `flowIntervalMs` long: `waterRunningMaxIntervalMs`). Meters silent longer than `maxGapMs`
 * before `watermark` do not hold it back, and neither do runs that began or taps that stopped
 * before then; a tap that stopped within it is replayed from the start of its last flowing
 * interval, so that need reaches back up to `maxGapMs + flowIntervalMs` before `watermark`.
 * `flowIntervalMs` has no default: 0 started the replay after that interval's first reading.
 * Undefined when nothing is needed.
 */
export function resumePoint<S>(
  meters: Iterable<MeterState<S>>,
  nextHour: number | ((meter: MeterState<S>) => number),
  watermark: number,
  maxGapMs: number,
  flowIntervalMs: number,
): ResumePoint | undefined {
  const horizon = watermark - maxGapMs;
  let time: number | undefined;
  let offset: number | undefined;
  // Asked at every commit, for every meter (issue 17: up to 3 % of the chain's CPU): nothing is
  // allocated per meter. The usual meter's reading before the boundary is its anchor, read here
  // rather than through `consumedAtOrBefore`'s object.
  for (const m of meters) {
    const track = m.track;
    if (track.lastSeenTs < horizon) continue;
    // Per household: one whose meters' feeds are behind has its own oldest hour not closed.
    const boundary = (typeof nextHour === 'number' ? nextHour : nextHour(m)) * HOUR;
    const anchor = track.anchorTs;
    let t: number | undefined;
    let consumedOffset: number | undefined;
    if (Number.isNaN(boundary) || anchor === Number.NEGATIVE_INFINITY) {
      // A meter with nothing consumed yet (its first readings wait for the watermark) needs
      // them all: without this, commits in a stream's first half hour passed them.
      t = Number.isFinite(anchor) ? anchor : track.oldestPendingTs();
    } else if (anchor <= boundary) {
      t = anchor;
      consumedOffset = track.anchorOffset;
    } else {
      const c = track.consumedAtOrBefore(boundary);
      t = c?.ts ?? (Number.isFinite(anchor) ? anchor : track.oldestPendingTs());
      consumedOffset = c?.offset;
    }
    // A run of water under way is replayed from its start, so a rebuilt detector dates it
    // (and names its alert) as before; runs older than the gap bound are left to the restored alert.
    if (m.kind === 'water') {
      const h = m.household;
      const start = h.flow.start;
      // An open alert whose tap has stopped ends `waterPauseMs` after the last flow, stamped with
      // it: the replay starts at or before the reading that began the last flowing interval (it
      // is at most `flowIntervalMs` long), or the restored alert cannot know when the tap stopped
      // (issue 15 item 1: it resolved at once with `ended_at` its start).
      const run =
        start >= horizon
          ? start
          : Number.isNaN(start) && h.waterRunning !== undefined && h.flow.lastFlowTo >= horizon
            ? h.flow.lastFlowTo - flowIntervalMs
            : Number.NaN;
      if (!Number.isNaN(run) && (t === undefined || run < t)) t = run;
    }
    if (t !== undefined && Number.isFinite(t) && (time === undefined || t < time)) time = t;
    if (
      consumedOffset !== undefined &&
      consumedOffset >= 0 &&
      (offset === undefined || consumedOffset < offset)
    )
      offset = consumedOffset;
    const pending = track.oldestPendingOffset();
    if (pending !== undefined && pending >= 0 && (offset === undefined || pending < offset)) offset = pending;
  }
  return time === undefined ? undefined : { time, offset };
}

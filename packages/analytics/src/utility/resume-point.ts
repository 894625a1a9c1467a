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
 * and any reading not yet consumed. Meters silent longer than `maxGapMs` before `watermark` do
 * not hold it back. Undefined when nothing is needed.
 */
export function resumePoint<S>(
  meters: Iterable<MeterState<S>>,
  nextHour: number | ((meter: MeterState<S>) => number),
  watermark: number,
  maxGapMs: number,
): ResumePoint | undefined {
  const horizon = watermark - maxGapMs;
  let time: number | undefined;
  let offset: number | undefined;
  for (const m of meters) {
    if (m.track.lastSeenTs < horizon) continue;
    // Per household: one whose meters' feeds are behind has its own oldest hour not closed.
    const boundary = (typeof nextHour === 'number' ? nextHour : nextHour(m)) * HOUR;
    const c = Number.isNaN(boundary) ? undefined : m.track.consumedAtOrBefore(boundary);
    // A meter with nothing consumed yet (its first readings wait for the watermark) needs
    // them all: without this, commits in a stream's first half hour passed them.
    let t = c?.ts ?? (Number.isFinite(m.track.anchorTs) ? m.track.anchorTs : m.track.oldestPendingTs());
    // A run of water under way is replayed from its start, so a rebuilt detector dates it
    // (and names its alert) as before; runs older than the gap bound are left to the restored alert.
    const run = m.kind === 'water' ? m.household.flow.start : Number.NaN;
    if (run >= horizon && (t === undefined || run < t)) t = run;
    if (t !== undefined && Number.isFinite(t) && (time === undefined || t < time)) time = t;
    for (const o of [c?.offset, m.track.oldestPendingOffset()]) {
      if (o !== undefined && o >= 0 && (offset === undefined || o < offset)) offset = o;
    }
  }
  return time === undefined ? undefined : { time, offset };
}

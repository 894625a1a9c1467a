/**
 * A run of water flowing without pause: consecutive short intervals each at or above a flow
 * rate. A gap in the readings breaks the run (nobody saw the water flow throughout it). Two
 * floors: the run counts down to `waterTrickleMinFlowM3h` (a trickle tap), and within it the
 * latest streak of intervals at or above `waterRunningMinFlowM3h` (the run as it was before
 * trickles counted) is kept apart, with its own statistics, for the rules that were chosen on it.
 */
import type { UtilityConfig } from './config.ts';
import type { Interval } from './meter-track.ts';
import { HOUR } from './time.ts';

/** A run's float64 fields, by index in its record. Its end and last flow are its household's (`marks`). */
const F = {
  start: 0,
  volume: 1,
  rateSum: 2,
  rateSq: 3,
  highStart: 4,
  hiSum: 5,
  hiSq: 6,
  tailStart: 7,
  tailSum: 8,
  tailSq: 9,
} as const;
const WIDTH = 10;
/** Where a run's two marks are in its marks record: the last interval's end, the last flowing one's. */
const M = { end: 0, lastFlowTo: 1 } as const;
/** Runs a chunk holds. */
const CHUNK = 1024;
/** A fresh run's record: every start unknown, every sum zero. */
const FRESH = (() => {
  const r = new Float64Array(WIDTH);
  for (const f of [F.start, F.highStart, F.tailStart]) r[f] = Number.NaN;
  return r;
})();

/** Whether interval `iv` flows (at or above the lower of the two floors, short enough to have been seen). */
export function flowsIn(iv: Interval, config: UtilityConfig): boolean {
  const length = iv.to - iv.from;
  const rate = (iv.usage / length) * HOUR;
  return (
    Number.isFinite(rate) &&
    length <= config.waterRunningMaxIntervalMs &&
    rate >= Math.min(config.waterTrickleMinFlowM3h, config.waterRunningMinFlowM3h)
  );
}

/** What the rules read of a household's run of water, and how the detector follows it (FlowRun). */
export interface WaterRun {
  /** Start of the current run, NaN when water is not running. */
  start: number;
  end: number;
  volume: number;
  /** End of the last flowing interval (NaN before any): a pause is measured from it. */
  lastFlowTo: number;
  readonly highStart: number;
  readonly tailStart: number;
  readonly intervals: number;
  onInterval(iv: Interval, config: UtilityConfig, seenThrough?: number): void;
  tailDuration(): number;
  tailRate(): number;
  rateCv(): number;
  highCv(): number;
  highDuration(): number;
  duration(): number;
  resume(since: number): void;
  flowM3h(): number;
}

/**
 * Where a detector's households' runs keep their float64 fields (issue 17): a record of 10 in a
 * Float64Array shared by 1,024 runs, not a dozen fields each boxed as a heap number of its own
 * (about 190 B a household besides the object). A run reads and writes the same values. Since
 * session 19 a household holds a run only while its water runs (`acquire`, `release`): the runs
 * and their records are reused, so there are as many as households whose water runs at once.
 */
export class FlowSlab {
  readonly #chunks: Float64Array[] = [];
  #used = CHUNK;
  readonly #chunk: number;
  /** Runs released, for the next household whose water starts to run. */
  readonly #free: FlowRun[] = [];

  constructor(chunk = CHUNK) {
    this.#chunk = chunk;
    this.#used = chunk;
  }

  /** A fresh record: its chunk and first index. */
  allocate(): { values: Float64Array; at: number } {
    if (this.#used === this.#chunk) {
      this.#chunks.push(new Float64Array(this.#chunk * WIDTH));
      this.#used = 0;
    }
    const values = this.#chunks[this.#chunks.length - 1] as Float64Array;
    const at = this.#used++ * WIDTH;
    values.set(FRESH, at);
    return { values, at };
  }

  /** A fresh run whose end and last flow are `marks[at]` and `marks[at + 1]` (a household's). */
  acquire(marks: Float64Array, at: number): FlowRun {
    const run = this.#free.pop() ?? new FlowRun(this);
    run.reset(marks, at);
    return run;
  }

  /** A run no longer followed (its household's water stopped): kept for the next. */
  release(run: FlowRun): void {
    this.#free.push(run);
  }

  /** Bytes of its arrays. */
  get bytes(): number {
    return this.#chunks.length * this.#chunk * WIDTH * 8;
  }
}

export class FlowRun implements WaterRun {
  readonly #v: Float64Array;
  readonly #at: number;
  /** Its end and last flow: its household's (they outlive the run), or its own. */
  #marks: Float64Array;
  #markAt = 0;
  /** Flow rates (m3/h) of the run's intervals: count (sum and sum of squares in the record), for how steady it is. */
  intervals = 0;
  /** Set by `resume` until the first interval at or after the run's start arrives. */
  #resumed = false;
  #hiN = 0;
  /** Intervals of the tail above its rates (people's draws on top of the tap), not in its statistics. */
  #tailAbove = 0;
  #tailN = 0;

  /** A run in `slab` (a detector's households' shared one), or in a slab of its own. */
  constructor(slab: FlowSlab = new FlowSlab(1)) {
    const { values, at } = slab.allocate();
    this.#v = values;
    this.#at = at;
    this.#marks = new Float64Array(2).fill(Number.NaN);
  }

  /** Fresh again, its end and last flow at `marks[at]`, `marks[at + 1]` (FlowSlab.acquire). */
  reset(marks: Float64Array, at: number): void {
    this.#v.set(FRESH, this.#at);
    this.#marks = marks;
    this.#markAt = at;
    this.intervals = 0;
    this.#resumed = false;
    this.#hiN = 0;
    this.#tailAbove = 0;
    this.#tailN = 0;
  }

  /** Whether water is not running and no restored run waits for its replay: nothing but its marks to keep. */
  get idle(): boolean {
    return Number.isNaN(this.start) && !this.#resumed;
  }

  /** Start of the current run, NaN when water is not running. */
  get start(): number {
    return this.#v[this.#at + F.start] as number;
  }
  set start(x: number) {
    this.#v[this.#at + F.start] = x;
  }
  get end(): number {
    return this.#marks[this.#markAt + M.end] as number;
  }
  set end(x: number) {
    this.#marks[this.#markAt + M.end] = x;
  }
  get volume(): number {
    return this.#v[this.#at + F.volume] as number;
  }
  set volume(x: number) {
    this.#v[this.#at + F.volume] = x;
  }
  get #rateSum(): number {
    return this.#v[this.#at + F.rateSum] as number;
  }
  set #rateSum(x: number) {
    this.#v[this.#at + F.rateSum] = x;
  }
  get #rateSq(): number {
    return this.#v[this.#at + F.rateSq] as number;
  }
  set #rateSq(x: number) {
    this.#v[this.#at + F.rateSq] = x;
  }
  /** End of the last flowing interval (NaN before any): a pause is measured from it. */
  get lastFlowTo(): number {
    return this.#marks[this.#markAt + M.lastFlowTo] as number;
  }
  set lastFlowTo(x: number) {
    this.#marks[this.#markAt + M.lastFlowTo] = x;
  }
  /** Start of the streak of intervals at or above `waterRunningMinFlowM3h` (NaN when the last was below). */
  get highStart(): number {
    return this.#v[this.#at + F.highStart] as number;
  }
  set highStart(x: number) {
    this.#v[this.#at + F.highStart] = x;
  }
  get #hiSum(): number {
    return this.#v[this.#at + F.hiSum] as number;
  }
  set #hiSum(x: number) {
    this.#v[this.#at + F.hiSum] = x;
  }
  get #hiSq(): number {
    return this.#v[this.#at + F.hiSq] as number;
  }
  set #hiSq(x: number) {
    this.#v[this.#at + F.hiSq] = x;
  }
  /**
   * Start of the run's steady tail (NaN before any): its latest intervals whose rates stay within
   * `waterSteadyCv` together. A tap left on with people drawing water on top of it now and then
   * (a kettle, a wash) is steady again once they stop; the whole run's statistics keep their draws
   * for ever (5 of 57 taps missed on households seeds 1007–1009, each with one to four such draws).
   */
  get tailStart(): number {
    return this.#v[this.#at + F.tailStart] as number;
  }
  set tailStart(x: number) {
    this.#v[this.#at + F.tailStart] = x;
  }
  get #tailSum(): number {
    return this.#v[this.#at + F.tailSum] as number;
  }
  set #tailSum(x: number) {
    this.#v[this.#at + F.tailSum] = x;
  }
  get #tailSq(): number {
    return this.#v[this.#at + F.tailSq] as number;
  }
  set #tailSq(x: number) {
    this.#v[this.#at + F.tailSq] = x;
  }

  /**
   * Follows the run through interval `iv`. `seenThrough`: the newest reading of this meter the
   * restored state had taken in (`UsageRing.seededThroughOf('water')`), read only by the first
   * interval after `resume`; not finite: unknown (nothing seeded, or rows without marks).
   */
  onInterval(iv: Interval, config: UtilityConfig, seenThrough = Number.NaN): void {
    if (this.#resumed) {
      // A replay after a restart may begin before the restored run: what precedes it is
      // history already judged, and must not end the run.
      if (iv.to <= this.start) return;
      this.#resumed = false;
      if (iv.from === this.start)
        this.end = Number.NaN; // the run's first interval, replayed: count it afresh
      // A replay that begins inside the run (it started over `maxGapMs` before the crash): the
      // run flowed until the replay's first interval as far as anyone knows (the uninterrupted
      // run's last flow was no later), so a pause is measured from there, not from the run's
      // start: one gap in the readings replayed first would have ended it at once (issue 15
      // item 1). The resume point replays the run's last flow, which sets the end exactly.
      // Never past the meter's last reading before the restart: a meter silent over `maxGapMs`
      // is not replayed, and its first interval begins where it came back, hours after the
      // uninterrupted run's last flow (which was at or before that reading): its alert ended
      // there, hours late (review of wip-water16).
      else if (iv.from > this.lastFlowTo)
        this.lastFlowTo = Number.isFinite(seenThrough)
          ? Math.max(this.lastFlowTo, Math.min(iv.from, seenThrough))
          : iv.from;
    }
    const rate = (iv.usage / (iv.to - iv.from)) * HOUR;
    if (!flowsIn(iv, config)) {
      this.start = Number.NaN;
      this.volume = 0;
      this.#restartStats();
      this.#restartHigh(Number.NaN);
      this.#restartTail(Number.NaN, 0);
    } else {
      if (Number.isNaN(this.start) || (iv.from !== this.end && !Number.isNaN(this.end))) {
        this.start = iv.from;
        this.volume = 0;
        this.#restartStats();
        this.#restartHigh(Number.NaN);
        this.#restartTail(Number.NaN, 0);
      }
      this.#extendTail(iv.from, rate, config.waterSteadyCv, config.waterTailAboveShare);
      if (rate < config.waterRunningMinFlowM3h) this.#restartHigh(Number.NaN);
      else {
        if (Number.isNaN(this.highStart)) this.#restartHigh(iv.from);
        this.#hiN++;
        this.#hiSum += rate;
        this.#hiSq += rate * rate;
      }
      this.volume += iv.usage;
      this.intervals++;
      this.#rateSum += rate;
      this.#rateSq += rate * rate;
      this.lastFlowTo = iv.to;
    }
    this.end = iv.to;
  }

  #restartStats(): void {
    this.intervals = 0;
    this.#rateSum = 0;
    this.#rateSq = 0;
  }

  /**
   * Adds a rate to the steady tail, or starts the tail at it when the two no longer agree. A rate
   * above the tail's may instead be passed over (a draw on top of a tap, which adds to it and never
   * takes away), while such intervals stay at most `aboveShare` of the tail's.
   */
  #extendTail(from: number, rate: number, steadyCv: number, aboveShare: number): void {
    const n = this.#tailN + 1;
    const sum = this.#tailSum + rate;
    const sq = this.#tailSq + rate * rate;
    if (Number.isNaN(this.tailStart)) this.#restartTail(from, rate);
    else if (!(cv(n, sum, sq) <= steadyCv)) {
      const above = this.#tailAbove + 1;
      if (rate > this.#tailSum / this.#tailN && above <= aboveShare * (this.#tailN + above))
        this.#tailAbove = above;
      else this.#restartTail(from, rate);
    } else {
      this.#tailN = n;
      this.#tailSum = sum;
      this.#tailSq = sq;
    }
  }

  #restartTail(start: number, rate: number): void {
    this.tailStart = start;
    this.#tailAbove = 0;
    this.#tailN = Number.isNaN(start) ? 0 : 1;
    this.#tailSum = rate;
    this.#tailSq = rate * rate;
  }

  /** How long the steady tail has flowed (0 without one). */
  tailDuration(): number {
    return Number.isNaN(this.tailStart) ? 0 : this.end - this.tailStart;
  }

  /** Mean flow rate of the steady tail's intervals, m3/h (NaN without one). */
  tailRate(): number {
    return this.#tailN > 0 ? this.#tailSum / this.#tailN : Number.NaN;
  }

  #restartHigh(start: number): void {
    this.highStart = start;
    this.#hiN = 0;
    this.#hiSum = 0;
    this.#hiSq = 0;
  }

  /** Coefficient of variation of the run's interval flow rates (0: perfectly steady); NaN under 2 intervals. */
  rateCv(): number {
    return cv(this.intervals, this.#rateSum, this.#rateSq);
  }

  /** The same, over the streak at or above `waterRunningMinFlowM3h`. */
  highCv(): number {
    return cv(this.#hiN, this.#hiSum, this.#hiSq);
  }

  /** How long the streak at or above `waterRunningMinFlowM3h` has flowed (0 when the last interval was below). */
  highDuration(): number {
    return Number.isNaN(this.highStart) ? 0 : this.end - this.highStart;
  }

  /** How long the run has flowed so far (0 when water is not running). */
  duration(): number {
    return Number.isNaN(this.start) ? 0 : this.end - this.start;
  }

  /** Continues a run that began at `since` (an alert restored after a restart): the next flowing interval extends it. */
  resume(since: number): void {
    this.start = since;
    this.end = Number.NaN;
    this.volume = 0;
    this.#restartStats();
    this.#restartHigh(Number.NaN);
    this.#restartTail(Number.NaN, 0);
    // Known to have flowed at `since`: a replay that shows no flow ends it from there at the latest.
    this.lastFlowTo = since;
    this.#resumed = true;
  }

  /** Mean flow over the run, m3/h. */
  flowM3h(): number {
    return this.end > this.start ? (this.volume / (this.end - this.start)) * HOUR : 0;
  }
}

function cv(n: number, sum: number, sq: number): number {
  if (n < 2) return Number.NaN;
  const mean = sum / n;
  const variance = Math.max(0, sq / n - mean * mean);
  return mean > 0 ? Math.sqrt(variance) / mean : Number.NaN;
}

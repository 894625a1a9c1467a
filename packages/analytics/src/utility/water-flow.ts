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

export class FlowRun {
  /** Start of the current run, NaN when water is not running. */
  start = Number.NaN;
  end = Number.NaN;
  volume = 0;
  /** Flow rates (m3/h) of the run's intervals: count, sum and sum of squares, for how steady it is. */
  intervals = 0;
  #rateSum = 0;
  #rateSq = 0;
  /** End of the last flowing interval (NaN before any): a pause is measured from it. */
  lastFlowTo = Number.NaN;
  /** Set by `resume` until the first interval at or after the run's start arrives. */
  #resumed = false;
  /** Start of the streak of intervals at or above `waterRunningMinFlowM3h` (NaN when the last was below). */
  highStart = Number.NaN;
  #hiN = 0;
  #hiSum = 0;
  #hiSq = 0;
  /**
   * Start of the run's steady tail (NaN before any): its latest intervals whose rates stay within
   * `waterSteadyCv` together. A tap left on with people drawing water on top of it now and then
   * (a kettle, a wash) is steady again once they stop; the whole run's statistics keep their draws
   * for ever (5 of 57 taps missed on households seeds 1007–1009, each with one to four such draws).
   */
  tailStart = Number.NaN;
  /** Intervals of the tail above its rates (people's draws on top of the tap), not in its statistics. */
  #tailAbove = 0;
  #tailN = 0;
  #tailSum = 0;
  #tailSq = 0;

  onInterval(iv: Interval, config: UtilityConfig): void {
    if (this.#resumed) {
      // A replay after a restart may begin before the restored run: what precedes it is
      // history already judged, and must not end the run.
      if (iv.to <= this.start) return;
      this.#resumed = false;
      if (iv.from === this.start) this.end = Number.NaN; // the run's first interval, replayed: count it afresh
    }
    const length = iv.to - iv.from;
    const rate = (iv.usage / length) * HOUR;
    const flowing =
      Number.isFinite(rate) &&
      length <= config.waterRunningMaxIntervalMs &&
      rate >= Math.min(config.waterTrickleMinFlowM3h, config.waterRunningMinFlowM3h);
    if (!flowing) {
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

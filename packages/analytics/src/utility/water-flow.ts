/**
 * A run of water flowing without pause: consecutive short intervals each at or above a flow
 * rate. A gap in the readings breaks the run (nobody saw the water flow throughout it).
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
    } else {
      if (Number.isNaN(this.start) || (iv.from !== this.end && !Number.isNaN(this.end))) {
        this.start = iv.from;
        this.volume = 0;
        this.#restartStats();
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

  /** Coefficient of variation of the run's interval flow rates (0: perfectly steady); NaN under 2 intervals. */
  rateCv(): number {
    if (this.intervals < 2) return Number.NaN;
    const mean = this.#rateSum / this.intervals;
    const variance = Math.max(0, this.#rateSq / this.intervals - mean * mean);
    return mean > 0 ? Math.sqrt(variance) / mean : Number.NaN;
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
    // Known to have flowed at `since`: a replay that shows no flow ends it from there at the latest.
    this.lastFlowTo = since;
    this.#resumed = true;
  }

  /** Mean flow over the run, m3/h. */
  flowM3h(): number {
    return this.end > this.start ? (this.volume / (this.end - this.start)) * HOUR : 0;
  }
}

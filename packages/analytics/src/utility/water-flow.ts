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
      rate >= config.waterRunningMinFlowM3h;
    if (!flowing) {
      this.start = Number.NaN;
      this.volume = 0;
    } else if (Number.isNaN(this.start) || (iv.from !== this.end && !Number.isNaN(this.end))) {
      this.start = iv.from;
      this.volume = iv.usage;
    } else {
      this.volume += iv.usage;
    }
    this.end = iv.to;
  }

  /** Continues a run that began at `since` (an alert restored after a restart): the next flowing interval extends it. */
  resume(since: number): void {
    this.start = since;
    this.end = Number.NaN;
    this.volume = 0;
    this.#resumed = true;
  }

  /** Whether water has run without pause for at least the configured time. */
  running(config: UtilityConfig): boolean {
    return !Number.isNaN(this.start) && this.end - this.start >= config.waterRunningMs;
  }

  /** Mean flow over the run, m3/h. */
  flowM3h(): number {
    return this.end > this.start ? (this.volume / (this.end - this.start)) * HOUR : 0;
  }
}

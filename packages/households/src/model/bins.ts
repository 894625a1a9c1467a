/**
 * Usage per household per quarter hour, for the three days an activity can touch (the day being
 * simulated and the two after it: a cycle that starts on day d ends before day d + 2). Water in
 * litres, electricity in watt-hours. Activity inside a household's quiet intervals (away on a
 * trip, or after an incident) is cut off: nobody is there to use it.
 */
const SLOTS = 3 * 96;
const Q = 15;

export class UsageBins {
  readonly water: Float32Array;
  readonly power: Float32Array;
  readonly #quiet = new Map<number, [number, number][]>();

  constructor(households: number) {
    this.water = new Float32Array(households * SLOTS);
    this.power = new Float32Array(households * SLOTS);
  }

  /** From `from` (minutes) to `to` nobody in household `h` uses anything. */
  addQuiet(h: number, from: number, to: number): void {
    const list = this.#quiet.get(h) ?? [];
    list.push([from, to]);
    this.#quiet.set(h, list);
  }

  isQuiet(h: number, t: number): boolean {
    return this.#quiet.get(h)?.some(([a, b]) => t >= a && t < b) ?? false;
  }

  /** Spreads `amount` evenly over [start, start + minutes), minus quiet time. */
  addWater(h: number, start: number, minutes: number, litres: number): void {
    this.#add(this.water, h, start, minutes, litres);
  }

  /** Draws `watts` over [start, start + minutes), minus quiet time. */
  addPower(h: number, start: number, minutes: number, watts: number): void {
    this.#add(this.power, h, start, minutes, (watts * minutes) / 60);
  }

  /** Adds to the bins regardless of quiet time: a running tap needs nobody. */
  addWaterUnattended(h: number, start: number, minutes: number, litres: number): void {
    this.#spread(this.water, h, start, start + Math.max(minutes, 0.01), litres / Math.max(minutes, 0.01));
  }

  /** Usage in household `h`'s quarter `quarter` (quarters since the stream start), then cleared. */
  take(h: number, quarter: number): { water: number; power: number } {
    const i = h * SLOTS + (quarter % SLOTS);
    const out = { water: this.water[i] as number, power: this.power[i] as number };
    this.water[i] = 0;
    this.power[i] = 0;
    return out;
  }

  #add(target: Float32Array, h: number, start: number, minutes: number, amount: number): void {
    const span = Math.max(minutes, 0.01);
    const rate = amount / span;
    const end = start + span;
    const quiet = this.#quiet.get(h);
    if (!quiet) {
      this.#spread(target, h, start, end, rate);
      return;
    }
    // The parts of [start, end) outside every quiet interval.
    let pieces: [number, number][] = [[start, end]];
    for (const [qa, qb] of quiet) {
      const next: [number, number][] = [];
      for (const [a, b] of pieces) {
        if (qb <= a || qa >= b) next.push([a, b]);
        else {
          if (qa > a) next.push([a, qa]);
          if (qb < b) next.push([qb, b]);
        }
      }
      pieces = next;
    }
    for (const [a, b] of pieces) this.#spread(target, h, a, b, rate);
  }

  #spread(target: Float32Array, h: number, from: number, to: number, perMinute: number): void {
    if (from < 0) from = 0;
    let t = from;
    while (t < to) {
      const bin = Math.floor(t / Q);
      const binEnd = (bin + 1) * Q;
      const stop = Math.min(to, binEnd);
      const i = h * SLOTS + (bin % SLOTS);
      target[i] = (target[i] as number) + perMinute * (stop - t);
      t = stop;
    }
  }
}

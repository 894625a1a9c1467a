import { describe, expect, it } from 'vitest';
import { parseUtilityConfig } from './config.ts';
import { FlowRun, FlowSlab } from './water-flow.ts';

const config = parseUtilityConfig({});
const Q = 900_000;

/** What a run says of itself. */
const state = (r: FlowRun) => [
  r.start,
  r.end,
  r.volume,
  r.intervals,
  r.lastFlowTo,
  r.highStart,
  r.tailStart,
  r.rateCv(),
  r.highCv(),
  r.tailDuration(),
  r.tailRate(),
  r.flowM3h(),
];

describe('usage > water runs in a shared slab (water-flow.ts)', () => {
  it('runs sharing a slab each read what a run of its own reads', () => {
    const slab = new FlowSlab(3);
    const shared = Array.from({ length: 7 }, () => new FlowRun(slab));
    const alone = shared.map(() => new FlowRun());
    let x = 7;
    const rand = () => {
      x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
      return x / 2 ** 31;
    };
    let flowing = 0;
    for (let step = 0; step < 400; step++) {
      for (let i = 0; i < shared.length; i++) {
        const from = step * Q;
        const usage = rand() < 0.4 ? 0 : rand() < 0.5 ? 0.002 + rand() * 0.001 : rand() * 0.05;
        const iv = { from: rand() < 0.03 ? from - Q : from, to: from + Q, usage };
        if (step === 200 && i === 3) {
          (shared[i] as FlowRun).resume(from - 4 * Q);
          (alone[i] as FlowRun).resume(from - 4 * Q);
        }
        (shared[i] as FlowRun).onInterval(iv, config);
        (alone[i] as FlowRun).onInterval(iv, config);
        expect(state(shared[i] as FlowRun)).toEqual(state(alone[i] as FlowRun));
        if (!Number.isNaN((shared[i] as FlowRun).start)) flowing++;
      }
    }
    expect(flowing).toBeGreaterThan(100);
    expect(slab.bytes).toBe(3 * 3 * 12 * 8);
  });
});

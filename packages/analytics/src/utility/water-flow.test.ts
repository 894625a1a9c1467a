import { describe, expect, it } from 'vitest';
import { parseUtilityConfig } from './config.ts';
import { HOUSEHOLD_NUMBERS, newHousehold } from './household.ts';
import { NumberSlab } from './number-slab.ts';
import { RingSlab } from './ring-slab.ts';
import { householdInfo } from './testing.ts';
import { FlowRun, FlowSlab, type WaterRun } from './water-flow.ts';

const config = parseUtilityConfig({});
const Q = 900_000;

/** What a run says of itself. */
const state = (r: WaterRun) => [
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
    expect(slab.bytes).toBe(3 * 3 * 10 * 8);
  });

  it('a household holds a run only while its water runs, and reads as a run of its own', () => {
    const flows = new FlowSlab(4);
    const rings = new RingSlab(48);
    const numbers = new NumberSlab(HOUSEHOLD_NUMBERS);
    const households = Array.from({ length: 20 }, (_, i) =>
      newHousehold(householdInfo(`HH-${i}`), rings, {}, flows, undefined, numbers),
    );
    const alone = households.map(() => new FlowRun());
    let x = 11;
    const rand = () => {
      x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
      return x / 2 ** 31;
    };
    let flowing = 0;
    let most = 0;
    for (let step = 0; step < 600; step++) {
      let now = 0;
      for (let i = 0; i < households.length; i++) {
        const h = households[i] as (typeof households)[number];
        const a = alone[i] as FlowRun;
        const from = step * Q;
        // Mostly dry, runs now and then: a tap, a trickle, a gap in the readings, a restored alert.
        const usage = rand() < 0.7 ? 0 : rand() < 0.5 ? 0.002 + rand() * 0.001 : rand() * 0.05;
        const iv = { from: rand() < 0.03 ? from - Q : from, to: from + Q, usage };
        if (rand() < 0.005) {
          const since = from - Math.floor(rand() * 8) * Q;
          h.flow.resume(since);
          a.resume(since);
        }
        const seen = rand() < 0.5 ? Number.NaN : from - Q;
        h.flow.onInterval(iv, config, seen);
        a.onInterval(iv, config, seen);
        expect(state(h.flow)).toEqual(state(a));
        if (!Number.isNaN(a.start)) {
          flowing++;
          now++;
        }
      }
      most = Math.max(most, now);
    }
    expect(flowing).toBeGreaterThan(500);
    // Records for the runs flowing at once (chunks of 4), not for every household.
    expect(flows.bytes).toBeLessThanOrEqual(Math.ceil((most + 1) / 4) * 4 * 10 * 8);
    expect(flows.bytes).toBeLessThan(20 * 10 * 8);
  });

  it('households sharing a number slab and given no flow slab share one (review, session 19)', () => {
    const rings = new RingSlab(48);
    const numbers = new NumberSlab(HOUSEHOLD_NUMBERS);
    // Given no flow slab each made its own, and the second household threw "two flow slabs".
    const households = Array.from({ length: 3 }, (_, i) =>
      newHousehold(householdInfo(`HH-${i}`), rings, {}, undefined, undefined, numbers),
    );
    const alone = households.map(() => new FlowRun());
    let flowing = 0;
    for (let step = 0; step < 6; step++)
      for (let i = 0; i < households.length; i++) {
        const h = households[i] as (typeof households)[number];
        const iv = { from: step * Q, to: (step + 1) * Q, usage: step < 4 ? 0.02 * (i + 1) : 0 };
        h.flow.onInterval(iv, config);
        (alone[i] as FlowRun).onInterval(iv, config);
        expect(state(h.flow)).toEqual(state(alone[i] as FlowRun));
        if (!Number.isNaN(h.flow.start)) flowing++;
      }
    // All three ran at once, each in a run of the one slab.
    expect(flowing).toBeGreaterThanOrEqual(9);
    // Two flow slabs given for one number slab is still a caller's mistake, said so.
    newHousehold(
      householdInfo('HH-a'),
      rings,
      {},
      new FlowSlab(),
      undefined,
      new NumberSlab(HOUSEHOLD_NUMBERS),
    );
    const other = new NumberSlab(HOUSEHOLD_NUMBERS);
    newHousehold(householdInfo('HH-b'), rings, {}, new FlowSlab(), undefined, other);
    expect(() => newHousehold(householdInfo('HH-c'), rings, {}, new FlowSlab(), undefined, other)).toThrow(
      'two flow slabs',
    );
  });

  it('a resumed run measures a pause from where the replay began, not from the run’s start', () => {
    // An alert since 00:00 restored at 09:00; the replay begins at 07:00 (another household's
    // run held it back) with a 45-min gap in the readings (not flowing), then the tap again.
    const run = new FlowRun();
    const since = 0;
    run.resume(since);
    run.onInterval({ from: 28 * Q, to: 31 * Q, usage: 0 }, config);
    expect([run.start, run.lastFlowTo, run.end]).toEqual([Number.NaN, 28 * Q, 31 * Q]);
    // A pause of 45 min, under `waterPauseMs`: the uninterrupted run's was no shorter only if
    // its last flow was later, and it kept its alert open through it.
    expect(run.end - run.lastFlowTo).toBeLessThan(config.waterPauseMs);
    run.onInterval({ from: 31 * Q, to: 32 * Q, usage: 0.06 }, config);
    expect([run.start, run.lastFlowTo]).toEqual([31 * Q, 32 * Q]);
    // A replay that begins with the tap flowing continues the run from its start, as before.
    const flowing = new FlowRun();
    flowing.resume(since);
    flowing.onInterval({ from: 28 * Q, to: 29 * Q, usage: 0.06 }, config);
    expect([flowing.start, flowing.lastFlowTo]).toEqual([since, 29 * Q]);
  });
});

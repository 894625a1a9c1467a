import { describe, expect, it } from 'vitest';
import { RingSlab } from './ring-slab.ts';
import { HOUR, MINUTE } from './time.ts';
import { SLOT, UsageRing } from './usage-ring.ts';

const H = 490_000; // an hour index

describe('usage > UsageRing', () => {
  it('spreads an interval over the hours it covers, in proportion to time', () => {
    const ring = new UsageRing(48);
    ring.spread('water', H * HOUR + 30 * MINUTE, (H + 2) * HOUR, 0.9);
    expect(ring.waterAt(ring.at(H))).toBeCloseTo(0.3);
    expect(ring.waterAt(ring.at(H + 1))).toBeCloseTo(0.6);
    expect(ring.at(H + 2)).toBe(-1);
  });

  it('keeps a quarter ending on the hour in the hour it was used, and counts its reading there', () => {
    const ring = new UsageRing(48);
    ring.spread('electricity', H * HOUR + 45 * MINUTE, (H + 1) * HOUR, 0.2);
    ring.count('electricity', (H + 1) * HOUR);
    const s = ring.at(H);
    expect(ring.elecAt(s)).toBeCloseTo(0.2);
    expect(ring.elecCountAt(s)).toBe(1);
    expect(ring.at(H + 1)).toBe(-1);
  });

  it('drops hours older than its size as newer ones arrive', () => {
    const ring = new UsageRing(24);
    ring.spread('water', H * HOUR, (H + 1) * HOUR, 1);
    ring.ensure(H + 23);
    expect(ring.at(H)).toBeGreaterThanOrEqual(0);
    ring.ensure(H + 24);
    expect(ring.at(H)).toBe(-1);
    expect(ring.waterAt(ring.at(H + 24))).toBe(0);
  });

  it('has no slot for an hour that is not a whole index, so a NaN never writes slot 0', () => {
    const ring = new UsageRing(24);
    ring.ensure(H + 23);
    expect(ring.at(Number.NaN)).toBe(-1);
    expect(ring.at(H + 0.5)).toBe(-1);
    expect(ring.at(H + 23)).toBeGreaterThanOrEqual(0);
  });

  it('adds to a seeded hour only the readings after those it had taken', () => {
    const ring = new UsageRing(48);
    ring.seed(H, 0.5, 1.2, 4, 4);
    ring.setSeededThrough((H + 1) * HOUR, ring.seededThroughOf('electricity'));
    // Replayed: the interval up to the hour's last reading, which the stored row holds.
    ring.spread('water', H * HOUR + 45 * MINUTE, (H + 1) * HOUR, 0.1);
    ring.count('water', (H + 1) * HOUR);
    const s = ring.at(H);
    expect(ring.waterAt(s)).toBeCloseTo(0.5);
    expect(ring.waterCountAt(s)).toBe(4);
    expect(ring.has(s, SLOT.dirty)).toBe(false);
    // Never seen: a reading after the mark whose interval reaches back into the hour.
    ring.spread('water', H * HOUR + 30 * MINUTE, (H + 1) * HOUR + 30 * MINUTE, 0.2);
    expect(ring.waterAt(s)).toBeCloseTo(0.6);
    expect(ring.has(s, SLOT.dirty)).toBe(true);
    expect(ring.has(s, SLOT.seeded)).toBe(true);
  });

  it('keeps seeded hours final when what they took is unknown', () => {
    const ring = new UsageRing(48);
    ring.seed(H, 0.5, 1.2, 4, 4);
    ring.setSeededThrough(ring.seededThroughOf('water'), Number.POSITIVE_INFINITY);
    ring.spread('electricity', H * HOUR + 45 * MINUTE, (H + 2) * HOUR, 0.3);
    ring.count('electricity', (H + 1) * HOUR);
    expect(ring.elecAt(ring.at(H))).toBeCloseTo(1.2);
    expect(ring.elecCountAt(ring.at(H))).toBe(4);
    expect(ring.elecAt(ring.at(H + 1))).toBeCloseTo(0.3 * (4 / 5));
  });

  it("keeps whole units up to 1,022 L and 20.46 kWh in the hour's word, larger ones aside, flags apart", () => {
    // ring-slab.ts packs both values and the flags into one 32-bit word: a value at its field's
    // edge must not spill into the next field, and one past it is kept as its float32.
    const slab = new RingSlab(24);
    const rings = [new UsageRing(24, slab), new UsageRing(24, slab)];
    const cases: [number, number][] = [
      [1.022, 20.46],
      [1.023, 20.47],
      [0.001, 0.01],
      [65.535, 655.35],
    ];
    for (const ring of rings) {
      for (const [k, [water, elec]] of cases.entries()) ring.seed(H + k, water, elec, 4, 4);
      ring.mark(ring.at(H), SLOT.observed | SLOT.excluded | SLOT.dirty);
    }
    for (const ring of rings) {
      cases.forEach(([water, elec], k) => {
        const s = ring.at(H + k);
        expect(ring.waterAt(s)).toBe(Math.fround(water));
        expect(ring.elecAt(s)).toBe(Math.fround(elec));
        expect(ring.has(s, SLOT.seeded)).toBe(true);
        expect(ring.has(s, SLOT.observed)).toBe(k === 0);
      });
      expect(ring.has(ring.at(H), SLOT.excluded | SLOT.dirty | SLOT.emitted)).toBe(true);
      ring.mark(ring.at(H), SLOT.excluded | SLOT.dirty | SLOT.emitted, false);
      expect(ring.waterAt(ring.at(H))).toBe(Math.fround(1.022));
      expect(ring.elecAt(ring.at(H))).toBe(Math.fround(20.46));
    }
    // Hours past the edges went aside: four values a ring, past 24 / 8, so one wide array each.
    expect(slab.stats().aside).toBe(2);
  });

  it('holds exactly the float32 a Float32Array would, whole units or not, rings sharing a slab', () => {
    // The reference: the layout before issue 17, a Float32Array per value and a Uint8Array per count.
    const slab = new RingSlab(24);
    const rings = [new UsageRing(24, slab), new UsageRing(24, slab), new UsageRing(24, slab)];
    const ref = rings.map(() => ({
      water: new Float32Array(24),
      elec: new Float32Array(24),
      nw: new Uint8Array(24),
      ne: new Uint8Array(24),
    }));
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const differences: string[] = [];
    for (let step = 0; step < 4000; step++) {
      const r = Math.floor(rnd() * rings.length);
      const ring = rings[r] as UsageRing;
      const mine = ref[r] as (typeof ref)[number];
      const h = H + Math.floor(rnd() * 20);
      // Register differences (whole litres, hundredths of a kWh), shares of split intervals,
      // large and negative values (a retraction), many readings in an hour.
      const kind = rnd() < 0.5 ? 'water' : 'electricity';
      const usage =
        rnd() < 0.6
          ? Math.round(rnd() * 300) / (kind === 'water' ? 1000 : 100)
          : rnd() < 0.5
            ? (rnd() - 0.3) * 900
            : rnd() / 7;
      const split = rnd() < 0.3 ? 20 * MINUTE : 0;
      ring.spread(kind, h * HOUR - split, (h + 1) * HOUR, usage);
      const readings = rnd() < 0.1 ? 20 : 1;
      for (let k = 0; k < readings; k++) ring.count(kind, (h + 1) * HOUR);
      const s = ring.at(h);
      const counts = kind === 'water' ? mine.nw : mine.ne;
      counts[s] = Math.min(255, (counts[s] as number) + readings);
      const values = kind === 'water' ? mine.water : mine.elec;
      if (split > 0 && s >= 0) {
        const prev = ring.at(h - 1);
        if (prev >= 0) values[prev] = (values[prev] as number) + (usage * split) / (HOUR + split);
      }
      values[s] = (values[s] as number) + (usage * HOUR) / (HOUR + split);
      for (let x = 0; x < 24; x++)
        if (
          !Object.is(ring.waterAt(x), mine.water[x]) ||
          !Object.is(ring.elecAt(x), mine.elec[x]) ||
          ring.waterCountAt(x) !== mine.nw[x] ||
          ring.elecCountAt(x) !== mine.ne[x]
        )
          differences.push(`step ${step}, ring ${r}, slot ${x}`);
    }
    expect(differences).toEqual([]);
    // Values and counts that do not fit 16 (4) bits were met, and kept aside.
    expect(slab.stats().aside).toBeGreaterThan(0);
  });

  it('keeps values and counts aside in a map while few, in an array while many, and lets them go with their hours', () => {
    // ring-slab.ts: a ring's values aside (not whole units) go to a map of the chunk, to an array of
    // the ring's own past hours / 8 of them, and leave with their hours (the array with the last);
    // its count pairs not among the usual ones (both 0–4) likewise, past hours / 16.
    const hours = 48;
    const slab = new RingSlab(hours);
    const rings = [new UsageRing(hours, slab), new UsageRing(hours, slab), new UsageRing(hours, slab)];
    const ref = rings.map(() => new Map<number, [number, number, number, number]>());
    let seed = 11;
    const rnd = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    // Whole units, or a share of a split interval (aside), per value.
    const value = (units: number, odds: number) =>
      rnd() < odds ? Math.fround(rnd() / 7) : Math.fround(Math.round(rnd() * 300) / units);
    // Mostly a full hour or an empty one; else any count up to 255 (aside but for the usual pairs).
    const count = (odds: number) => (rnd() < odds ? Math.floor(rnd() * (rnd() < 0.5 ? 6 : 256)) : 4);
    const differences: string[] = [];
    let wideSeen = 0;
    let h = H;
    for (let step = 0; step < 6000; step++) {
      const r = Math.floor(rnd() * rings.length);
      const ring = rings[r] as UsageRing;
      const mine = ref[r] as Map<number, [number, number, number, number]>;
      // Phases: few values aside (a map), many (an array), then whole hours only (they go).
      const phase = Math.floor(step / 1000) % 3;
      const odds = phase === 0 ? 0.03 : phase === 1 ? 0.6 : 0;
      if (rnd() < 0.2) h += 1 + Math.floor(rnd() * 3);
      const at = h - Math.floor(rnd() * (hours + 4));
      const hour: [number, number, number, number] = [
        value(1000, odds),
        value(100, odds),
        count(odds),
        count(odds),
      ];
      if (ring.seed(at, ...hour) >= 0) mine.set(at, hour);
      // Now and then a reading counted on top, as a late one is.
      if (rnd() < 0.1 && ring.at(at) >= 0) {
        const kind = rnd() < 0.5 ? 'water' : 'electricity';
        ring.setSeededThrough(Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY);
        ring.count(kind, (at + 1) * HOUR);
        const k = kind === 'water' ? 2 : 3;
        hour[k] = Math.min(255, hour[k] + 1);
      }
      for (const [x, [w, e, nw, ne]] of mine) {
        const s = ring.at(x);
        if (s < 0) mine.delete(x);
        else if (
          !Object.is(ring.waterAt(s), w) ||
          !Object.is(ring.elecAt(s), e) ||
          ring.waterCountAt(s) !== nw ||
          ring.elecCountAt(s) !== ne
        )
          differences.push(`step ${step}, ring ${r}, hour ${x - H}`);
      }
      for (let x = ring.latest - hours + 1; x <= ring.latest; x++) {
        const s = ring.at(x);
        if (
          !mine.has(x) &&
          (ring.waterAt(s) !== 0 ||
            ring.elecAt(s) !== 0 ||
            ring.waterCountAt(s) !== 0 ||
            ring.elecCountAt(s) !== 0)
        )
          differences.push(`step ${step}, ring ${r}, hour ${x - H} not cleared`);
      }
      wideSeen = Math.max(wideSeen, slab.chunkWideRings());
    }
    expect(differences).toEqual([]);
    expect(wideSeen).toBeGreaterThan(0);
    // After 1,000 steps of whole hours and usual counts everything aside has left with its hours.
    for (const ring of rings) ring.ensure(h + hours);
    expect(slab.stats().aside).toBe(0);
  });

  it('refuses a reading count outside 0–255', () => {
    const slab = new RingSlab(24);
    new UsageRing(24, slab);
    const chunk = slab.allocate().chunk;
    expect(() => chunk.setCount(0, 0, 256)).toThrow(RangeError);
    expect(() => chunk.setCount(0, 1, -1)).toThrow(RangeError);
  });
});

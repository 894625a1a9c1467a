import { describe, expect, it } from 'vitest';
import { ColdDays, type ColdScratch, dayArrays, encodeDays } from './cold-days.ts';
import { RingSlab } from './ring-slab.ts';
import { HOUR } from './time.ts';
import { type UsageKind, UsageRing } from './usage-ring.ts';

const SIZE = 408;
const FLAGS = [1, 2, 4, 8, 16];

/** Everything a rule can read of hour `h`: values, counts and flags, or undefined without a slot. */
function hourOf(ring: UsageRing, h: number): unknown[] | undefined {
  const s = ring.at(h);
  if (s < 0) return undefined;
  return [
    ring.waterAt(s),
    ring.elecAt(s),
    ring.waterCountAt(s),
    ring.elecCountAt(s),
    ...FLAGS.map((f) => ring.has(s, f)),
  ];
}

/** Sets hour h of `s` to [water, electricity, water count, electricity count, flags]. */
function setHour(s: ColdScratch, h: number, v: readonly number[]): void {
  s.water[h] = v[0] as number;
  s.elec[h] = v[1] as number;
  s.waterCount[h] = v[2] as number;
  s.elecCount[h] = v[3] as number;
  s.flags[h] = v[4] as number;
}

/** A seeded pseudo-random source (an LCG), so a failure replays. */
function source(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

describe('usage > closed days packed (cold-days.ts)', () => {
  it('reads back every hour as a ring holding every hour in slots, through messy feeds', () => {
    for (const seed of [1, 2, 3]) {
      const rnd = source(seed);
      const packed = new RingSlab(SIZE, 4, true);
      const plain = new RingSlab(SIZE, 4, false);
      expect(packed.slots).toBeLessThan(SIZE);
      expect(plain.slots).toBe(SIZE);
      const P = Array.from({ length: 5 }, () => new UsageRing(SIZE, packed));
      const Q = Array.from({ length: 5 }, () => new UsageRing(SIZE, plain));
      let t = 490_000 * HOUR + 5 * HOUR;
      const both = (k: number, f: (r: UsageRing) => void) => {
        f(P[k] as UsageRing);
        f(Q[k] as UsageRing);
      };
      for (let step = 0; step < 4000; step++) {
        const k = Math.floor(rnd() * 5);
        const q = Q[k] as UsageRing;
        const latest = Number.isFinite(q.latest) ? q.latest : Math.floor(t / HOUR);
        const back = () => latest - Math.floor(rnd() * (SIZE + 12));
        const r = rnd();
        if (r < 0.3) {
          // Readings going forward: quarter values, values not in whole units, now and then days of gap.
          t += rnd() < 0.02 ? rnd() * 30 * 24 * HOUR : rnd() * 2 * HOUR;
          const from = t - rnd() * 3 * HOUR;
          const usage = rnd() < 0.1 ? rnd() * 3 : Math.round(rnd() * 400) / 1000;
          const kind: UsageKind = rnd() < 0.5 ? 'water' : 'electricity';
          both(k, (ring) => {
            ring.spread(kind, from, t, usage);
            ring.count(kind, t);
          });
        } else if (r < 0.45) {
          // Marks on any hour held: an alert's hours kept out of learning, rows written, hours observed.
          const h = back();
          const flag = FLAGS[Math.floor(rnd() * FLAGS.length)] as number;
          const on = rnd() < 0.7;
          both(k, (ring) => {
            const s = ring.at(h);
            if (s >= 0) ring.mark(s, flag, on);
          });
        } else if (r < 0.55) {
          // A late batch into old hours.
          const from = back() * HOUR + rnd() * HOUR;
          const to = from + rnd() * 5 * HOUR;
          const usage = rnd();
          both(k, (ring) => ring.spread('water', from, to, usage));
        } else if (r < 0.6) {
          // An hour seeded again, counts past 15 and 255 included.
          const h = back();
          const [wc, ec] = [Math.floor(rnd() * 300), Math.floor(rnd() * 6)];
          const [w, e] = [rnd() * 2, Math.round(rnd() * 300) / 100];
          both(k, (ring) => ring.seed(h, w, e, wc, ec));
        } else if (r < 0.62) {
          const h = latest + Math.floor(rnd() * 100);
          both(k, (ring) => ring.ensure(h));
          t = Math.max(t, h * HOUR);
        } else if (r < 0.67) {
          // A late batch's re-emit (hour-close.ts): dirty hours before the next to close written
          // clean, the packed ring from its `dirtyFrom`, the plain one from its oldest hour.
          const before = latest + 1 - Math.floor(rnd() * 120);
          both(k, (ring) => {
            const from = ring === P[k] ? ring.dirtyFrom : ring.latest - ring.size + 1;
            for (let x = from; x < before; x++) {
              const s = ring.at(x);
              if (s >= 0 && ring.has(s, 8)) ring.mark(s, 8, false);
            }
            ring.cleanBefore(before);
          });
        } else {
          const ts = back() * HOUR + 1000;
          both(k, (ring) => ring.count('electricity', ts));
        }
        if (step % 40 === 0) {
          for (let i = 0; i < 5; i++) {
            const a = P[i] as UsageRing;
            const b = Q[i] as UsageRing;
            expect(a.latest).toBe(b.latest);
            if (!Number.isFinite(b.latest)) continue;
            const hours = (ring: UsageRing) =>
              Array.from({ length: SIZE + 3 }, (_, j) => hourOf(ring, b.latest - SIZE - 2 + j));
            expect(hours(a)).toEqual(hours(b));
          }
        }
      }
      // Far fewer bytes than the slots would hold, values aside and all.
      expect(packed.stats().bytes).toBeLessThan(plain.stats().bytes / 2);
    }
  });

  it('reads every block back as its rings roll day by day, the arena within an eighth of them', () => {
    const rings = 64;
    const days = 4;
    const rnd = source(11);
    const cold = new ColdDays(rings, days);
    // Each ring's days as rolled: day d's 24 hours of [water, electricity, counts, flags].
    const held: Map<number, number[][]>[] = Array.from({ length: rings }, () => new Map());
    const from = new Int32Array(rings);
    const had = new Int32Array(rings);
    const randomDay = (): number[][] => {
      // Some days empty, some dry, some busy: blocks of many sizes, so the arena both grows and compacts.
      const kind = rnd();
      return Array.from({ length: 24 }, () =>
        kind < 0.1
          ? [0, 0, 0, 0, 0]
          : [
              kind < 0.4 || rnd() < 0.5 ? 0 : Math.fround(Math.round(rnd() * 900) / 1000),
              Math.fround(Math.round(rnd() * (kind < 0.8 ? 200 : 5000)) / 100),
              4,
              4,
              rnd() < 0.1 ? 3 : 0,
            ],
      );
    };
    const check = (r: number): void => {
      const s = cold.open(3 * r);
      for (let d = 0; d < days; d++) {
        const want = held[r]?.get((from[r] as number) + d);
        for (let j = 0; j < 24; j++) {
          const h = d * 24 + j;
          const got = [s.water[h], s.elec[h], s.waterCount[h], s.elecCount[h], s.flags[h]];
          expect(got).toEqual(want?.[j] ?? [0, 0, 0, 0, 0]);
        }
      }
    };
    const live = (): number => {
      let n = 0;
      for (let r = 0; r < rings; r++) {
        const s = dayArrays(days);
        for (let d = 0; d < days; d++) {
          const day = held[r]?.get((from[r] as number) + d);
          for (let j = 0; j < 24; j++) {
            setHour(s, d * 24 + j, day?.[j] ?? [0, 0, 0, 0, 0]);
          }
        }
        n += encodeDays(s, days).length;
      }
      return n;
    };
    for (let step = 0; step < 6000; step++) {
      const r = Math.floor(rnd() * rings);
      const first = (from[r] as number) + (rnd() < 0.05 ? 1 + Math.floor(rnd() * 6) : 1);
      cold.roll(r, from[r] as number, had[r] as number, first, first + days - 1, (d, day) => {
        const v = randomDay();
        held[r]?.set(d, v);
        for (let j = 0; j < 24; j++) setHour(day, j, v[j] ?? []);
      });
      for (const d of held[r]?.keys() ?? []) if (d < first) held[r]?.delete(d);
      from[r] = first;
      had[r] = days;
      check(r);
      if (step % 500 === 499) for (let q = 0; q < rings; q++) check(q);
    }
    // Its directory is 14 B a ring (9, and 5 for `seededUntil` since session 20); the arena at most
    // an eighth and a sixteenth past its live bytes.
    expect(cold.bytes - 14 * rings).toBeLessThanOrEqual(Math.ceil(live() * (1 + 1 / 8 + 1 / 16)));
  });

  it('has a re-emit scan closed days only while they may hold a dirty hour', () => {
    const ring = new UsageRing(SIZE, new RingSlab(SIZE, 4, true));
    const start = 500_000 * 24;
    const dirty = () => {
      const hours: number[] = [];
      for (let x = ring.dirtyFrom; x <= ring.latest; x++) if (ring.has(ring.at(x), 8)) hours.push(x);
      return hours;
    };
    // Hours taken in and never written: dirty when their day is packed.
    ring.spread('water', start * HOUR, (start + 10) * HOUR, 1);
    ring.ensure(start + 6 * 24);
    expect(ring.dirtyFrom).toBe(ring.latest - SIZE + 1);
    expect(dirty()).toEqual(Array.from({ length: 10 }, (_, j) => start + j));
    for (const x of dirty()) ring.mark(ring.at(x), 8, false);
    ring.cleanBefore(ring.latest + 1);
    // Written: its open days alone scanned, until a closed hour is marked dirty again.
    expect(ring.dirtyFrom).toBe(start + 3 * 24);
    expect(dirty()).toEqual([]);
    ring.count('water', (start + 2) * HOUR + 1);
    expect(dirty()).toEqual([start + 2]);
    // A re-emit that stops short of the closed days' end keeps them scanned.
    ring.cleanBefore(start + 3 * 24 - 1);
    expect(dirty()).toEqual([start + 2]);
  });

  it('keeps a ring shorter than its open days and two more in slots', () => {
    expect(new RingSlab(5 * 24).slots).toBe(5 * 24);
    expect(new RingSlab(17 * 24).slots).toBe(4 * 24);
  });
});

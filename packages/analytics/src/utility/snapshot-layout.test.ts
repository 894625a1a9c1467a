import { describe, expect, it } from 'vitest';
import type { HouseholdState } from './household.ts';
import { RingSlab } from './ring-slab.ts';
import { seedHouseholdSnapshotBytes } from './seed-history.ts';
import { checkHouseholdSnapshot, decodeHouseholdSnapshot, encodeHouseholdSnapshot } from './snapshot.ts';
import { HOUR } from './time.ts';
import { type UsageKind, UsageRing } from './usage-ring.ts';

const SIZE = 408;
const FLAGS = [1, 2, 4, 8, 16];
const EMITTED = 16;

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

/** A seeded pseudo-random source (an LCG), so a failure replays. */
function source(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

/** What `encodeHouseholdSnapshot` reads of a household: its ring (no meters: the ring's marks). */
const household = (ring: UsageRing) =>
  ({ ring, water: undefined, elec: undefined }) as unknown as HouseholdState<unknown>;

/** Everything a restored ring holds: its marks and every hour it may hold. */
function state(ring: UsageRing, around: number): unknown {
  return {
    latest: ring.latest,
    through: [ring.seededThroughOf('water'), ring.seededThroughOf('electricity')],
    hours: Array.from({ length: SIZE + 30 }, (_, j) => hourOf(ring, around - SIZE - 10 + j)),
  };
}

describe('utility > snapshot layout 2 (closed days as a ring holds them)', () => {
  it('restores every hour as layout 1 does, through messy feeds, windows and settings', () => {
    let fast = 0;
    let cut = 0;
    for (const seed of [1, 2, 3]) {
      const rnd = source(seed);
      // Rings with closed days packed (snapshots of layout 2) and with every hour in slots (layout 1).
      const packed = new RingSlab(SIZE, 4, true);
      const plain = new RingSlab(SIZE, 4, false);
      const restoredPacked = new RingSlab(SIZE, 4, true);
      const restoredPlain = new RingSlab(SIZE, 4, false);
      // Config storedPrecision (each hour read as its row holds it) on the third seed's rings.
      for (const slab of [packed, plain, restoredPacked, restoredPlain]) slab.storedPrecision = seed === 3;
      const P = Array.from({ length: 4 }, () => new UsageRing(SIZE, packed));
      const Q = Array.from({ length: 4 }, () => new UsageRing(SIZE, plain));
      let t = 490_000 * HOUR + 5 * HOUR;
      const both = (k: number, f: (r: UsageRing) => void) => {
        f(P[k] as UsageRing);
        f(Q[k] as UsageRing);
      };
      for (let step = 0; step < 3000; step++) {
        const k = Math.floor(rnd() * 4);
        const q = Q[k] as UsageRing;
        const latest = Number.isFinite(q.latest) ? q.latest : Math.floor(t / HOUR);
        const back = () => latest - Math.floor(rnd() * (SIZE + 12));
        const r = rnd();
        if (r < 0.3) {
          // Readings going forward: quarter values, values not in whole units, now and then days of gap.
          t += rnd() < 0.02 ? rnd() * 30 * 24 * HOUR : rnd() * 2 * HOUR;
          const from = t - rnd() * 3 * HOUR;
          const usage = rnd() < 0.1 ? rnd() * 30 : Math.round(rnd() * 400) / 1000;
          const kind: UsageKind = rnd() < 0.5 ? 'water' : 'electricity';
          both(k, (ring) => {
            ring.spread(kind, from, t, usage);
            ring.count(kind, t);
          });
        } else if (r < 0.5) {
          // Rows written (emitted), alerts' hours excluded, hours observed, marks cleared.
          const h = back();
          const flag = rnd() < 0.5 ? EMITTED : (FLAGS[Math.floor(rnd() * FLAGS.length)] as number);
          const on = rnd() < 0.8;
          // Rows are written an hour after another: a run of hours at once.
          const run = flag === EMITTED ? Math.floor(rnd() * 48) + 1 : 1;
          both(k, (ring) => {
            for (let x = h; x < h + run; x++) {
              const s = ring.at(x);
              if (s >= 0) ring.mark(s, flag, on);
            }
          });
        } else if (r < 0.58) {
          // A late batch into old hours.
          const from = back() * HOUR + rnd() * HOUR;
          const to = from + rnd() * 5 * HOUR;
          const usage = rnd();
          both(k, (ring) => ring.spread('water', from, to, usage));
        } else if (r < 0.63) {
          // An hour seeded again, counts past 15 and 255 included, values of no whole millionth.
          const h = back();
          const [wc, ec] = [Math.floor(rnd() * 300), Math.floor(rnd() * 6)];
          const [w, e] = [rnd() * 2, rnd() < 0.5 ? Math.round(rnd() * 300) / 100 : rnd() * 1e-7];
          both(k, (ring) => ring.seed(h, w, e, wc, ec));
        } else if (r < 0.65) {
          const h = latest + Math.floor(rnd() * 100);
          both(k, (ring) => ring.ensure(h));
          t = Math.max(t, h * HOUR);
        } else {
          const ts = back() * HOUR + 1000;
          both(k, (ring) => ring.count('electricity', ts));
        }
        if (step % 20 !== 0) continue;
        for (let i = 0; i < 4; i++) {
          const a = P[i] as UsageRing;
          const b = Q[i] as UsageRing;
          if (!Number.isFinite(b.latest)) continue;
          const lastClosed = b.latest - Math.floor(rnd() * 6);
          const two = encodeHouseholdSnapshot(household(a), lastClosed, SIZE, 1);
          const one = encodeHouseholdSnapshot(household(b), lastClosed, SIZE, 1);
          // Layout 1 for a ring that packs no day (layout 2 for a snapshot of no hour: the same 19 bytes).
          expect(one[0]).toBe(one.length === 19 ? 2 : 1);
          expect(two[0]).toBe(2);
          expect(checkHouseholdSnapshot(two)).toBe(true);
          // The same hours read back (values: the float32 a ring seeds from them).
          const hours = (bytes: Uint8Array) =>
            decodeHouseholdSnapshot(bytes).hours.map((h) => [
              h.hour,
              Math.fround(h.water),
              Math.fround(h.electricity),
              h.waterReadings,
              h.electricityReadings,
              h.inAlert,
            ]);
          expect(hours(two)).toEqual(hours(one));
          // A restore's window (the store's newest less the ring) and the detector's minimum.
          const fromHour =
            rnd() < 0.5 ? Number.NEGATIVE_INFINITY : b.latest - SIZE + Math.floor(rnd() * 60) - 10;
          const min = rnd() < 0.8 ? 1 : 3;
          const reference = new UsageRing(SIZE, restoredPlain);
          const want = seedHouseholdSnapshotBytes(reference, one, min, fromHour);
          for (const [bytes, slab] of [
            [two, restoredPacked],
            [two, restoredPlain],
            [one, restoredPacked],
          ] as const) {
            const ring = new UsageRing(SIZE, slab);
            const got = seedHouseholdSnapshotBytes(ring, bytes, min, fromHour);
            expect(got).toEqual(want);
            expect(state(ring, b.latest)).toEqual(state(reference, b.latest));
            if (bytes === two && slab === restoredPacked && min === 1) {
              fast++;
              if (fromHour > b.latest - SIZE) cut++;
            }
          }
        }
      }
    }
    // The block taken as it stands, and cut at a window, both seen.
    expect(fast).toBeGreaterThan(500);
    expect(cut).toBeGreaterThan(200);
  });

  it('refuses a closed days block it did not write', () => {
    const slab = new RingSlab(SIZE, 4, true);
    const ring = new UsageRing(SIZE, slab);
    for (let h = 0; h < 400; h++) {
      const s = ring.seed(500_000 + h, (h % 7) / 1000, (h % 5) / 100, 4, 4);
      ring.mark(s, EMITTED);
    }
    const bytes = encodeHouseholdSnapshot(household(ring), 500_399, SIZE, 1);
    expect(bytes[0]).toBe(2);
    expect(checkHouseholdSnapshot(bytes)).toBe(true);
    // Every single byte changed to each of a few values: read as another snapshot or refused,
    // never thrown past the check (a restore reads the rows of one refused).
    let refused = 0;
    for (let i = 1; i < bytes.length; i++)
      for (const v of [0, 0x7f, 0x80, 0xff]) {
        const bad = bytes.slice();
        bad[i] = v;
        if (!checkHouseholdSnapshot(bad)) refused++;
      }
    expect(refused).toBeGreaterThan(bytes.length);
    expect(checkHouseholdSnapshot(bytes.slice(0, -1))).toBe(false);
    expect(checkHouseholdSnapshot(new Uint8Array([...bytes, 0]))).toBe(false);
  });
});

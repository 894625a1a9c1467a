import { describe, expect, it } from 'vitest';
import { RingSlab } from './ring-slab.ts';
import { household, source } from './ring-tests.test-support.ts';
import { seedHouseholdSnapshotBytes } from './seed-history.ts';
import { encodeHouseholdSnapshot } from './snapshot.ts';
import { encodeHouseholdSnapshotBefore } from './snapshot-before.test-support.ts';
import { HOUR } from './time.ts';
import { type UsageKind, UsageRing } from './usage-ring.ts';

// Session 20 (issue 17): the writer copies a packed day's record when it is the one it would
// encode, rather than decoding every closed day and encoding it again. Same state, same bytes:
// every snapshot here is taken by both writers and compared byte for byte.

const SIZE = 408;
const FLAGS = [1, 2, 4, 8, 16];
const EMITTED = 16;

describe('utility > snapshot writer (closed days copied, session 20)', () => {
  it('writes the bytes the writer before it wrote: random rings, late batches, restores, rolled days', () => {
    let compared = 0;
    let restored = 0;
    const layouts = new Set<number>();
    const restoredFrom = new Set<number>();
    for (const seed of [1, 2, 3, 4]) {
      const rnd = source(seed);
      const live = new RingSlab(SIZE, 4, true);
      const plain = new RingSlab(SIZE, 4, false);
      const again = new RingSlab(SIZE, 4, true);
      // Config storedPrecision (each hour read as its row holds it) on the last seed's rings.
      for (const slab of [live, plain, again]) slab.storedPrecision = seed === 4;
      // Live rings, rings of every hour in slots (layout 1's writers), and rings restored from
      // snapshots of both (their closed days adopted as they stand, or read hour by hour).
      const rings: UsageRing[] = [
        ...Array.from({ length: 4 }, () => new UsageRing(SIZE, live)),
        ...Array.from({ length: 2 }, () => new UsageRing(SIZE, plain)),
      ];
      let t = 490_000 * HOUR + 5 * HOUR;
      // Layout 3's learnt models: bytes the writer copies as they are (read by learnt-models.ts).
      const models = Uint8Array.from({ length: 40 }, (_, i) => (i * 37 + seed) & 0xff);
      for (let step = 0; step < 2000; step++) {
        const ring = rings[Math.floor(rnd() * rings.length)] as UsageRing;
        const latest = Number.isFinite(ring.latest) ? ring.latest : Math.floor(t / HOUR);
        const back = () => latest - Math.floor(rnd() * (SIZE + 12));
        const r = rnd();
        if (r < 0.35) {
          // Readings going forward: whole units mostly, now and then shares and days of gap.
          t += rnd() < 0.01 ? rnd() * 5 * 24 * HOUR : rnd() * 2 * HOUR;
          const from = t - rnd() * 3 * HOUR;
          const usage = rnd() < 0.1 ? rnd() * 30 : Math.round(rnd() * 400) / 1000;
          const kind: UsageKind = rnd() < 0.5 ? 'water' : 'electricity';
          ring.spread(kind, from, t, usage);
          ring.count(kind, t);
        } else if (r < 0.6) {
          // Rows written (emitted) a run of hours at once, alerts' hours excluded, marks cleared.
          const h = back();
          const flag = rnd() < 0.6 ? EMITTED : (FLAGS[Math.floor(rnd() * FLAGS.length)] as number);
          const run = flag === EMITTED ? Math.floor(rnd() * 48) + 1 : 1;
          const on = rnd() < 0.85;
          for (let x = h; x < h + run; x++) {
            const s = ring.at(x);
            if (s >= 0) ring.mark(s, flag, on);
          }
        } else if (r < 0.66) {
          // A late batch into old hours (closed days among them).
          const from = back() * HOUR + rnd() * HOUR;
          ring.spread('water', from, from + rnd() * 5 * HOUR, rnd());
        } else if (r < 0.69) {
          // An hour seeded again: counts past 15 and 255, values of no whole millionth.
          const [wc, ec] = [Math.floor(rnd() * 300), Math.floor(rnd() * 6)];
          ring.seed(back(), rnd() * 2, rnd() < 0.5 ? Math.round(rnd() * 300) / 100 : rnd() * 1e-7, wc, ec);
        } else if (r < 0.7) {
          // Days rolled on at once.
          const h = latest + Math.floor(rnd() * 100);
          ring.ensure(h);
          t = Math.max(t, h * HOUR);
        } else if (r < 0.72 && Number.isFinite(ring.latest)) {
          // A restore: a ring of these hours from this one's snapshot (any layout), kept and fed on.
          const min = rnd() < 0.7 ? 1 : 3;
          // (Learnt models restore into the detector's rules, not the ring: none here.)
          const bytes = encodeHouseholdSnapshot(
            household(ring),
            ring.latest - Math.floor(rnd() * 8),
            SIZE,
            min,
          );
          restoredFrom.add(bytes[0] as number);
          const fresh = new UsageRing(SIZE, again);
          const fromHour =
            rnd() < 0.5 ? Number.NEGATIVE_INFINITY : ring.latest - SIZE + Math.floor(rnd() * 60);
          seedHouseholdSnapshotBytes(fresh, bytes, min, fromHour);
          // At most 8 restored rings at once: a newer restore takes an older one's place.
          if (rings.length < 14) rings.push(fresh);
          else rings[6 + Math.floor(rnd() * 8)] = fresh;
          restored++;
        } else {
          ring.count('electricity', back() * HOUR + 1000);
        }
        if (step % 11 !== 0) continue;
        for (const ring of rings) {
          if (!Number.isFinite(ring.latest)) continue;
          for (const min of [1, 3, Number.NaN]) {
            const lastClosed = ring.latest - Math.floor(rnd() * 12);
            const m = rnd() < 0.5 ? models : undefined;
            const got = encodeHouseholdSnapshot(household(ring), lastClosed, SIZE, min, m);
            const want = encodeHouseholdSnapshotBefore(household(ring), lastClosed, SIZE, min, m);
            expect(Buffer.from(got).toString('hex')).toBe(Buffer.from(want).toString('hex'));
            layouts.add(got[0] as number);
            compared++;
          }
        }
      }
    }
    expect(restored).toBeGreaterThan(60);
    expect(compared).toBeGreaterThan(6_000);
    expect([...layouts].sort()).toEqual([1, 2, 3]);
    expect(restoredFrom).toContain(1);
    expect(restoredFrom).toContain(2);
    // Two writers over thousands of snapshots: seconds on a quiet machine, more on a shared one.
  }, 180_000);
});

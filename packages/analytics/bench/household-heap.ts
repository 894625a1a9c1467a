// What one household of the utility detector holds in memory, by structure (issue 17).
//   node --expose-gc packages/analytics/bench/household-heap.ts [households=1020] [days=17]
// 1020 households fill the ring slab's chunks (4 + 8 + … + 512) exactly: with fewer, the
// unused end of the last chunk shows as heap per household.
// Feeds a UtilityDetector `households` × `days` of both meters (a reading each per quarter hour,
// on the quarter hour as the contract's meters send them, registers at 0.001 m3 and 0.01 kWh),
// so every household has a learnt rhythm, a water profile and full rings; then the heap
// (JS heap + array buffers) per household, and, built alone in the same run, the parts:
// the hourly ring, the two meter tracks, the learnt rhythm, water profile and dry spells.

import { placeOf } from '../src/utility/alerts.ts';
import { HOUSEHOLD_NUMBERS, newHousehold } from '../src/utility/household.ts';
import { parseUtilityConfig, UtilityDetector } from '../src/utility/index.ts';
import { MeterTrack } from '../src/utility/meter-track.ts';
import { NumberSlab } from '../src/utility/number-slab.ts';
import { RecentSlab } from '../src/utility/recent-slab.ts';
import { learnRhythm } from '../src/utility/rhythm.ts';
import { RingSlab } from '../src/utility/ring-slab.ts';
import { UsageRing } from '../src/utility/usage-ring.ts';
import { FlowSlab } from '../src/utility/water-flow.ts';
import { learnWaterProfile } from '../src/utility/water-profile.ts';
import { learnDrySpells } from '../src/utility/water-spells.ts';
import { feedQuarter, hash, id, info, QUARTER, registers, START } from './synthetic-city.ts';

const HOUR = 3_600_000;
const households = Number(process.argv[2] ?? 1020);
const days = Number(process.argv[3] ?? 17);
const config = parseUtilityConfig({});
const ringHours = (config.historyDays + 2) * 24;

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const heap = (): number => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

function feed(): { detector: UtilityDetector; bytes: number; seconds: number; rssMB: number } {
  const before = heap();
  const started = performance.now();
  const detector = new UtilityDetector({}, { household: info });
  const at = registers(households);
  for (let q = 0; q < days * 96; q++) feedQuarter(detector, at, q);
  const bytes = (heap() - before) / households;
  // The process as a pod would hold it: this detector, the generator's few arrays, Node itself.
  const rssMB = process.memoryUsage().rss / 2 ** 20;
  return { detector, bytes, seconds: (performance.now() - started) / 1000, rssMB };
}

function rings(): { rings: UsageRing[]; bytes: number; aside: number } {
  const before = heap();
  const all: UsageRing[] = [];
  const first = Math.floor(START / HOUR);
  // As the detector does: every household's ring in one slab. Stored hours as rows hold them.
  const slab = new RingSlab(ringHours);
  for (let h = 0; h < households; h++) {
    const ring = new UsageRing(ringHours, slab);
    for (let x = 0; x < ringHours; x++)
      ring.seed(
        first + x,
        Math.round(hash(h, x) / 10) / 1000,
        Math.round(5 + hash(h, x + 1) / 50) / 100,
        4,
        4,
      );
    all.push(ring);
  }
  return { rings: all, bytes: (heap() - before) / households, aside: slab.stats().aside };
}

function tracks(): { tracks: MeterTrack[]; bytes: number; wide: number } {
  const before = heap();
  const all: MeterTrack[] = [];
  // As the detector does: every meter's remembered readings in one slab.
  const slab = new RecentSlab();
  for (let h = 0; h < 2 * households; h++) {
    const track = new MeterTrack(slab);
    // No input offset: the processor gives none, and a meter given one keeps its readings wide.
    for (let q = 0; q < 40; q++) track.offer(START + q * QUARTER, 1000 + q, false);
    track.consume(START + 40 * QUARTER, () => {});
    all.push(track);
  }
  return { tracks: all, bytes: (heap() - before) / households, wide: slab.wide() };
}

// Each household's from its own ring, as the detector learns: a ring holds its newest learnt
// statistics in its slab's record (learnt-slab.ts).
function rhythms(rings: UsageRing[]): { kept: unknown[]; bytes: number } {
  const before = heap();
  const kept: unknown[] = [];
  for (const ring of rings) kept.push(learnRhythm(ring, ring.latest - 24, config));
  return { kept, bytes: (heap() - before) / households };
}

function profiles(rings: UsageRing[]): { kept: unknown[]; bytes: number } {
  const before = heap();
  const kept: unknown[] = [];
  for (const ring of rings) kept.push(learnWaterProfile(ring, ring.latest - 24, config));
  return { kept, bytes: (heap() - before) / households };
}

/** The default rule's (ratio_long_spell) learnt dry spells: part of "the rest" (its rule state). */
function drySpells(rings: UsageRing[]): { kept: unknown[]; bytes: number } {
  const before = heap();
  const kept: unknown[] = [];
  for (const ring of rings) {
    const through = ring.latest - 24;
    kept.push(
      learnDrySpells(ring, Math.max(ring.latest - ring.size + 1, through - ring.size + 1), through, config),
    );
  }
  return { kept, bytes: (heap() - before) / households };
}

/**
 * The household's own object, its place and flow run, and its ring (taken off: measured above); its
 * flow run and number fields in slabs shared as the detector shares them (before session 17 each
 * household had a flow slab of its own here: ~0.2 KB more than in a detector).
 */
function objects(): { kept: unknown[]; bytes: number } {
  const slab = new RingSlab(ringHours);
  const before = heap();
  const flows = new FlowSlab();
  const numbers = new NumberSlab(HOUSEHOLD_NUMBERS);
  const kept: unknown[] = [];
  for (let h = 0; h < households; h++) {
    const household = info(`HH-${id(h)}`);
    kept.push(
      newHousehold(household, slab, { rhythm: undefined, learntDay: 0 }, flows, placeOf(household), numbers),
    );
  }
  return { kept, bytes: (heap() - before) / households };
}

const fed = feed();
const stats = fed.detector.stats();
const r = rings();
const t = tracks();
const y = rhythms(r.rings);
const w = profiles(r.rings);
const d = drySpells(r.rings);
const o = objects();
console.log(
  JSON.stringify({
    households,
    days,
    feedS: Math.round(fed.seconds),
    models: fed.detector.models(),
    heapPerHouseholdB: Math.round(fed.bytes),
    rssAfterFeedMB: Math.round(fed.rssMB),
    parts: {
      ringB: Math.round(r.bytes),
      twoMeterTracksB: Math.round(t.bytes),
      rhythmB: Math.round(y.bytes),
      waterProfileB: Math.round(w.bytes),
      householdObjectB: Math.round(o.bytes - r.bytes),
      drySpellsB: Math.round(d.bytes),
      restB: Math.round(fed.bytes - t.bytes - y.bytes - w.bytes - d.bytes - o.bytes),
    },
    approxBytes: Math.round(stats.approxBytes / stats.households),
    ringsAside: r.aside,
    tracksWide: t.wide,
    kept: r.rings.length + t.tracks.length + y.kept.length + w.kept.length + d.kept.length + o.kept.length,
  }),
);

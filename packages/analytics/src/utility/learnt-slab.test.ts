import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { mersenne } from 'pure-rand/generator/mersenne';
import { describe, expect, it } from 'vitest';
import { parseUtilityConfig } from './config.ts';
import { learnable, learnRhythm, type Rhythm } from './rhythm.ts';
import { RingSlab } from './ring-slab.ts';
import { hourOfDay } from './time.ts';
import { ringHoursFor, SLOT, UsageRing } from './usage-ring.ts';
import { learnWaterProfile, type WaterProfile } from './water-profile.ts';
import { type DrySpellModel, drySpell, learnDrySpells, wasAway } from './water-spells.ts';

const config = parseUtilityConfig({});
const HOURS = ringHoursFor(config.historyDays);
const FIRST = 490_000;

/** Deterministic uniform draws in [0, 1) (pure-rand's Mersenne Twister). */
function prng(seed: number): () => number {
  const generator = mersenne(seed);
  return () => uniformFloat64(generator);
}

type Hour = [water: number, elec: number, waterReadings: number, elecReadings: number, excluded: boolean];

/** Random hours: dry nights, heavy runs, split values, incomplete and excluded hours. */
function randomHours(rand: () => number, n: number): Hour[] {
  return Array.from({ length: n }, (_, i) => {
    const night = hourOfDay(FIRST + i) < 6;
    const water = night && rand() < 0.8 ? 0 : rand() < 0.1 ? 0.5 + rand() : Math.round(rand() * 40) / 1000;
    const elec = rand() < 0.05 ? rand() * 0.3 : Math.round(5 + rand() * 60) / 100;
    return [water, elec, rand() < 0.05 ? 2 : 4, rand() < 0.05 ? 3 : 4, rand() < 0.03];
  });
}

function fill(ring: UsageRing, hours: Hour[], from = FIRST): void {
  hours.forEach(([w, e, wn, en, excluded], i) => {
    const s = ring.seed(from + i, w, e, wn, en);
    if (excluded) ring.mark(s, SLOT.excluded);
  });
}

const rhythmValues = (r: Rhythm | undefined): number[] | undefined =>
  r && [
    ...Array.from({ length: 24 }, (_, d) => r.median(d)),
    ...Array.from({ length: config.maxQuietHours + 1 }, (_, k) => r.lowest(k)),
    r.baseKwh,
    r.days,
    r.quietHighKwh,
  ];
const profileValues = (p: WaterProfile | undefined): number[] | undefined =>
  p && [
    ...Array.from({ length: 24 }, (_, d) => p.wetShare(d)),
    ...Array.from({ length: 24 }, (_, d) => p.longestHeavyHours(d)),
    p.days,
  ];

/** The wet share as the Float64Array layout computed it: wet days / usable days at each hour of the day. */
function wetShareReference(ring: UsageRing, through: number): number[] {
  const wet = new Float64Array(24);
  const seen = new Float64Array(24);
  for (let h = Math.max(ring.latest - ring.size + 1, through - ring.size + 1); h <= through; h++) {
    const s = ring.at(h);
    if (s < 0 || !learnable(ring, s, config.minReadingsPerHour)) continue;
    const d = hourOfDay(h);
    seen[d] = (seen[d] as number) + 1;
    if (ring.waterAt(s) > config.waterEpsM3) wet[d] = (wet[d] as number) + 1;
  }
  return Array.from(seen, (n, d) => (n > 0 ? (wet[d] as number) / n : 1));
}

describe('usage > learnt statistics in the slab (learnt-slab.ts)', () => {
  it('reads back what was learnt, for rings sharing a slab and relearnt, as a ring of its own learns it', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const rand = prng(seed);
      const slab = new RingSlab(HOURS);
      const rings = Array.from({ length: 6 }, () => new UsageRing(HOURS, slab));
      const histories = rings.map(() => randomHours(rand, 10 * 24 + Math.floor(rand() * 6 * 24)));
      for (const [i, ring] of rings.entries()) fill(ring, histories[i] as Hour[]);
      const learnt = rings.map((ring) => ({
        rhythm: learnRhythm(ring, ring.latest, config),
        profile: learnWaterProfile(ring, ring.latest, config),
      }));
      const first = learnt.map((l) => ({
        rhythm: rhythmValues(l.rhythm),
        profile: profileValues(l.profile),
      }));
      rings.forEach((ring, i) => {
        // The same hours in a ring of its own: its own slab, its own record.
        const alone = new UsageRing(HOURS);
        fill(alone, histories[i] as Hour[]);
        expect(rhythmValues(learnRhythm(alone, alone.latest, config))).toEqual(first[i]?.rhythm);
        expect(profileValues(learnWaterProfile(alone, alone.latest, config))).toEqual(first[i]?.profile);
        if (first[i]?.profile)
          expect(first[i]?.profile?.slice(0, 24)).toEqual(wetShareReference(ring, ring.latest));
      });
      // A day later, learnt again: the newer statistics take each ring's record, the ones held
      // from before keep their values.
      rings.forEach((ring, i) => {
        const more = randomHours(rand, 24);
        fill(ring, more, ring.latest + 1);
        (histories[i] as Hour[]).push(...more);
        const again = learnRhythm(ring, ring.latest, config);
        const againProfile = learnWaterProfile(ring, ring.latest, config);
        const alone = new UsageRing(HOURS);
        fill(alone, histories[i] as Hour[]);
        expect(rhythmValues(again)).toEqual(rhythmValues(learnRhythm(alone, alone.latest, config)));
        expect(profileValues(againProfile)).toEqual(
          profileValues(learnWaterProfile(alone, alone.latest, config)),
        );
      });
      learnt.forEach((l, i) => {
        expect(rhythmValues(l.rhythm)).toEqual(first[i]?.rhythm);
        expect(profileValues(l.profile)).toEqual(first[i]?.profile);
      });
      expect(learnt.filter((l) => l.rhythm && l.profile).length).toBeGreaterThan(0);
    }
  });
});

/** Dry spells as learnt before they moved into the slab (a Map of starts, Float64Array, an array of days away). */
function drySpellsReference(
  ring: UsageRing,
  first: number,
  through: number,
): { longest: number[]; away: number[] } {
  const usable = (s: number) => learnable(ring, s, config.minReadingsPerHour);
  const away = new Uint8Array(Math.max(0, through - first + 1));
  const byStart = new Map<number, number>();
  for (let h = first; h <= through; h++) {
    const len = drySpell(ring, h, Math.min(config.awayHours + 1, h - first + 1), config, usable);
    if (len === 0) continue;
    const start = h - len + 1;
    if (len > (byStart.get(start) ?? 0)) byStart.set(start, len);
    if (len > config.awayHours) away.fill(1, Math.max(0, start - first), h - first + 1);
  }
  const longest = new Float64Array(24);
  const w = config.spellStartWindowHours;
  for (const [start, len] of byStart) {
    if (len > config.awayHours) continue;
    for (let off = -w; off <= w; off++) {
      const d = (((hourOfDay(start) + off) % 24) + 24) % 24;
      if (len > (longest[d] as number)) longest[d] = len;
    }
  }
  return { longest: [...longest], away: [...away] };
}

/** Random hours with dry nights and, now and then, a trip of 12–40 dry hours. */
function hoursWithTrips(rand: () => number, n: number): Hour[] {
  const hours = randomHours(rand, n);
  for (let i = 0; i < n; i++) {
    if (rand() > 0.01) continue;
    const len = 12 + Math.floor(rand() * 29);
    for (let k = i; k < Math.min(n, i + len); k++) (hours[k] as Hour)[0] = 0;
    i += len;
  }
  return hours;
}

describe('usage > learnt dry spells in the slab (water-spells.ts)', () => {
  it('learns the longest spells and days away as the Float64Array layout did, and keeps a relearnt model', () => {
    let trips = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const rand = prng(100 + seed);
      const slab = new RingSlab(HOURS);
      const rings = Array.from({ length: 6 }, () => new UsageRing(HOURS, slab));
      const span = (ring: UsageRing) => ({
        first: Math.max(FIRST, ring.latest - 14 * 24 + 1),
        through: ring.latest,
      });
      for (const ring of rings) fill(ring, hoursWithTrips(rand, 10 * 24 + Math.floor(rand() * 6 * 24)));
      const learnt: { model: DrySpellModel; longest: number[] }[] = [];
      for (const ring of rings) {
        const { first, through } = span(ring);
        const model = learnDrySpells(ring, first, through, config);
        const reference = drySpellsReference(ring, first, through);
        expect([...model.longest]).toEqual(reference.longest);
        expect(reference.away.map((_, i) => (wasAway(model, first + i) ? 1 : 0))).toEqual(reference.away);
        expect(wasAway(model, first - 1) || wasAway(model, through + 1)).toBe(false);
        trips += reference.away.some((a) => a === 1) ? 1 : 0;
        learnt.push({ model, longest: reference.longest });
      }
      // Days away are the last model's only: an older one asked is an error, not a stale answer.
      expect(() => wasAway(learnt[0]?.model as DrySpellModel, FIRST)).toThrow(/learnt last/);
      // A day later, learnt again: the newer model takes each ring's record; the older keeps its values.
      for (const ring of rings) {
        fill(ring, hoursWithTrips(rand, 24), ring.latest + 1);
        const { first, through } = span(ring);
        expect([...learnDrySpells(ring, first, through, config).longest]).toEqual(
          drySpellsReference(ring, first, through).longest,
        );
      }
      for (const l of learnt) expect([...l.model.longest]).toEqual(l.longest);
    }
    expect(trips).toBeGreaterThan(3);
  });
});

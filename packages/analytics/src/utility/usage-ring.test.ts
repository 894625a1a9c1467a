import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from './time.ts';
import { SLOT, UsageRing } from './usage-ring.ts';

const H = 490_000; // an hour index

describe('usage > UsageRing', () => {
  it('spreads an interval over the hours it covers, in proportion to time', () => {
    const ring = new UsageRing(48);
    ring.spread('water', H * HOUR + 30 * MINUTE, (H + 2) * HOUR, 0.9);
    expect(ring.water[ring.at(H)]).toBeCloseTo(0.3);
    expect(ring.water[ring.at(H + 1)]).toBeCloseTo(0.6);
    expect(ring.at(H + 2)).toBe(-1);
  });

  it('keeps a quarter ending on the hour in the hour it was used, and counts its reading there', () => {
    const ring = new UsageRing(48);
    ring.spread('electricity', H * HOUR + 45 * MINUTE, (H + 1) * HOUR, 0.2);
    ring.count('electricity', (H + 1) * HOUR);
    const s = ring.at(H);
    expect(ring.elec[s]).toBeCloseTo(0.2);
    expect(ring.elecCount[s]).toBe(1);
    expect(ring.at(H + 1)).toBe(-1);
  });

  it('drops hours older than its size as newer ones arrive', () => {
    const ring = new UsageRing(24);
    ring.spread('water', H * HOUR, (H + 1) * HOUR, 1);
    ring.ensure(H + 23);
    expect(ring.at(H)).toBeGreaterThanOrEqual(0);
    ring.ensure(H + 24);
    expect(ring.at(H)).toBe(-1);
    expect(ring.water[ring.at(H + 24)]).toBe(0);
  });

  it('adds to a seeded hour only the readings after those it had taken', () => {
    const ring = new UsageRing(48);
    ring.seed(H, 0.5, 1.2, 4, 4);
    ring.seededThrough.water = (H + 1) * HOUR;
    // Replayed: the interval up to the hour's last reading, which the stored row holds.
    ring.spread('water', H * HOUR + 45 * MINUTE, (H + 1) * HOUR, 0.1);
    ring.count('water', (H + 1) * HOUR);
    const s = ring.at(H);
    expect(ring.water[s]).toBeCloseTo(0.5);
    expect(ring.waterCount[s]).toBe(4);
    expect(ring.has(s, SLOT.dirty)).toBe(false);
    // Never seen: a reading after the mark whose interval reaches back into the hour.
    ring.spread('water', H * HOUR + 30 * MINUTE, (H + 1) * HOUR + 30 * MINUTE, 0.2);
    expect(ring.water[s]).toBeCloseTo(0.6);
    expect(ring.has(s, SLOT.dirty)).toBe(true);
    expect(ring.has(s, SLOT.seeded)).toBe(true);
  });

  it('keeps seeded hours final when what they took is unknown', () => {
    const ring = new UsageRing(48);
    ring.seed(H, 0.5, 1.2, 4, 4);
    ring.seededThrough.electricity = Number.POSITIVE_INFINITY;
    ring.spread('electricity', H * HOUR + 45 * MINUTE, (H + 2) * HOUR, 0.3);
    ring.count('electricity', (H + 1) * HOUR);
    expect(ring.elec[ring.at(H)]).toBeCloseTo(1.2);
    expect(ring.elecCount[ring.at(H)]).toBe(4);
    expect(ring.elec[ring.at(H + 1)]).toBeCloseTo(0.3 * (4 / 5));
  });
});

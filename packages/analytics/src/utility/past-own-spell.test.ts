/**
 * Issue 15 (`pastOwnSpell`): a dry spell past every one of the household's own that began at about
 * this clock hour, through hours it is usually lit, now dark. Cases stated from what people do: a
 * person alone who goes to bed at 22:00, whose nights (dry) last at most 10 h, up with the lights
 * on from about 07:00; one evening the person falls at bedtime.
 */
import { describe, expect, it } from 'vitest';
import { utilityConfigSchema } from './config.ts';
import { peerSpan } from './long-spell-rule.ts';
import { checkPastOwnSpell, litHours } from './past-own-spell.ts';
import type { Rhythm } from './rhythm.ts';
import { ringHoursFor, SLOT, UsageRing } from './usage-ring.ts';
import type { DrySpellModel } from './water-spells.ts';

const D0 = 20_000; // a day index (Shanghai days since the epoch)
const hourOf = (d: number, hod: number) => (D0 + d) * 24 - 8 + hod;
const config = utilityConfigSchema.parse({});
/** Lit 07:00–22:00 (0.3 kWh), at rest 0.08 kWh; its quiet hours reach 0.1 kWh. */
const rhythm = {
  median: (d: number) => (d >= 7 && d < 22 ? 0.3 : 0.08),
  quietHighKwh: 0.1,
  baseKwh: 0.07,
  days: 14,
} as Rhythm;
/** Its longest dry spell begun near 22:00 is 10 h (a late morning); near other hours 4 h. */
const spells = {
  longest: Float64Array.from({ length: 24 }, (_, d) => (d >= 20 || d === 0 ? 10 : 4)),
  first: 0,
  away: new Uint8Array(0),
} as DrySpellModel;

/** Day 1 in bed at 22:00 and, from then, `night(hod)` as [water, kWh] for the hours of day 2. */
function ring(morning: (hod: number) => [number, number]): UsageRing {
  const r = new UsageRing(ringHoursFor(config.historyDays));
  for (let hod = 0; hod < 24; hod++) {
    const s = r.seed(hourOf(1, hod), hod >= 22 ? 0 : 0.01, hod >= 22 ? 0.08 : 0.3, 4, 4);
    r.mark(s, SLOT.observed);
  }
  for (let hod = 0; hod < 24; hod++) {
    const [water, elec] = morning(hod);
    r.mark(r.seed(hourOf(2, hod), water, elec, 4, 4), SLOT.observed);
  }
  return r;
}
const judge = (r: UsageRing, hod: number) =>
  checkPastOwnSpell({ ring: r, hour: hourOf(2, hod) - 1, config }, rhythm, spells);

describe('usage > a dry spell past the household’s own, through hours it is usually lit', () => {
  it('knows the hours it is usually lit: its median above its quiet hours’ level', () => {
    expect(litHours(rhythm).filter(Boolean)).toHaveLength(15);
  });

  it('finds a fall at bedtime two lit hours after its longest night + 2 h', () => {
    const fallen = ring(() => [0, 0.08]);
    // Dry since 22:00: its longest such night is 10 h (to 08:00), + 2 h: 10:00; lit 10:00 and 11:00.
    expect(judge(fallen, 11)).toBeUndefined(); // only 10:00–11:00 past it so far
    const found = judge(fallen, 12);
    expect(found?.since).toBe(hourOf(1, 22) * 3_600_000);
    expect(found?.evidence).toMatchObject({
      path: 'past_own_dry_spell',
      dry_spell_hours: 14,
      usual_longest_dry_spell_hours: 10,
      dark_lit_hours: 2,
    });
  });

  it('raises nothing while the spell is within its own, or someone is home with the lights on', () => {
    // A late morning in bed to 09:00, then up without water yet: its lit hours are lit.
    const lateUp = ring((hod) => [0, hod >= 9 ? 0.3 : 0.08]);
    for (let hod = 6; hod <= 14; hod++) expect(judge(lateUp, hod)).toBeUndefined();
    // Dark, but not yet past its longest night + 2 h.
    const fallen = ring(() => [0, 0.08]);
    for (let hod = 6; hod <= 10; hod++) expect(judge(fallen, hod)).toBeUndefined();
  });
});

describe('usage > a dry spell past its own: lit means clearly above the quiet level (`pastOwnSpellLitRise`)', () => {
  const rise = utilityConfigSchema.parse({ pastOwnSpellLitRise: 0.5 });
  /** Its days only a little above its quiet hours (0.11 against 0.1), as air-conditioned nights leave them. */
  const dim = { ...rhythm, median: (d: number) => (d >= 7 && d < 22 ? 0.11 : 0.08) } as Rhythm;
  const judgeWith = (r: UsageRing, hod: number, rh: Rhythm, c = rise) =>
    checkPastOwnSpell({ ring: r, hour: hourOf(2, hod) - 1, config: c }, rh, spells, c);

  it('still finds the fall at bedtime where its days are clearly lit', () => {
    const fallen = ring(() => [0, 0.08]);
    expect(judgeWith(fallen, 11, rhythm)).toBeUndefined();
    expect(judgeWith(fallen, 12, rhythm)?.evidence).toMatchObject({
      path: 'past_own_dry_spell',
      dark_lit_hours: 2,
    });
  });

  it('raises nothing for someone at home whose hours, barely above its quiet level, drew a little low', () => {
    // Up at 07:00 without a tap run, drawing 0.095: under the quiet level, as such a day's hours
    // often are. Without the rise, two of those hours past its own longest night + 2 h fire.
    const home = ring((hod) => [0, hod >= 7 ? 0.095 : 0.08]);
    expect(judgeWith(home, 12, dim, config)?.evidence).toMatchObject({ path: 'past_own_dry_spell' });
    for (let hod = 8; hod <= 20; hod++) expect(judgeWith(home, hod, dim)).toBeUndefined();
    expect(litHours(dim, 0.5).filter(Boolean)).toHaveLength(0);
  });
});

describe('usage > own-absence’s peers, wherever the ring’s newest hour is', () => {
  it('reads the same hours whichever hour of the day it judges and however far the readings ran', () => {
    // The review's finding: the span started at the ring's oldest hour, so it moved with the
    // ring's newest (a household whose readings ran ahead of its judged hour saw fewer peers).
    const size = ringHoursFor(config.historyDays);
    const early = new UsageRing(size);
    const late = new UsageRing(size);
    const ahead = new UsageRing(size);
    early.ensure(hourOf(15, 0)); // judging 00:00 of day 15, its newest reading then
    late.ensure(hourOf(15, 23)); // the same day judged late in the evening
    // 23:00 judged while the other meter's readings ran 9 h ahead (hour-close's judgement wait:
    // the review of session 14 found the span lost its oldest hours from +2 h ahead).
    ahead.ensure(hourOf(16, 8));
    const day = D0 + 15;
    expect(peerSpan(early, day, config)).toEqual(peerSpan(late, day, config));
    expect(peerSpan(ahead, day, config)).toEqual(peerSpan(late, day, config));
    const span = peerSpan(late, day, config);
    expect(span.through).toBe(hourOf(14, 0));
    // Every hour of the span is still held by the ring that ran furthest ahead.
    expect(ahead.at(span.first)).toBeGreaterThanOrEqual(0);
    expect(span.through - span.first + 1).toBeGreaterThanOrEqual((config.historyDays - 1) * 24);
  });
});

describe('usage > the operating curve’s knob (`waitShiftHours`) moves the wait past its own', () => {
  const at = (shift: number) => {
    const c = utilityConfigSchema.parse({ waitShiftHours: shift });
    const fallen = ring(() => [0, 0.08]);
    for (let hod = 6; hod <= 23; hod++)
      if (checkPastOwnSpell({ ring: fallen, hour: hourOf(2, hod) - 1, config: c }, rhythm, spells))
        return hod;
    return undefined;
  };

  it('finds the bedtime fall as many hours earlier or later as it shifts, 0 as the default', () => {
    expect(at(0)).toBe(12); // as above: longest night 10 h + 2 h, then two lit hours
    expect(at(-2)).toBe(10);
    expect(at(3)).toBe(15);
  });
});

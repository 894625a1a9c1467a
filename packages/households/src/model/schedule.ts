/**
 * One occupant's day as the three states of the occupancy models: asleep, at home (awake) and
 * away. A cycle runs from getting up on calendar day d to getting up the next day; its anchors
 * are drawn around the role's means (SIMDEUM style), with weekday / day-off rhythms, occasional
 * late mornings, day outings and errands. Times are minutes since the stream's first midnight.
 */
import type { Rng } from '../rng.ts';
import type { Anchor, Role } from './roles.ts';

export interface Cycle {
  wake: number;
  bed: number;
  /** The next cycle's wake: asleep from `bed` until then. */
  nextWake: number;
  /** Away intervals [from, to) inside [wake, bed], sorted, disjoint. */
  away: [number, number][];
}

const DAY_MIN = 1440;
const draw = (rng: Rng, [mean, sd]: Anchor): number => rng.normal(mean, sd);

export interface PersonClock {
  role: Role;
  lateMorning: number;
  /** The wake of the next cycle, drawn one day ahead so the night's sleep is known. */
  pendingWake: { at: number; late: boolean } | null;
}

const isWorkday = (role: Role, weekday: number): boolean => role.workdays.includes(weekday);

function drawWake(rng: Rng, clock: PersonClock, day: number, weekday: number): { at: number; late: boolean } {
  const anchor = isWorkday(clock.role, weekday) ? clock.role.wake : clock.role.offWake;
  let wake = draw(rng, anchor);
  const late = rng.chance(clock.lateMorning);
  if (late) wake += rng.range(90, 240);
  return { at: day * DAY_MIN + Math.min(DAY_MIN - 1, Math.max(0, wake)), late };
}

/**
 * The cycle of calendar day `day` (0 = the stream's first day) with local weekday `weekday`.
 * Sleep lasts at least four hours: a late bed pushes the next wake, not the other way round.
 */
export function nextCycle(rng: Rng, clock: PersonClock, day: number, weekday: number): Cycle {
  const role = clock.role;
  const base = day * DAY_MIN;
  const { at: wake, late } = clock.pendingWake ?? drawWake(rng, clock, day, weekday);
  const work = isWorkday(role, weekday);
  let bed = base + draw(rng, work ? role.bed : role.offBed);
  const away: [number, number][] = [];
  if (work && role.away) {
    let leave = base + draw(rng, role.away.leave);
    const back = base + draw(rng, role.away.back);
    if (late || leave < wake + 15) leave = wake + rng.range(20, 45);
    if (back - leave > 60) away.push([leave, back]);
  } else if (role.offOuting && rng.chance(role.offOuting.p)) {
    const from = base + draw(rng, role.offOuting.at);
    away.push([from, from + Math.max(30, draw(rng, role.offOuting.minutes))]);
  }
  for (const errand of role.errands) {
    if (!rng.chance(errand.p)) continue;
    const from = base + draw(rng, errand.at);
    const to = from + Math.max(15, draw(rng, errand.minutes));
    if (away.every(([a, b]) => to + 10 < a || from > b + 10)) away.push([from, to]);
  }
  away.sort((a, b) => a[0] - b[0]);
  const kept = away.filter(([from]) => from > wake + 10);
  const lastBack = kept.reduce((m, [, to]) => Math.max(m, to), wake);
  bed = Math.max(bed, wake + 6 * 60, lastBack + rng.range(15, 40));
  const next = drawWake(rng, clock, day + 1, (weekday + 1) % 7);
  const nextWake = Math.max(next.at, bed + 4 * 60);
  clock.pendingWake = { at: nextWake, late: next.late };
  return { wake, bed, nextWake, away: kept };
}

/** The at-home, awake intervals of a cycle. */
export function homeAwake(cycle: Cycle): [number, number][] {
  const out: [number, number][] = [];
  let at = cycle.wake;
  for (const [from, to] of cycle.away) {
    if (from > at) out.push([at, from]);
    at = Math.max(at, to);
  }
  if (cycle.bed > at) out.push([at, cycle.bed]);
  return out;
}

export const isWithin = (intervals: readonly (readonly [number, number])[], t: number): boolean =>
  intervals.some(([a, b]) => t >= a && t < b);

/** The minute `u` ∈ [0, 1) of the way through the intervals' total length. */
export function pointIn(intervals: readonly (readonly [number, number])[], u: number): number | null {
  let total = 0;
  for (const [a, b] of intervals) total += b - a;
  if (total <= 0) return null;
  let x = u * total;
  for (const [a, b] of intervals) {
    if (x < b - a) return a + x;
    x -= b - a;
  }
  return null;
}

/**
 * Active occupancy, CREST style (Richardson et al. 2008): while awake at home an occupant is
 * either active (using things) or quiet (a nap, reading, resting), moving between the two as a
 * Markov chain in 10-minute steps whose transition probabilities depend on the hour of the day.
 * Appliances are then switched on with probabilities tied to activity (Richardson et al. 2010):
 * here the television, whose switch-on chance per active step follows a time-of-day profile.
 */
import type { Rng } from '../rng.ts';

const STEP = 10;

/** P(active → quiet) per 10-min step, by local hour: retired people nap after lunch. */
const TO_QUIET_RETIRED = [
  0.05, 0.05, 0.05, 0.05, 0.05, 0.03, 0.02, 0.02, 0.02, 0.03, 0.03, 0.04, 0.12, 0.2, 0.12, 0.05, 0.03, 0.03,
  0.03, 0.03, 0.04, 0.06, 0.06, 0.06,
];
const TO_QUIET_OTHER = [
  0.04, 0.04, 0.04, 0.04, 0.04, 0.02, 0.01, 0.01, 0.02, 0.03, 0.03, 0.03, 0.04, 0.07, 0.05, 0.03, 0.03, 0.02,
  0.02, 0.02, 0.03, 0.04, 0.04, 0.04,
];
/** P(quiet → active) per step: a nap lasts longer than a pause. */
const TO_ACTIVE_RETIRED = 0.12;
const TO_ACTIVE_OTHER = 0.25;

/** Television switch-on chance per active step, by local hour (evening peak). */
const TV_ON = [
  0.02, 0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.03, 0.03, 0.03, 0.03, 0.04, 0.06, 0.04, 0.03, 0.03, 0.04, 0.05,
  0.08, 0.12, 0.14, 0.12, 0.08, 0.04,
];

const hourOf = (minute: number): number => Math.floor((((minute % 1440) + 1440) % 1440) / 60);

/** The active sub-intervals of the awake-at-home intervals. */
export function activeIntervals(
  rng: Rng,
  home: readonly [number, number][],
  retired: boolean,
): [number, number][] {
  const toQuiet = retired ? TO_QUIET_RETIRED : TO_QUIET_OTHER;
  const toActive = retired ? TO_ACTIVE_RETIRED : TO_ACTIVE_OTHER;
  const out: [number, number][] = [];
  for (const [a, b] of home) {
    let active = true; // people come home, or get up, doing something
    let from = a;
    for (let t = a + STEP; t < b; t += STEP) {
      const flip = rng.chance(active ? (toQuiet[hourOf(t)] as number) : toActive);
      if (!flip) continue;
      if (active) out.push([from, t]);
      else from = t;
      active = !active;
    }
    if (active && b > from) out.push([from, b]);
  }
  return out;
}

/** Television sessions switched on during active time: [from, minutes][]. */
export function tvSessions(rng: Rng, active: readonly [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  let busyUntil = Number.NEGATIVE_INFINITY;
  for (const [a, b] of active) {
    for (let t = a; t < b; t += STEP) {
      if (t < busyUntil || !rng.chance(TV_ON[hourOf(t)] as number)) continue;
      const minutes = Math.min(b - t + 20, rng.lognormal(75, 0.6));
      out.push([t, minutes]);
      busyUntil = t + minutes;
    }
  }
  return out;
}

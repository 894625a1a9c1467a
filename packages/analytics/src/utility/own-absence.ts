/**
 * Has this household looked like this before, for this long, from about this hour, and come back?
 * (issue 15, `ratioBeyondOwnAbsence`.) The ratio rule (onegrid-rule.ts) fires when the flat draws
 * less than it ever has over k hours; on households that go out at irregular times (a night owl's
 * afternoon errand of 2–5 h, a shift worker's off day, a retired person's walk) that is an
 * ordinary absence seen against a median taken on the days they stayed in, and most of its false
 * alarms saw water again within 2 h. An absence is what the meters show: no water, and the flat
 * at no more than the level it is at now (the fired window's highest hour, + a tolerance). The
 * household's own absences of that kind that began within ±`spellStartWindowHours` of this one's
 * clock hour are its peers; the ratio rule's finding stands only once this absence has outlasted
 * the longest peer by `ownAbsenceExtraHours`. A flat that is never that quiet while its people are
 * about (they switch things on) has no peers, and its finding stands at once: the simulator's
 * incidents fall to the always-on load, which its households never draw by day.
 *
 * Read from the household's ring on demand (only when the ratio rule fires), from the hours the
 * daily learning uses (up to its fixed point; days away left out; alerts' hours taken since
 * `ownAbsenceFromAlerts`), so it needs no stored field and a restarted detector judges alike.
 * On by default since 2026-12-07 with nights skipped, alerts' hours read and peers at the flat's
 * present level: together they cut the false alarms of development households and enduse seeds by
 * 31–47 % with the simulator's delays unchanged (utility README, branch `wip-inact13`).
 */
import type { UtilityConfig } from './config.ts';
import { learnable, type Rhythm } from './rhythm.ts';
import type { Finding } from './rule.ts';
import { hourOfDay } from './time.ts';
import { SLOT, type UsageRing } from './usage-ring.ts';

/** The absence level: the fired window's highest hour, and a little for the fridge's cycle. */
export function absenceCap(ring: UsageRing, hour: number, k: number, config: UtilityConfig): number {
  let top = 0;
  for (let h = hour - k + 1; h <= hour; h++) top = Math.max(top, ring.elecAt(ring.at(h)));
  return top * (1 + config.ownAbsenceTolerance) + config.ownAbsenceExtraKwh;
}

/**
 * With `ownAbsenceSameLevel`, the highest mean level a peer may have: the current absence's own,
 * after its first hour (the hour someone left or fell, still partly lit), × (1 +
 * `ownAbsenceTolerance`) + `ownAbsenceExtraKwh`. The cap alone is the window's highest hour, so an
 * absence that began in a lit hour took the household's days out as peers although the flat now
 * draws far less than on them (simulator 12: falls at 0.3–0.6 of the median held back 5–11 h by
 * days out at the median).
 */
function levelCap(ring: UsageRing, start: number, hour: number, config: UtilityConfig): number {
  if (!config.ownAbsenceSameLevel) return Number.POSITIVE_INFINITY;
  const from = hour > start ? start + 1 : start;
  let sum = 0;
  for (let h = from; h <= hour; h++) sum += ring.elecAt(ring.at(h));
  return (sum / (hour - from + 1)) * (1 + config.ownAbsenceTolerance) + config.ownAbsenceExtraKwh;
}

/** The current absence: observed hours up to `hour`, together drawing no water, each at most `cap`. */
export function currentAbsence(
  ring: UsageRing,
  hour: number,
  cap: number,
  config: UtilityConfig,
  max: number,
): number {
  let water = 0;
  let n = 0;
  while (n < max) {
    const s = ring.at(hour - n);
    if (s < 0 || !ring.has(s, SLOT.observed) || ring.elecAt(s) > cap) break;
    water += ring.waterAt(s);
    if (water > config.waterEpsM3) break;
    n++;
  }
  return n;
}

/** Whether `len` hours from `start` hold clock hour `night` (never when it is −1). */
const covers = (start: number, len: number, night: number): boolean =>
  night >= 0 && len > 0 && (((night - hourOfDay(start)) % 24) + 24) % 24 < len;

/**
 * The household's night: the clock hour of its lowest median electricity (`ownAbsenceSkipNights`).
 * A silence that holds it began at bedtime; what tells a fall then from a night is the morning it
 * does not get up, which the ratio rule sees against the median of those hours, while its own
 * longest night (a late morning) would hold the finding back for hours.
 */
export function nightHour(rhythm: Rhythm): number {
  let night = 0;
  for (let d = 1; d < 24; d++) if (rhythm.median(d) < rhythm.median(night)) night = d;
  return night;
}

/**
 * An hour an absence of the household's own may hold: a learnt hour, or with `ownAbsenceFromAlerts`
 * any fully reported one, an alert's included. The rhythm leaves alerts' hours out so that an
 * incident is not learnt as normal; but a false alarm's hours are then never learnt either, and the
 * household's ordinary evening out, alerted once, is alerted again each time it comes (enduse 21:
 * one couple four evenings of seven, each with water back within 2 h). An incident's own silence
 * runs for days, past `awayHours`, and is no peer anyway.
 */
const peerHour = (ring: UsageRing, s: number, config: UtilityConfig): boolean =>
  config.ownAbsenceFromAlerts
    ? ring.waterCountAt(s) >= config.minReadingsPerHour && ring.elecCountAt(s) >= config.minReadingsPerHour
    : learnable(ring, s, config.minReadingsPerHour);

/**
 * The longest absence (no water, each hour at most `cap`) in the hours `first`..`through` that
 * `peerHour` takes, that began within ±`spellStartWindowHours` of clock hour `startHour` (with
 * `ownAbsenceSameLevel`, only those whose level after their first hour was at most `meanCap`).
 * Longer than `awayHours` is
 * a day away: not a peer (it would excuse a day of silence). One cut by the history's edge or by
 * an hour that cannot be learnt counts as long as it was seen, which errs towards alarming.
 */
export function longestOwnAbsence(
  ring: UsageRing,
  first: number,
  through: number,
  startHour: number,
  cap: number,
  config: UtilityConfig,
  night = -1,
  meanCap = Number.POSITIVE_INFINITY,
): number {
  const w = config.spellStartWindowHours;
  let longest = 0;
  let start = -1;
  let water = 0;
  let settled = 0; // electricity after its first hour (the leaving), or of its only hour
  const close = (end: number) => {
    const len = end - start;
    const off = ((((hourOfDay(start) - startHour) % 24) + 36) % 24) - 12;
    const level = settled / Math.max(1, len - 1);
    if (len <= config.awayHours && Math.abs(off) <= w && !covers(start, len, night) && level <= meanCap)
      longest = Math.max(longest, len);
    start = -1;
  };
  for (let h = first; h <= through; h++) {
    const s = ring.at(h);
    const quiet =
      s >= 0 && peerHour(ring, s, config) && ring.elecAt(s) <= cap && ring.waterAt(s) <= config.waterEpsM3;
    if (start >= 0 && (!quiet || water + ring.waterAt(s) > config.waterEpsM3)) close(h);
    if (!quiet) continue;
    if (start < 0) {
      start = h;
      water = 0;
      settled = 0;
    }
    water += ring.waterAt(s);
    // Its first hour counts only while it is the only one.
    settled = h <= start + 1 ? ring.elecAt(s) : settled + ring.elecAt(s);
  }
  if (start >= 0) close(through + 1);
  return longest;
}

/**
 * The ratio rule's finding, kept only past the household's own absences of that kind (with what
 * was weighed in its evidence), or undefined while this absence is one it has had before.
 */
export function beyondOwnAbsence(
  ring: UsageRing,
  hour: number,
  first: number,
  through: number,
  found: Finding,
  config: UtilityConfig,
  rhythm: Rhythm,
): Finding | undefined {
  const k = Number(found.evidence.quiet_hours);
  const cap = absenceCap(ring, hour, k, config);
  const absence = currentAbsence(ring, hour, cap, config, config.awayHours + 1);
  const night = config.ownAbsenceSkipNights ? nightHour(rhythm) : -1;
  const start = hour - absence + 1;
  // A silence through the night is judged as the ratio rule judges it; nights are no peers either.
  const usual = covers(start, absence, night)
    ? 0
    : longestOwnAbsence(
        ring,
        first,
        through,
        hourOfDay(start),
        cap,
        config,
        night,
        levelCap(ring, start, hour, config),
      );
  if (absence <= usual + config.ownAbsenceExtraHours + config.waitShiftHours) return undefined;
  return {
    since: found.since,
    evidence: { ...found.evidence, absence_hours: absence, usual_longest_absence_hours: usual },
  };
}

/**
 * Meters that stop reporting. One silent meter is a device problem: `meter_offline` about the
 * meter. Many meters of one kind in one grid falling silent together is a power cut or a
 * network outage: one `meter_offline` about the grid instead of hundreds about meters. Neither
 * is a person in danger: the inactivity rule only judges hours both meters fully reported.
 */
import { type Alert, isoCst, type MeterKind } from '@onegrid/contracts';
import { openAlert, type Place, resolveAlert } from './alerts.ts';
import type { UtilityConfig } from './config.ts';
import type { MeterTrack } from './meter-track.ts';
import { MINUTE } from './time.ts';

export interface WatchedMeter {
  id: string;
  householdId: string;
  kind: MeterKind;
  place: Place;
  track: MeterTrack;
}

/** A meter whose last reading is this recent is reporting (15-minute meters, one missed). */
const REPORTING_MS = 30 * MINUTE;
/**
 * The longest store-and-forward batch taken on its arrival alone (see `arrived`): meters buffer
 * hours, not days, and a longer gap is more likely a source clock thrown ahead by one reading.
 */
const MAX_BATCH_MS = 24 * 60 * MINUTE;
/** The detector's watermark steps. */
const STEP = 15 * MINUTE;
/** The first watermark step at or after `t`: where an uninterrupted run checks it. */
const stepAtOrAfter = (t: number): number => Math.ceil(t / STEP) * STEP;

const groupKey = (m: WatchedMeter): string => `grid:${m.place.grid}:${m.kind}`;

/**
 * The event time up to which a meter's own feed is known to be complete (through Kafka: its
 * source partition's own progress). Without one, the watermark is (in-process, one ordered feed).
 */
export type MeterClock = (meterId: string) => number;

/**
 * A meter's readings of `(from, …]` that reached the detector only once its own feed was at
 * `until`: a store-and-forward batch. `confirmed` once the batch is seen to reach the present.
 */
/** A silent meter and its last reading as a live run saw it. */
interface Silent {
  m: WatchedMeter;
  last: number;
}

interface ArrivalGap {
  from: number;
  until: number;
  confirmed: boolean;
  /** `until` when it was opened: the feed's clock, shared by every gap a clock jump opened. */
  clock: number;
  /**
   * Whether, when it opened, other meters had already reported at that clock without a gap: a
   * flush comes while the partition's other meters report at the present; a clock thrown ahead
   * by one reading stamped in the future has no meter at it (every meter's next reading is hours
   * behind it, and opens a gap).
   */
  atPresent: boolean;
}

/**
 * Meters whose gaps opened at one and the same feed clock before it is taken for the clock, not
 * the meters: a jump holds a partition's clock still while each of its meters reports once, a
 * store-and-forward batch arrives while the clock moves.
 */
const SAME_CLOCK_METERS = 3;
/** The quarter-hour bucket of a feed clock, in which meters reporting at the present are noted. */
const bucket = (clock: number): number => Math.floor(clock / STEP);

export class OfflineWatcher {
  readonly #config: UtilityConfig;
  /** Open alerts by meter id or grid key. */
  readonly #open = new Map<string, Alert>();
  readonly #totals = new Map<string, number>();
  /** When an open alert's meter (or grid) was first heard from again; it ends `offlineBackMs` later. */
  readonly #backSince = new Map<string, number>();
  readonly #meterClock: MeterClock | undefined;
  /** Store-and-forward batches not yet judged, by meter id (few: only meters that sent one). */
  readonly #gaps = new Map<string, ArrivalGap[]>();
  /** How many gaps (of any meter) opened at each feed clock. */
  readonly #opened = new Map<number, number>();
  /**
   * Quarter-hour buckets of feed clocks at which some meter reported at the present (its reading
   * within `REPORTING_MS` of its feed's clock) without opening a gap: a few days' worth at most,
   * pruned as the watermark passes.
   */
  readonly #present = new Set<number>();
  #lastPresent = Number.NaN;
  #prunedAt = Number.NEGATIVE_INFINITY;

  constructor(config: UtilityConfig, meterClock?: MeterClock) {
    this.#config = config;
    this.#meterClock = meterClock;
  }

  add(meter: WatchedMeter): void {
    const key = groupKey(meter);
    this.#totals.set(key, (this.#totals.get(key) ?? 0) + 1);
  }

  restore(alert: Alert): void {
    const kind = alert.evidence.kind;
    const key = alert.evidence.scope === 'grid' ? `grid:${alert.subject}:${String(kind)}` : alert.subject;
    this.#open.set(key, alert);
  }

  openCount(): number {
    return this.#open.size;
  }

  /**
   * A reading newer than any before it from this meter was accepted; `previous` was the newest
   * until then, `watermark` the detector's. A live run sees a store-and-forward batch as silence:
   * nothing comes from the meter for hours, then hours of readings at once. Judged in event time
   * after the batch is in, as a replay or a backlog does (its partition read hours ahead of the
   * watermark), the batch fills the silence before the watermark reaches it, and the meter never
   * looked silent (every meter_offline missed through Kafka, 17 of 17 on development data, was
   * such a batch). So the silence is kept as it arrived: when this reading came, the meter's own
   * feed was at `until`, and nothing newer than `previous` had come from it. Kept only while the
   * watermark has not judged `previous + offlineAfterMs` yet (after that the readings themselves
   * showed it), and taken for a batch only once the meter's readings reach the present before
   * then (`confirmed`): a source clock thrown ahead by one reading stamped in the future makes
   * every meter of the partition look late, but their readings do not catch up with it.
   */
  arrived(m: WatchedMeter, previous: number, ts: number, watermark: number): void {
    const { offlineAfterMs } = this.#config;
    const gaps = this.#gaps.get(m.id);
    const last = gaps?.at(-1);
    if (last !== undefined && !last.confirmed && ts >= last.until - REPORTING_MS)
      last.confirmed = watermark < last.from + offlineAfterMs;
    const until = this.#meterClock?.(m.id) ?? watermark;
    if (!Number.isFinite(until)) return;
    if (!(until - previous >= offlineAfterMs)) {
      // No gap (or the meter's first reading): a meter reporting at the present of its feed.
      if (ts >= until - REPORTING_MS && bucket(until) !== this.#lastPresent) {
        this.#lastPresent = bucket(until);
        this.#present.add(this.#lastPresent);
      }
      return;
    }
    if (!(watermark < previous + offlineAfterMs) || until - previous > MAX_BATCH_MS) return;
    // The batch's later readings each open the same gap again from a later reading: one batch.
    if (last !== undefined && previous < last.until) {
      last.until = Math.max(last.until, until);
      return;
    }
    const atPresent = this.#present.has(bucket(until)) || this.#present.has(bucket(until - REPORTING_MS));
    const gap = { from: previous, until, confirmed: ts >= until - REPORTING_MS, clock: until, atPresent };
    this.#opened.set(until, (this.#opened.get(until) ?? 0) + 1);
    if (gaps === undefined) this.#gaps.set(m.id, [gap]);
    else gaps.push(gap);
  }

  /**
   * The meter's last reading as a live run saw it at `now`: its newest consumed, unless `now`
   * falls in a batch's silence, when it is the reading before the batch. Gaps behind `now` go.
   */
  #lastAt(m: WatchedMeter, now: number): number {
    const gaps = this.#gaps.get(m.id);
    if (gaps === undefined) return m.track.anchorTs;
    const { offlineAfterMs } = this.#config;
    // Passed, or never confirmed while it could still be judged: nothing more to say.
    while (gaps.length > 0) {
      const g = gaps[0] as ArrivalGap;
      if (!(g.until <= now || (!g.confirmed && g.from + offlineAfterMs <= now))) break;
      gaps.shift();
      const n = (this.#opened.get(g.clock) ?? 1) - 1;
      if (n > 0) this.#opened.set(g.clock, n);
      else this.#opened.delete(g.clock);
    }
    if (gaps.length === 0) this.#gaps.delete(m.id);
    const g = gaps[0];
    // Many meters' gaps at one clock are a clock thrown ahead, unless meters reported at that
    // clock before them: then they are many meters' batches flushed at once (a concentrator back).
    const batch =
      g?.confirmed === true && (g.atPresent || (this.#opened.get(g.clock) ?? 0) < SAME_CLOCK_METERS);
    return batch && g.from <= now ? Math.min(g.from, m.track.anchorTs) : m.track.anchorTs;
  }

  /** Opens and resolves alerts as of watermark `at`. */
  check(meters: Iterable<WatchedMeter>, at: number, out: Alert[]): void {
    const { offlineAfterMs, gridOutageMinMeters, gridOutageShare } = this.#config;
    this.#prunePresent(at);
    const silent = new Map<string, Silent[]>();
    // Only a meter seen reporting ends its alert (or its grid's): after a restart, a meter not
    // heard from yet is unknown, not back.
    const alive = new Set<string>();
    /**
     * Meters reporting now (last reading within half an hour), not merely not yet silent for
     * long, with how far their own feed has got.
     */
    const reporting = new Map<string, number>();
    for (const m of meters) {
      // The last reading at or before the watermark (readings are consumed up to it before the
      // check), not the newest received: a meter's source partition may run hours ahead of the
      // watermark, and its later readings say nothing about whether it was silent then.
      if (m.track.anchorTs === Number.NEGATIVE_INFINITY) continue;
      // Silence is measured up to where the meter's own feed has got, not the watermark: a
      // source partition released as idle (a stalled pipeline) lets the watermark pass readings
      // still on their way, and its meters are not silent for that (issue 15: 1,567 false alarms).
      const now = Math.min(at, this.#meterClock?.(m.id) ?? at);
      const last = this.#lastAt(m, now);
      if (now - last <= REPORTING_MS) reporting.set(m.id, now);
      if (now - last < offlineAfterMs) {
        alive.add(m.id);
        alive.add(groupKey(m));
        continue;
      }
      const key = groupKey(m);
      const group = silent.get(key);
      if (group) group.push({ m, last });
      else silent.set(key, [{ m, last }]);
    }
    const outages = new Set<string>();
    for (const [key, group] of silent) {
      const total = this.#totals.get(key) ?? group.length;
      if (group.length >= gridOutageMinMeters && group.length >= gridOutageShare * total) {
        outages.add(key);
        if (!this.#open.has(key)) {
          const need = Math.max(gridOutageMinMeters, Math.ceil(gridOutageShare * total));
          const alert = gridAlert(group, this.#gridStamp(group, need, at));
          this.#open.set(key, alert);
          out.push(alert);
        }
        continue;
      }
      for (const s of group) {
        if (this.#open.has(s.m.id)) continue;
        const alert = meterAlert(s, this.#silentAt(s, at));
        this.#open.set(s.m.id, alert);
        out.push(alert);
      }
    }
    for (const [key, alert] of this.#open) {
      // One condition, one alert: back means reporting for `offlineBackMs`, so a meter that
      // sends one reading and falls silent again keeps its alert instead of opening another.
      const back =
        alive.has(key) && !outages.has(key) && (alert.evidence.scope === 'grid' || reporting.has(key));
      if (!back) {
        this.#backSince.delete(key);
        continue;
      }
      // A meter is back by its own feed's clock too, and the end is stamped there (see #silentAt).
      const now = reporting.get(key) ?? at;
      const since = this.#backSince.get(key) ?? Math.min(at, stepAtOrAfter(now));
      this.#backSince.set(key, since);
      if (now - since < this.#config.offlineBackMs) continue;
      this.#open.delete(key);
      this.#backSince.delete(key);
      const stamp = Math.min(at, stepAtOrAfter(since + this.#config.offlineBackMs));
      out.push(resolveAlert(alert, stamp, { ended_at: isoCst(since) }));
    }
  }

  /** Forgets present-clock buckets a day older than the watermark (no feed's clock is behind it), hourly. */
  #prunePresent(at: number): void {
    if (at - this.#prunedAt < 60 * MINUTE) return;
    this.#prunedAt = at;
    const oldest = bucket(at - MAX_BATCH_MS);
    for (const b of this.#present) if (b < oldest) this.#present.delete(b);
  }

  /**
   * The step at which the meter's silence reached `offlineAfterMs` in event time: the step an
   * uninterrupted run raises it at. Not the watermark step that saw it: a meter whose source
   * partition was held up upstream is judged when its own feed gets there, and the watermark may
   * be a day further by then (held-out run 1003 stamped one 29.5 h late). Never after `at`.
   */
  #silentAt(s: Silent, at: number): number {
    return Math.min(at, stepAtOrAfter(s.last + this.#config.offlineAfterMs));
  }

  /** A grid outage's step: when the `need`-th of its silent meters fell silent (as #silentAt). */
  #gridStamp(group: readonly Silent[], need: number, at: number): number {
    const stamps = group.map((s) => this.#silentAt(s, at)).sort((a, b) => a - b);
    return stamps[Math.min(need, stamps.length) - 1] ?? at;
  }
}

function meterAlert({ m, last }: Silent, at: number): Alert {
  return openAlert({
    type: 'meter_offline',
    severity: 'info',
    subject: m.id,
    place: m.place,
    since: last,
    detectedAt: at,
    evidence: {
      scope: 'meter',
      kind: m.kind,
      household_id: m.householdId,
      last_reading_at: isoCst(last),
      silent_minutes: Math.round((at - last) / MINUTE),
    },
  });
}

function gridAlert(group: Silent[], at: number): Alert {
  const first = (group[0] as Silent).m;
  // The lower median: a meter silent for days before the cut does not move it.
  const times = group.map((s) => s.last).sort((a, b) => a - b);
  const since = times[Math.floor((times.length - 1) / 2)] as number;
  return openAlert({
    type: 'meter_offline',
    severity: 'info',
    subject: first.place.grid,
    place: first.place,
    since,
    detectedAt: at,
    evidence: {
      scope: 'grid',
      kind: first.kind,
      cause: first.kind === 'electricity' ? 'power_cut_suspected' : 'network_outage_suspected',
      // No meter counts: each partition's detector judges the grid on the meters it watches, and
      // after a rebalance on those seen since its replay began, so counts would differ between
      // copies of one alert (seen in the soak test). The alert must read the same from any of them.
    },
  });
}

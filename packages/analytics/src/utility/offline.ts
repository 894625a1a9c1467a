/**
 * Meters that stop reporting. One silent meter is a device problem: `meter_offline` about the
 * meter. Many meters of one kind in one grid falling silent together is a power cut or a
 * network outage: one `meter_offline` about the grid instead of hundreds about meters. Neither
 * is a person in danger: the inactivity rule only judges hours both meters fully reported.
 */
import { type Alert, isoCst, type MeterKind, toEpochMs } from '@onegrid/contracts';
import { openAlert, type Place, resolveAlert } from './alerts.ts';
import type { UtilityConfig } from './config.ts';
import type { MeterTrack } from './meter-track.ts';
import { ArrivalGaps, REPORTING_MS } from './offline-gaps.ts';
import { MINUTE } from './time.ts';

export interface WatchedMeter {
  id: string;
  householdId: string;
  kind: MeterKind;
  place: Place;
  track: MeterTrack;
}

/** The detector's watermark steps. */
const STEP = 15 * MINUTE;
/** The first watermark step at or after `t`: where an uninterrupted run checks it. */
const stepAtOrAfter = (t: number): number => Math.ceil(t / STEP) * STEP;

/** A grid's key for one kind of meter: its outage alert's key in `#open`, its meters' count's in `#totals`. */
const gridKey = (grid: string, kind: MeterKind | string): string => `grid:${grid}:${kind}`;

/** Both kinds' keys of one grid, made once. */
interface GridKeys {
  water: string;
  electricity: string;
}

/**
 * The event time up to which a meter's own feed is known to be complete (through Kafka: its
 * source partition's own progress). Without one, the watermark is (in-process, one ordered feed).
 * `tag`: the meter's tag as its caller gave it with its readings (`onReading`), −1 if none: the
 * processor's source partition, found without a lookup of its own (issue 17).
 */
export type MeterClock = (meterId: string, tag: number) => number;

/** A silent meter and its last reading as a live run saw it. */
interface Silent {
  m: WatchedMeter;
  last: number;
}

export class OfflineWatcher {
  readonly #config: UtilityConfig;
  /** Open alerts by meter id or grid key. */
  readonly #open = new Map<string, Alert>();
  readonly #totals = new Map<string, number>();
  /** When an open alert's meter (or grid) was first heard from again; it ends `offlineBackMs` later. */
  readonly #backSince = new Map<string, number>();
  readonly #meterClock: MeterClock | undefined;
  /** Store-and-forward batches not yet judged (few: only meters that sent one). */
  readonly #gaps: ArrivalGaps;
  /**
   * Group keys by grid, made as its first meter is added: a check read a fresh `grid:…:kind`
   * string for every meter of an open outage's grids at every step (issue 17).
   */
  readonly #gridKeys = new Map<string, GridKeys>();

  constructor(config: UtilityConfig, meterClock?: MeterClock) {
    this.#config = config;
    this.#meterClock = meterClock;
    this.#gaps = new ArrivalGaps(config, meterClock);
  }

  /** The key of `m`'s grid and kind (see `#gridKeys`). */
  #groupKey(m: WatchedMeter): string {
    const grid = m.place.grid;
    let keys = this.#gridKeys.get(grid);
    if (keys === undefined) {
      keys = { water: gridKey(grid, 'water'), electricity: gridKey(grid, 'electricity') };
      this.#gridKeys.set(grid, keys);
    }
    return keys[m.kind];
  }

  add(meter: WatchedMeter): void {
    const key = this.#groupKey(meter);
    this.#totals.set(key, (this.#totals.get(key) ?? 0) + 1);
  }

  restore(alert: Alert): void {
    const kind = alert.evidence.kind;
    const key = alert.evidence.scope === 'grid' ? gridKey(alert.subject, String(kind)) : alert.subject;
    this.#open.set(key, alert);
  }

  openCount(): number {
    return this.#open.size;
  }

  /** A reading newer than any before it from this meter was accepted (see `ArrivalGaps.arrived`). */
  arrived(m: WatchedMeter, previous: number, ts: number, watermark: number): void {
    this.#gaps.arrived(m.id, m.track.tag, previous, ts, watermark);
  }

  /** The meter's last reading as a live run saw it at `now` (see `ArrivalGaps.lastAt`). */
  #lastAt(m: WatchedMeter, now: number): number {
    return this.#gaps.lastAt(m.id, m.track.anchorTs, now);
  }

  /** Opens and resolves alerts as of watermark `at`. */
  check(meters: Iterable<WatchedMeter>, at: number, out: Alert[]): void {
    const { offlineAfterMs, gridOutageMinMeters, gridOutageShare } = this.#config;
    const silent = new Map<string, Silent[]>();
    // Only a meter seen reporting ends its alert (or its grid's): after a restart, a meter not
    // heard from yet is unknown, not back.
    const alive = new Set<string>();
    /**
     * Meters reporting now (last reading within half an hour), not merely not yet silent for
     * long, with how far their own feed has got.
     */
    const reporting = new Map<string, number>();
    // Both are read only for the alerts open before this check (one opened by it is a silent
    // meter's or an outage's: not back either way), so they hold only those keys: a set and a
    // map of every meter, and a key string each, made every step were the most garbage a step
    // promoted at 1M households (issue 17).
    // Open outages' since by grid key: a grid is back only on a reading after its outage began,
    // as a meter is (below). Few keys, made only while an outage is open.
    let gridSince: Map<string, number> | undefined;
    for (const [key, a] of this.#open) {
      if (a.evidence.scope !== 'grid') continue;
      gridSince ??= new Map();
      gridSince.set(key, toEpochMs(a.since));
    }
    const anyOpen = this.#open.size > 0;
    for (const m of meters) {
      // The last reading at or before the watermark (readings are consumed up to it before the
      // check), not the newest received: a meter's source partition may run hours ahead of the
      // watermark, and its later readings say nothing about whether it was silent then.
      const anchor = m.track.anchorTs;
      if (anchor === Number.NEGATIVE_INFINITY) continue;
      const meterOpen = anyOpen && this.#open.has(m.id);
      // The usual meter, nothing open about it, no batch's silence held, heard from within
      // `offlineAfterMs` of the watermark: not silent whatever its own feed's clock (that is at
      // most the watermark, and its last reading is its newest consumed), so neither the clock
      // nor the gaps are asked. The clock was a lookup per meter per step (issue 17). What
      // follows would find the same.
      if (!meterOpen && at - anchor < offlineAfterMs && !this.#gaps.holds(m.id)) {
        if (gridSince !== undefined) {
          const key = this.#groupKey(m);
          if (anchor > (gridSince.get(key) ?? Number.POSITIVE_INFINITY)) alive.add(key);
        }
        continue;
      }
      // Silence is measured up to where the meter's own feed has got, not the watermark: a
      // source partition released as idle (a stalled pipeline) lets the watermark pass readings
      // still on their way, and its meters are not silent for that (issue 15: 1,567 false alarms).
      const now = Math.min(at, this.#meterClock?.(m.id, m.track.tag) ?? at);
      const last = this.#lastAt(m, now);
      // Back only on a reading after its silence began: a replay after a restart may begin hours
      // before it (another household's run held the resume point back), and the meter's readings
      // from then ended the restored alert before its own start (issue 15 item 1). An
      // uninterrupted run only sees readings after it once the alert is open: nothing changes.
      const heard = meterOpen && last > this.#openSince(m.id);
      if (heard && now - last <= REPORTING_MS) reporting.set(m.id, now);
      if (now - last < offlineAfterMs) {
        if (heard) alive.add(m.id);
        // The same for its grid: a replay held back hours before an outage replays its meters'
        // readings from before it, which ended the restored outage before its own since.
        if (gridSince !== undefined) {
          const key = this.#groupKey(m);
          if (last > (gridSince.get(key) ?? Number.POSITIVE_INFINITY)) alive.add(key);
        }
        continue;
      }
      const key = this.#groupKey(m);
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

  /** When an open alert's silence began (its meter's last reading then), epoch ms. */
  #openSince(key: string): number {
    const alert = this.#open.get(key);
    return alert === undefined ? Number.NEGATIVE_INFINITY : toEpochMs(alert.since);
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

import {
  type DetectorDeps,
  type HourlyDetector,
  type HouseholdUsageHour,
  MAX_METER_TAG,
  type UtilityConfigInput,
  UtilityDetector,
  UtilityError,
} from '@onegrid/analytics/utility';
import { type Alert, type HouseholdReading, toEpochMs } from '@onegrid/contracts';
import type { StreamModel } from '../operators/detector-operator.ts';
import { UpstreamClock } from '../operators/upstream-clock.ts';
import type { HouseholdInfo } from '../registry/registry-state.ts';
import type { UtilityRestartState } from './restart-state.ts';

/** onegrid's detector or a baseline rule: the same engine with another inactivity rule. */
type Detector = HourlyDetector<unknown>;

export type UtilityOutput =
  | { readonly kind: 'alert'; readonly alert: Alert }
  | { readonly kind: 'hour'; readonly row: HouseholdUsageHour }
  /**
   * A household whose stored hours changed: `take` encodes its snapshot when called. The
   * snapshot sink calls it at its flush, once per household, after the hourly rows are durable.
   */
  | {
      readonly kind: 'state';
      readonly household: string;
      readonly take: () => HouseholdSnapshotTaken | undefined;
    };

/** A close under way: its watermark, the thread's time so far, its slices and the longest. */
interface CloseUnderWay {
  readonly until: number;
  /** Processing time at its start: the sources' clocks are read as then. */
  readonly now: number;
  readonly sliceMs: number | undefined;
  readonly startedAt: number;
  ms: number;
  slices: number;
  longestMs: number;
}

/** A close that took the thread a second or more in all (`slowAdvance`). */
export interface SlowAdvance {
  /** The thread's time, every slice's together. */
  readonly ms: number;
  /** From its first slice's start to its last's end, the yields between them included. */
  readonly wallMs: number;
  readonly slices: number;
  /** The longest the thread was held at once: no heartbeat meanwhile. */
  readonly longestSliceMs: number;
  readonly hours: number;
  readonly alerts: number;
}

export interface HouseholdSnapshotTaken {
  readonly bytes: Uint8Array;
  readonly version: number;
}

/** Meters report every 15 min; their clocks drift by minutes and feeds reorder by up to half an hour. */
export const UTILITY_OUT_OF_ORDERNESS_MS = 30 * 60_000;

export const householdReadingTime = (h: HouseholdReading): number => toEpochMs(h.reading.ts);

/**
 * The households of one partition of the re-keyed meter topic and their detector. A household
 * takes its stored history and open alerts when first seen, so a restart neither forgets a
 * rhythm nor raises an alert twice; the watermark is the slowest source partition's.
 */
export class UtilityModel implements StreamModel<HouseholdReading, UtilityOutput> {
  readonly #detector: Detector;
  readonly #clock: UpstreamClock;
  readonly #now: () => number;
  readonly #restart: UtilityRestartState;
  /**
   * Households seen (their restart state taken) are marked in the detector (`markSeen`), and each
   * meter's source partition is its tag there (`onReading`), handed back to `#meterClock`: a map
   * entry, an object and a key string per meter and a set entry and a string per household less
   * (issue 17: 264 B a household, utility-model-heap.ts). Here only the households seen that the
   * detector did not hold then (unknown to the registry, or named by another household's meter
   * before any of their own), until it does, and how many were seen.
   */
  readonly #seenApart = new Set<string>();
  /** Meters whose source partition is MAX_METER_TAG or past it: their partitions (none on a usual topic). */
  readonly #farSources = new Map<string, number>();
  #seenCount = 0;
  readonly #sourceNames: string[] = [];
  /**
   * `#meterClock` per source partition, for one close (`advance`, or `advanceSliced` and its
   * `resume`s): the detector asks it for every meter it judges (its offline check, each quarter),
   * and a source's progress holds still while it closes (no event arrives meanwhile). Asked once
   * per source, not once per meter (issue 17).
   * Outside `advance` (a reading's own step) nothing is kept: the next event moves its source.
   */
  readonly #sourceClock: (number | undefined)[] = [];
  #advancing = false;
  readonly #reportModels: ((counts: Record<string, number>) => void) | undefined;
  readonly #snapshots: boolean;
  #reportedHour = Number.NaN;
  #restored: (() => void) | undefined;
  readonly #slowAdvance: ((took: SlowAdvance) => void) | undefined;
  /** How long one slice of a close may hold the thread (`sliceMs`); undefined: a close is one slice. */
  readonly #sliceMs: number | undefined;
  /** The close under way, when sliced: its watermark and how long it has taken so far. */
  #close: CloseUnderWay | undefined;
  /** Its partition was revoked (`revoke`): no snapshot is taken of it any more. */
  #revoked = false;

  constructor(options: {
    /** onegrid's detector by default; the scoring script also runs the baseline rules. */
    detector?: (config: UtilityConfigInput, deps: DetectorDeps) => Detector;
    config: UtilityConfigInput;
    household: (id: string) => HouseholdInfo | undefined;
    restart: UtilityRestartState;
    sources: readonly string[];
    sourceIdleMs: number;
    now: () => number;
    /** Told, once an hour of event time, how many households each inactivity model judges. */
    reportModels?: (counts: Record<string, number>) => void;
    /** Emit a `state` output for each household whose hours were written (the processor that writes them). */
    snapshots?: boolean;
    /**
     * Called once, when the last household of the restart state has been seeded (every household
     * read has sent a reading since): the partition's state is whole (issue 17's restore timing).
     */
    restored?: () => void;
    /**
     * Told of a close (an `advance` and, when sliced, its `resume`s) that took the thread a second
     * or more in all, once it is done: the rows it wrote, the alerts it raised, its slices and the
     * longest. A slice holds the thread: its consumer groups send no heartbeat meanwhile (issue 17).
     */
    slowAdvance?: (took: SlowAdvance) => void;
    /**
     * Closes hours in slices of about this many ms of the thread, yielding it between them
     * (`advance` returns undefined, the runtime calls `resume`): learning a partition's every
     * household at one hour's close held it 8–20 s, past the group's session timeout (issue 17).
     * Undefined: every close is one slice, as the scripts run the detector.
     */
    sliceMs?: number;
  }) {
    this.#reportModels = options.reportModels;
    this.#restored = options.restored;
    this.#slowAdvance = options.slowAdvance;
    this.#sliceMs = options.sliceMs;
    this.#snapshots = options.snapshots ?? false;
    const create = options.detector ?? ((config, deps) => new UtilityDetector(config, deps));
    this.#detector = create(options.config, {
      household: options.household,
      meterClock: (meterId, tag) =>
        this.#meterClock(tag === MAX_METER_TAG ? (this.#farSources.get(meterId) ?? -1) : tag),
    });
    this.#detector.restoreAlerts(options.restart.offlineAlerts);
    this.#restart = options.restart;
    this.#now = options.now;
    this.#clock = new UpstreamClock({
      expected: options.sources,
      outOfOrdernessMs: UTILITY_OUT_OF_ORDERNESS_MS,
      idleMs: options.sourceIdleMs,
      now: options.now(),
    });
  }

  onEvent(h: HouseholdReading, eventTime: number): 'accepted' | 'duplicate' | 'late' {
    const partition = h.source_partition;
    this.#clock.observe(this.#sourceName(partition), eventTime, this.#now());
    const household = h.reading.household_id;
    const detector = this.#detector;
    // A meter that names another household takes that household's state as a first one would.
    const seen = detector.seen(household);
    if (!seen && !this.#seenApart.has(household)) this.#firstSeen(household);
    // The event time is the reading's `ts`, parsed once by the runtime: not parsed again (issue 17).
    // A partition past what the detector's tag holds (a topic of 65,535+ partitions): the tag says
    // "look here", and the partition is kept in #farSources (review, session 19: it threw).
    let tag = partition;
    if (partition >= MAX_METER_TAG) {
      tag = MAX_METER_TAG;
      this.#farSources.set(h.reading.meter_id, partition);
    }
    const outcome = detector.onReading(h.reading, undefined, eventTime, tag);
    if (!seen) {
      if (detector.markSeen(household)) this.#seenApart.delete(household);
      else this.#seenApart.add(household);
    }
    // The archive dead-letters readings of unknown households before they are re-keyed; one
    // removed from the registry since is kept with the late events rather than dropped.
    return outcome === 'unknown_id' ? 'late' : outcome;
  }

  /** The source's name built once per partition, not once per reading (issue 17). */
  #sourceName(partition: number): string {
    let source = this.#sourceNames[partition];
    if (source === undefined) {
      source = `meter/${partition}`;
      this.#sourceNames[partition] = source;
    }
    return source;
  }

  /** A household's restart state and open alerts, taken when it is first seen. */
  #firstSeen(household: string): void {
    this.#seenCount++;
    this.#restore(household);
    const alerts = this.#restart.householdAlerts.get(household);
    if (alerts !== undefined) this.#detector.restoreAlerts(alerts);
  }

  /**
   * Seeds a household first seen from its snapshot and the rows stored after it, or from its rows
   * alone (no snapshot, or one of another format), then lets go of them: restart state is held
   * only until each household is first seen.
   */
  #restore(household: string): void {
    const restart = this.#restart;
    const rows = restart.history.get(household) ?? [];
    const taken = restart.taken.get(household);
    const snapshot = restart.snapshots.get(household);
    if (snapshot !== undefined)
      this.#detector.seedSnapshot(household, snapshot, rows, taken, restart.fromHour);
    else if (rows.length > 0) this.#detector.seedHistory(household, rows, taken);
    restart.history.delete(household);
    restart.snapshots.delete(household);
    restart.taken.delete(household);
    if (this.#restored !== undefined && restart.snapshots.size === 0 && restart.history.size === 0) {
      this.#restored();
      this.#restored = undefined;
    }
  }

  /** The close the watermark makes, whole: `advanceSliced` and `resume` in one slice. */
  advance(watermark: number): UtilityOutput[] {
    return this.#begin(watermark, undefined) as UtilityOutput[];
  }

  /** The close the watermark makes, in slices of `sliceMs` (StreamModel): undefined while work is left. */
  advanceSliced(watermark: number): UtilityOutput[] | undefined {
    return this.#begin(watermark, this.#sliceMs);
  }

  resume(): UtilityOutput[] | undefined {
    if (this.#close === undefined) return [];
    return this.#slice(this.#close.sliceMs, (over) => this.#detector.resume(over));
  }

  #begin(watermark: number, sliceMs: number | undefined): UtilityOutput[] | undefined {
    // Refused before `#close` is overwritten: the close under way keeps its record and its clocks.
    if (this.#detector.pending())
      throw new UtilityError('CLOSE_PENDING', 'advance while a sliced close is pending: resume it first');
    const now = this.#now();
    const until = Math.min(watermark, this.#clock.watermark(now));
    if (!Number.isFinite(until)) return [];
    this.#close = { until, now, sliceMs, ms: 0, slices: 0, longestMs: 0, startedAt: performance.now() };
    return this.#slice(sliceMs, (over) => this.#detector.advanceSliced(until, over));
  }

  /**
   * One slice of the close under way. The sources' clocks read for it (`#sourceClock`) are kept
   * until its last slice: the close decides as one `advance` would, however long it is spread.
   */
  #slice(
    sliceMs: number | undefined,
    run: (over: () => boolean) => ReturnType<Detector['resume']>,
  ): UtilityOutput[] | undefined {
    const close = this.#close as CloseUnderWay;
    this.#advancing = true;
    const started = performance.now();
    const over = sliceMs === undefined ? () => false : () => performance.now() - started >= sliceMs;
    let result: ReturnType<Detector['resume']>;
    try {
      result = run(over);
    } catch (error) {
      this.#endClose();
      throw error;
    }
    const ms = performance.now() - started;
    close.ms += ms;
    close.slices++;
    close.longestMs = Math.max(close.longestMs, ms);
    if (result === undefined) return undefined;
    this.#endClose();
    const { alerts, hourly } = result;
    if (close.ms >= 1000)
      this.#slowAdvance?.({
        ms: Math.round(close.ms),
        wallMs: Math.round(performance.now() - close.startedAt),
        slices: close.slices,
        longestSliceMs: Math.round(close.longestMs),
        hours: hourly.length,
        alerts: alerts.length,
      });
    return this.#outputs(close.until, alerts, hourly);
  }

  #endClose(): void {
    this.#close = undefined;
    this.#advancing = false;
    this.#sourceClock.length = 0;
  }

  #outputs(until: number, alerts: readonly Alert[], hourly: readonly HouseholdUsageHour[]): UtilityOutput[] {
    const hour = Math.floor(until / 3_600_000);
    if (this.#reportModels !== undefined && hour !== this.#reportedHour) {
      this.#reportedHour = hour;
      this.#reportModels(this.#detector.models());
    }
    const out: UtilityOutput[] = [];
    for (const alert of alerts) out.push({ kind: 'alert', alert });
    for (const row of hourly) out.push({ kind: 'hour', row });
    if (this.#snapshots) {
      const changed = new Set<string>();
      for (const row of hourly) changed.add(row.household_id);
      for (const household of changed)
        out.push({ kind: 'state', household, take: () => this.#take(household) });
    }
    return out;
  }

  /**
   * A household's snapshot when the snapshot sink flushes, or none: not of a partition revoked
   * since (its next owner writes its state: this one, older, may land after the new owner's and
   * stand for it, and when revoked mid-close it holds readings taken whose rows were never
   * written, so a restore from it never writes that hour), nor mid-close. A snapshot not taken
   * costs a restore the rows written since the one before it, which it reads anyway: exact.
   */
  #take(household: string): HouseholdSnapshotTaken | undefined {
    if (this.#revoked || this.#detector.pending()) return undefined;
    return this.#detector.snapshot(household);
  }

  /** Its partition was revoked: the close under way, if any, is abandoned (StreamModel). */
  revoke(): void {
    this.#revoked = true;
  }

  /**
   * How far a meter's own source partition has got. A partition released as idle lets the
   * watermark run on (one stalled partition must not hold every household's outputs), but its
   * meters' readings may still be on the way: they are judged silent only up to where their own
   * partition has got. A partition that stays silent as long as a meter needs to be called
   * offline is taken as silent itself (all its meters down), so its meters are judged at the
   * watermark again: late rather than never. No pipeline stall lasts hours.
   */
  #meterClock(source: number): number {
    // A meter given no source (none the detector was handed by `onEvent`): not held back.
    if (source < 0) return Number.POSITIVE_INFINITY;
    let clock = this.#sourceClock[source];
    if (clock === undefined) {
      // During a close, as at its start: however many slices it takes, it decides as one advance.
      const now = this.#close?.now ?? this.#now();
      const { reached, silentMs } = this.#clock.progress(this.#sourceName(source), now);
      clock = silentMs >= this.#detector.config.offlineAfterMs ? Number.POSITIVE_INFINITY : reached;
      if (this.#advancing) this.#sourceClock[source] = clock;
    }
    return clock;
  }

  oldestNeededTime(): number | undefined {
    return this.#detector.oldestNeededTime();
  }

  size(): number {
    return this.#seenCount;
  }
}

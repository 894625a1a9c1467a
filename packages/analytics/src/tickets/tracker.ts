import type { TicketEvent } from '@onegrid/contracts';
import { nextAfter } from './changes.ts';
import { parseTicketConfig, type TicketConfig, type TicketConfigInput } from './config.ts';
import { detectionPoint } from './detection.ts';
import { DueQueue } from './due-queue.ts';
import { type TicketFacts, ticketFacts } from './facts.ts';
import type { TicketEmitter } from './outputs.ts';
import { dropAlerts, type RaisedAlert, syncAlerts } from './overdue-alerts.ts';
import { summonRow, type TicketRow, ticketRow } from './rows.ts';
import { insertEntry, type TicketReport, type TimelineEntry, toEntry } from './timeline.ts';

/**
 * What happened to an event:
 * - `accepted`: a new event of a ticket (its outputs follow at the next `advance`);
 * - `duplicate`: the same event was applied before;
 * - `late`: its ticket was settled and dropped (see retention): send it to the late side output;
 * - `unknown_id`: a `reported` naming a district `isKnownDistrict` does not know (not applied).
 */
export type TicketDisposition = 'accepted' | 'duplicate' | 'late' | 'unknown_id';

export interface TicketTrackerOptions {
  /** When given, a `reported` whose district it rejects is refused as `unknown_id`. */
  readonly isKnownDistrict?: (code: string) => boolean;
}

/** A timeline stage as the simulator's truth writes it (for tests and debugging). */
export interface TimelineStage {
  readonly event: TimelineEntry['event'];
  readonly t: number;
  readonly department?: string;
  readonly departments?: readonly string[];
  readonly satisfaction?: number;
}

interface TicketState {
  readonly id: string;
  readonly entries: TimelineEntry[];
  firstT: number;
  lastT: number;
  minPosition: number;
  facts: TicketFacts | null;
  stale: boolean;
  emittedVersion: number;
  readonly summonContent: Map<string, string>;
  readonly alerts: Map<string, RaisedAlert>;
  /** The next watermark at which its outputs may change without a new event. */
  due: number;
  /** The due time last put in the queue (it holds one live entry per ticket). */
  queued: number;
}

type Reported = TimelineEntry & { report: TicketReport };
const isReported = (e: TimelineEntry): e is Reported => e.event === 'reported' && e.report !== undefined;

/**
 * Rebuilds each ticket of one partition from its events, in any order, late or repeated, and
 * produces `tickets` / `ticket_summons` rows and `ticket_overdue` alerts as the watermark
 * advances. Pure: time is the watermark passed in; no I/O.
 */
export class TicketTracker {
  readonly config: TicketConfig;
  readonly #isKnownDistrict: ((code: string) => boolean) | undefined;
  readonly #tickets = new Map<string, TicketState>();
  /** Tickets with new events since the last `advance`. */
  readonly #dirty = new Set<TicketState>();
  /** Tickets by the watermark at which their outputs change without a new event. */
  readonly #due = new DueQueue<TicketState>();
  /** Dropped ticket ids → watermark when dropped (in drop order, so pruning stops early). */
  readonly #tombstones = new Map<string, number>();
  #watermark = Number.NEGATIVE_INFINITY;
  #droppedSettled = 0;
  #droppedOrphans = 0;

  constructor(config: TicketConfigInput = {}, options: TicketTrackerOptions = {}) {
    this.config = parseTicketConfig(config);
    this.#isKnownDistrict = options.isKnownDistrict;
  }

  /** Applies one decoded event; `position` (e.g. the Kafka offset) feeds `oldestNeededPosition`. */
  apply(event: TicketEvent, position = Number.POSITIVE_INFINITY): TicketDisposition {
    if (this.#tombstones.has(event.ticket_id)) return 'late';
    if (event.event === 'reported' && this.#isKnownDistrict && !this.#isKnownDistrict(event.district)) {
      return 'unknown_id';
    }
    const entry = toEntry(event);
    // A decoded `ts` always has a time; a NaN here would mean a contracts bug, not data.
    if (entry === null) throw new RangeError(`ticket ${event.ticket_id}: unreadable ts ${event.ts}`);
    let state = this.#tickets.get(event.ticket_id);
    if (state === undefined) {
      state = {
        id: event.ticket_id,
        entries: [],
        firstT: entry.t,
        lastT: entry.t,
        minPosition: position,
        facts: null,
        stale: true,
        emittedVersion: -1,
        summonContent: new Map(),
        alerts: new Map(),
        due: Number.NEGATIVE_INFINITY,
        queued: Number.NaN,
      };
      this.#tickets.set(event.ticket_id, state);
    }
    if (!insertEntry(state.entries, entry)) return 'duplicate';
    state.firstT = Math.min(state.firstT, entry.t);
    state.lastT = Math.max(state.lastT, entry.t);
    state.minPosition = Math.min(state.minPosition, position);
    state.stale = true;
    state.due = Number.NEGATIVE_INFINITY;
    this.#dirty.add(state);
    return 'accepted';
  }

  /**
   * Moves the watermark (event time, ms; it never goes back) and emits every row and alert
   * that changed: tickets with new events, and tickets a deadline or a retention limit was
   * passed for. Drops settled tickets past their retention.
   */
  advance(watermark: number, out: TicketEmitter): void {
    const w = Math.max(this.#watermark, watermark);
    this.#watermark = w;
    for (const state of this.#dirty) this.#visit(state, w, out);
    this.#dirty.clear();
    for (let next = this.#due.popDue(w); next !== undefined; next = this.#due.popDue(w)) {
      const state = next.item;
      // A stale entry: the ticket was dropped, or its due time has moved since it was queued.
      if (state.queued !== next.time || this.#tickets.get(state.id) !== state) continue;
      state.queued = Number.NaN;
      this.#visit(state, w, out);
    }
    for (const [id, droppedAt] of this.#tombstones) {
      if (droppedAt + this.config.tombstoneMs > w) break;
      this.#tombstones.delete(id);
    }
  }

  #visit(state: TicketState, w: number, out: TicketEmitter): void {
    this.#evaluate(state, w, out);
    if (this.#tickets.get(state.id) === state && state.due !== state.queued) {
      state.queued = state.due;
      this.#due.push(state.due, state);
    }
  }

  #evaluate(state: TicketState, w: number, out: TicketEmitter): void {
    const reported = state.entries.find(isReported);
    if (reported === undefined) {
      // Nothing can be said of a ticket before its report (no district, no deadline).
      const expires = state.lastT + this.config.orphanRetentionMs;
      if (w >= expires) {
        this.#drop(state, w);
        this.#droppedOrphans++;
      } else state.due = expires;
      return;
    }
    if (state.stale || state.facts === null) {
      state.facts = ticketFacts(state.entries, reported, this.config);
      state.stale = false;
    }
    const f = state.facts;
    const events = state.entries.length;
    const row = ticketRow(state.id, f, events, w);
    if (row.version !== state.emittedVersion) {
      state.emittedVersion = row.version;
      out.emit({ kind: 'ticket', row });
    }
    for (const s of f.summons) {
      const summon = summonRow(state.id, f.report.district, s, events, w);
      const content = JSON.stringify({ ...summon, version: 0 });
      if (state.summonContent.get(s.department) !== content) {
        state.summonContent.set(s.department, content);
        out.emit({ kind: 'summon', row: summon });
      }
    }
    syncAlerts(state.id, f, state.alerts, w, out);
    // A settled ticket's overdue periods have ended by `settledAt` (unless it was rated without
    // a resolution); keeping the state until that time's detection point lets their resolved
    // messages go out with their grid `detected_at` rather than as `dropped` (this only matters
    // for a retention under a minute).
    const retainUntil =
      f.settledAt === undefined
        ? undefined
        : Math.max(f.settledAt + this.config.settledRetentionMs, detectionPoint(f.settledAt));
    if (retainUntil !== undefined && w >= retainUntil) {
      this.#drop(state, w, out);
      this.#droppedSettled++;
      return;
    }
    // Rows change at the exact times, alerts at their detection points.
    const detection = (c: { t: number }): number => detectionPoint(c.t);
    const times: number[] = [...f.rowChanges, ...f.overdue.map(detection)];
    for (const s of f.summons) times.push(...s.rowChanges, ...s.overdue.map(detection));
    if (retainUntil !== undefined) times.push(retainUntil);
    state.due = nextAfter(times, w);
  }

  #drop(state: TicketState, w: number, out?: TicketEmitter): void {
    // A settled ticket has no overdue period left open; this only guards against leaving one.
    if (out !== undefined) dropAlerts(state.alerts, w, out);
    this.#tickets.delete(state.id);
    this.#dirty.delete(state);
    this.#tombstones.set(state.id, w);
  }

  /** The watermark reached so far (−∞ before the first `advance`). */
  get watermark(): number {
    return this.#watermark;
  }

  /** Earliest event time that the retained state depends on (undefined when there is none). */
  oldestNeededTime(): number | undefined {
    let oldest: number | undefined;
    for (const s of this.#tickets.values()) if (oldest === undefined || s.firstT < oldest) oldest = s.firstT;
    return oldest;
  }

  /** Smallest `position` given to `apply` among the events of retained tickets. */
  oldestNeededPosition(): number | undefined {
    let oldest: number | undefined;
    for (const s of this.#tickets.values()) {
      if (Number.isFinite(s.minPosition) && (oldest === undefined || s.minPosition < oldest)) {
        oldest = s.minPosition;
      }
    }
    return oldest;
  }

  /** Sizes of the state, for metrics. */
  stats(): {
    tickets: number;
    awaitingReport: number;
    tombstones: number;
    droppedSettled: number;
    droppedOrphans: number;
  } {
    let awaitingReport = 0;
    for (const s of this.#tickets.values()) if (!s.entries.some(isReported)) awaitingReport++;
    return {
      tickets: this.#tickets.size,
      awaitingReport,
      tombstones: this.#tombstones.size,
      droppedSettled: this.#droppedSettled,
      droppedOrphans: this.#droppedOrphans,
    };
  }

  /** The current row of every retained, reported ticket as of the last watermark. */
  rows(): TicketRow[] {
    const rows: TicketRow[] = [];
    for (const s of this.#tickets.values()) {
      const reported = s.entries.find(isReported);
      if (reported === undefined) continue;
      const facts = s.stale || s.facts === null ? ticketFacts(s.entries, reported, this.config) : s.facts;
      rows.push(ticketRow(s.id, facts, s.entries.length, this.#watermark));
    }
    return rows;
  }

  /** A ticket's distinct events in lifecycle order, or undefined when it is not retained. */
  timeline(ticketId: string): TimelineStage[] | undefined {
    return this.#tickets
      .get(ticketId)
      ?.entries.map(({ event, t, department, departments, satisfaction }) => ({
        event,
        t,
        ...(department === undefined ? {} : { department }),
        ...(departments === undefined ? {} : { departments }),
        ...(satisfaction === undefined ? {} : { satisfaction }),
      }));
  }
}

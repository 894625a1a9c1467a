import type { HouseholdUsageHour } from '@onegrid/analytics/utility';
import { SNAPSHOT_VERSION } from '@onegrid/analytics/utility';
import type { Provenance, Sink } from '@onegrid/stream';
import { BLOCK_BYTES, type SnapshotBlock, SnapshotBlocks } from './snapshot-blocks.ts';
import type { HouseholdSnapshotTaken, UtilityOutput } from './utility-model.ts';

/**
 * The utility processor's hourly rows and its households' snapshots, in that order: a snapshot
 * reaches the store only after every hourly row written before it, so a restore never finds a
 * snapshot holding hours the table lacks (it would seed them and never write them again).
 *
 * Snapshots are taken at a flush (a commit), once per household whose hours changed since its
 * last one, and at most once per `everyMs` of processing time (and at close): not at every hour
 * close, nor at every commit. A live city closes a household's hour once an hour, so this changes
 * nothing there; a backlog read hours a second wrote every household's snapshot at every commit
 * (5 s), the chain's largest cost after the detector's own (issue 17). A snapshot left for a
 * later flush costs a restore only the rows written after the one before it, which the restore
 * reads anyway (restart-state.ts). Taken between batches, a snapshot holds exactly the closed
 * hours whose rows were written before the flush, so `rows.flush()` makes them durable first.
 *
 * Taken for at most `takeBudgetMs` of thread a flush (the rest at the next flushes, every one at
 * close), written a block at a time (snapshot-blocks.ts): each block is one insert of
 * its own, after the one before it, so the flush holds its snapshots' bytes and one insert's body,
 * not every household's row at once. A crash between blocks leaves some households with the new
 * snapshot and the others with their previous one: each is a state a restore already reads (a
 * snapshot and the rows at or after its version), and the input since the last commit is
 * replayed either way.
 */
export function hourlySnapshotSink(
  rows: Sink<HouseholdUsageHour>,
  snapshots: Sink<SnapshotBlock>,
  options: {
    everyMs: number;
    now?: () => number;
    blockBytes?: number;
    /**
     * How long a flush's take may hold the thread before the rest waits for the next flush (not
     * at close, which takes every one): 14-25 s at 125k households in one step evicted the member
     * past the group's session timeout (issue 17).
     */
    takeBudgetMs?: number;
    /** Told of households whose id cannot be stored as text (a lone surrogate): no snapshot taken. */
    unstorable?: (households: number) => void;
    /** Told of a take that held the thread a second or more (no heartbeat meanwhile). */
    slowTake?: (took: { households: number; blocks: number; bytes: number; ms: number }) => void;
  },
): Sink<UtilityOutput> {
  const now = options.now ?? Date.now;
  const changed = new Map<string, () => HouseholdSnapshotTaken | undefined>();
  /** The last take ran out of its budget: households wait in `changed`. */
  let leftOver = false;
  let provenance: Provenance | undefined;
  let lastTaken = now();
  /** Households taken and not yet written (pending). */
  let unwritten = 0;
  let writing: Promise<void> = Promise.resolve();
  /** Runs after the flushes before it: a flush's blocks never interleave with the next one's. */
  const after = (step: () => Promise<void>): Promise<void> => {
    const done = writing.then(step);
    // The chain goes on past a failed flush; with the store's buffered sink the flushes after it
    // fail too (its failed write stays failed) and the processor stops, as on any refused write.
    writing = done.catch(() => undefined);
    return done;
  };
  const budgetMs = options.takeBudgetMs ?? TAKE_BUDGET_MS;
  const flush = (all: boolean): Promise<void> => {
    // Households a take left for later are taken at the next flush, whatever the interval.
    if (!all && now() - lastTaken < options.everyMs && !leftOver)
      return after(() => rows.flush().then(() => snapshots.flush()));
    lastTaken = now();
    const started = performance.now();
    const until = all ? Number.POSITIVE_INFINITY : started + budgetMs;
    // Synchronously, before anything else runs: the state now matches the rows written so far.
    const taken = new SnapshotBlocks(SNAPSHOT_VERSION, options.blockBytes ?? BLOCK_BYTES);
    let unstorable = 0;
    let tried = 0;
    for (const [household, take] of changed) {
      // A take holds the thread (no heartbeat): past its budget the rest waits for the next
      // flush, still marked changed, taken then from the state as it is then, which matches the
      // rows written before that flush. Left for later, a snapshot costs a restore only the rows
      // written after the one before it, which it reads anyway. Insertion order: the households
      // left are the first taken next time.
      // (At least one a flush: a budget spent by one household still moves on.)
      if (tried > 0 && performance.now() >= until) break;
      tried++;
      changed.delete(household);
      // An id with a lone UTF-16 surrogate has no UTF-8 form: written, it would become U+FFFD and
      // share one stored row with every other such id (a restore seeding one household from
      // another's snapshot). Not taken: its restore reads its hourly rows, as for an unreadable one.
      if (!household.isWellFormed()) {
        unstorable++;
        continue;
      }
      const snapshot = take();
      if (snapshot !== undefined) taken.add(household, snapshot);
    }
    if (unstorable > 0) options.unstorable?.(unstorable);
    const households = taken.size;
    const blocks = taken.done();
    const ms = performance.now() - started;
    if (ms >= SLOW_TAKE_MS)
      options.slowTake?.({
        households,
        blocks: blocks.length,
        bytes: blocks.reduce((sum, b) => sum + b.bytes.length, 0),
        ms: Math.round(ms),
      });
    const from = provenance;
    leftOver = changed.size > 0;
    // The provenance stays while households are left: their blocks are written under it.
    if (!leftOver) provenance = undefined;
    let left = households;
    unwritten += left;
    return after(async () => {
      try {
        await rows.flush();
        // Each block let go once written: what the flush holds shrinks as it goes.
        for (let block = blocks.shift(); block !== undefined && from !== undefined; block = blocks.shift()) {
          await snapshots.write([block], from);
          await snapshots.flush();
          left -= block.households.length;
          unwritten -= block.households.length;
        }
      } finally {
        unwritten -= left;
      }
    });
  };
  return {
    name: rows.name,
    async write(outputs: readonly UtilityOutput[], from: Provenance) {
      const hours: HouseholdUsageHour[] = [];
      for (const o of outputs) {
        if (o.kind === 'hour') hours.push(o.row);
        else if (o.kind === 'state') changed.set(o.household, o.take);
      }
      provenance = provenance === undefined ? from : widen(provenance, from);
      if (hours.length > 0) await rows.write(hours, from);
    },
    flush: () => flush(false),
    pending: () => rows.pending() + changed.size + unwritten,
    async close() {
      await flush(true);
      await rows.close();
      await snapshots.close();
    },
  };
}

/** A flush's take: well under the heartbeat interval (2 s) and the session timeout (10 s). */
const TAKE_BUDGET_MS = 500;

/** A take this long or longer is reported: the thread sent no heartbeat meanwhile. */
const SLOW_TAKE_MS = 1_000;

const widen = (a: Provenance, b: Provenance): Provenance =>
  a.topic === b.topic && a.partition === b.partition
    ? { ...a, fromOffset: Math.min(a.fromOffset, b.fromOffset), toOffset: Math.max(a.toOffset, b.toOffset) }
    : b;

import type { HouseholdUsageHour } from '@onegrid/analytics/utility';
import { SNAPSHOT_VERSION } from '@onegrid/analytics/utility';
import type { Provenance, Sink } from '@onegrid/stream';
import type { SnapshotRow } from './snapshot-state.ts';
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
 */
export function hourlySnapshotSink(
  rows: Sink<HouseholdUsageHour>,
  snapshots: Sink<SnapshotRow>,
  options: { everyMs: number; now?: () => number },
): Sink<UtilityOutput> {
  const now = options.now ?? Date.now;
  let changed = new Map<string, () => HouseholdSnapshotTaken | undefined>();
  let provenance: Provenance | undefined;
  let lastTaken = now();
  const flush = (all: boolean): Promise<void> => {
    if (!all && now() - lastTaken < options.everyMs) return rows.flush().then(() => snapshots.flush());
    lastTaken = now();
    // Synchronously, before anything else runs: the state now matches the rows written so far.
    const taken: SnapshotRow[] = [];
    for (const [household, take] of changed) {
      const snapshot = take();
      if (snapshot === undefined) continue;
      taken.push({
        household_id: household,
        format: SNAPSHOT_VERSION,
        version: snapshot.version,
        snapshot: Buffer.from(snapshot.bytes).toString('base64'),
      });
    }
    const from = provenance;
    changed = new Map();
    provenance = undefined;
    return rows.flush().then(async () => {
      if (taken.length > 0 && from !== undefined) await snapshots.write(taken, from);
      await snapshots.flush();
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
    pending: () => rows.pending() + changed.size + snapshots.pending(),
    async close() {
      await flush(true);
      await rows.close();
      await snapshots.close();
    },
  };
}

const widen = (a: Provenance, b: Provenance): Provenance =>
  a.topic === b.topic && a.partition === b.partition
    ? { ...a, fromOffset: Math.min(a.fromOffset, b.fromOffset), toOffset: Math.max(a.toOffset, b.toOffset) }
    : b;

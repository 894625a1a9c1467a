import type { Provenance, Sink } from '@onegrid/stream';
import type { ScreenLane, ScreenRow } from './screen-lane.ts';

/**
 * `target` (a contract topic's sink, batched up to a second) with each row also copied to the
 * screen lane the moment it is written: the screens need not wait for the batch, nor for a dead
 * broker's fencing (screen-lane.ts). The target's rows, flush and commit are unchanged.
 */
export function screenCopySink<Row>(
  target: Sink<Row>,
  lane: ScreenLane,
  toScreen: (row: Row) => ScreenRow,
): Sink<Row> {
  return {
    name: target.name,
    async write(rows: readonly Row[], provenance: Provenance) {
      for (const row of rows) lane.copy(toScreen(row));
      await target.write(rows, provenance);
    },
    flush: () => target.flush(),
    pending: () => target.pending(),
    close: () => target.close(),
  };
}

import type { Provenance, Sink } from '@onegrid/stream';

/**
 * A sink that takes a processor's mixed outputs and hands `target` only the rows `select`
 * picks, shaped for it. A processor with several kinds of result (alerts, hourly rows) gives
 * each its own table or topic this way, and the runtime still flushes them all before a commit.
 */
export function routedSink<O, Row>(target: Sink<Row>, select: (output: O) => Row | undefined): Sink<O> {
  return {
    name: target.name,
    async write(rows: readonly O[], provenance: Provenance) {
      const picked: Row[] = [];
      for (const row of rows) {
        const chosen = select(row);
        if (chosen !== undefined) picked.push(chosen);
      }
      if (picked.length > 0) await target.write(picked, provenance);
    },
    flush: () => target.flush(),
    pending: () => target.pending(),
    close: () => target.close(),
  };
}

/**
 * A sink that hands `target` every row `fan` makes of an output (none, one or several): one
 * message that concerns many keys (an advisory, every district) goes to each of them.
 */
export function fannedSink<O, Row>(target: Sink<Row>, fan: (output: O) => readonly Row[]): Sink<O> {
  return {
    name: target.name,
    async write(rows: readonly O[], provenance: Provenance) {
      const picked = rows.flatMap(fan);
      if (picked.length > 0) await target.write(picked, provenance);
    },
    flush: () => target.flush(),
    pending: () => target.pending(),
    close: () => target.close(),
  };
}

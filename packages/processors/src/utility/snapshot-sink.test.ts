import type { HouseholdUsageHour } from '@onegrid/analytics/utility';
import type { Provenance, Sink } from '@onegrid/stream';
import { describe, expect, it } from 'vitest';
import { hourlySnapshotSink } from './snapshot-sink.ts';
import type { SnapshotRow } from './snapshot-state.ts';
import type { UtilityOutput } from './utility-model.ts';

/** What a sink was given, in order, and when its rows became durable (flushed). */
function recorder<Row>(name: string, log: string[]) {
  const rows: Row[] = [];
  let buffered = 0;
  const sink: Sink<Row> = {
    name,
    async write(batch) {
      rows.push(...batch);
      buffered += batch.length;
    },
    async flush() {
      if (buffered > 0) log.push(`${name} ${buffered}`);
      buffered = 0;
    },
    pending: () => buffered,
    async close() {},
  };
  return { sink, rows };
}

const from: Provenance = { topic: 'internal', partition: 0, fromOffset: 0, toOffset: 9 };
const hour = (household: string) => ({ household_id: household }) as unknown as HouseholdUsageHour;

describe('hourlySnapshotSink', () => {
  it('takes snapshots at most once per interval, after the rows they hold, and at close', async () => {
    const log: string[] = [];
    const rows = recorder<HouseholdUsageHour>('rows', log);
    const snapshots = recorder<SnapshotRow>('snapshots', log);
    let clock = 0;
    let takes = 0;
    const state = (household: string): UtilityOutput => ({
      kind: 'state',
      household,
      take: () => {
        takes++;
        log.push(`take ${household}`);
        return { bytes: new Uint8Array([takes]), version: takes };
      },
    });
    const sink = hourlySnapshotSink(rows.sink, snapshots.sink, { everyMs: 1_000, now: () => clock });

    await sink.write([{ kind: 'hour', row: hour('HH-1') }, state('HH-1')], from);
    clock = 999;
    await sink.flush();
    // Inside the interval: the hours are durable, no snapshot was taken.
    expect(log).toEqual(['rows 1']);
    expect(sink.pending()).toBe(1);

    await sink.write([{ kind: 'hour', row: hour('HH-2') }, state('HH-2'), state('HH-1')], from);
    clock = 1_000;
    await sink.flush();
    // Each household once, taken before the rows flush and written after them.
    expect(log).toEqual(['rows 1', 'take HH-1', 'take HH-2', 'rows 1', 'snapshots 2']);
    expect(snapshots.rows.map((s) => s.household_id)).toEqual(['HH-1', 'HH-2']);

    await sink.write([{ kind: 'hour', row: hour('HH-3') }, state('HH-3')], from);
    clock = 1_500;
    await sink.close();
    // Closing takes what is left, whatever the interval.
    expect(log.slice(5)).toEqual(['take HH-3', 'rows 1', 'snapshots 1']);
    expect(sink.pending()).toBe(0);
  });
});

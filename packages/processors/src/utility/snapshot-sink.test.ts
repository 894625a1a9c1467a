import type { HouseholdUsageHour } from '@onegrid/analytics/utility';
import type { Provenance, Sink } from '@onegrid/stream';
import { describe, expect, it } from 'vitest';
import type { SnapshotBlock } from './snapshot-blocks.ts';
import { hourlySnapshotSink } from './snapshot-sink.ts';
import type { UtilityOutput } from './utility-model.ts';

/** What a sink was given, in order, and when its rows became durable (flushed); `count`: a row's weight. */
function recorder<Row>(name: string, log: string[], count: (row: Row) => number = () => 1) {
  const rows: Row[] = [];
  let buffered = 0;
  const sink: Sink<Row> = {
    name,
    async write(batch) {
      rows.push(...batch);
      for (const row of batch) buffered += count(row);
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
    const snapshots = recorder<SnapshotBlock>('snapshots', log, (b) => b.households.length);
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
    expect(snapshots.rows.flatMap((b) => b.households)).toEqual(['HH-1', 'HH-2']);

    await sink.write([{ kind: 'hour', row: hour('HH-3') }, state('HH-3')], from);
    clock = 1_500;
    await sink.close();
    // Closing takes what is left, whatever the interval.
    expect(log.slice(5)).toEqual(['take HH-3', 'rows 1', 'snapshots 1']);
    expect(sink.pending()).toBe(0);
  });

  it('takes no snapshot of an id with a lone surrogate (no stored form), and says how many', async () => {
    const log: string[] = [];
    const rows = recorder<HouseholdUsageHour>('rows', log);
    const snapshots = recorder<SnapshotBlock>('snapshots', log, (b) => b.households.length);
    const unstorable: number[] = [];
    const sink = hourlySnapshotSink(rows.sink, snapshots.sink, {
      everyMs: 0,
      unstorable: (n) => unstorable.push(n),
    });
    // As UTF-8 each of the first three would be "HH-\ufffd": one stored row for three households.
    const ids = ['HH-\udc00', 'HH-\udfff', 'HH-\ud800', 'HH-\ufffd', 'HH-张三'];
    await sink.write(
      ids.map((household) => ({
        kind: 'state' as const,
        household,
        take: () => ({ bytes: new Uint8Array([1]), version: 1 }),
      })),
      from,
    );
    await sink.flush();
    expect(snapshots.rows.flatMap((b) => b.households)).toEqual(['HH-\ufffd', 'HH-张三']);
    expect(unstorable).toEqual([3]);
    expect(sink.pending()).toBe(0);
  });

  it('takes for a budget a flush, the rest at the next flushes whatever the interval, all at close', async () => {
    const log: string[] = [];
    const rows = recorder<HouseholdUsageHour>('rows', log);
    const snapshots = recorder<SnapshotBlock>('snapshots', log, (b) => b.households.length);
    let clock = 0;
    const state = (household: string): UtilityOutput => ({
      kind: 'state',
      household,
      take: () => {
        log.push(`take ${household}`);
        // Each take spends the whole budget: one household a flush.
        const until = performance.now() + 2;
        while (performance.now() < until) {
          // the take holds the thread
        }
        return { bytes: new Uint8Array([household.length]), version: clock };
      },
    });
    const sink = hourlySnapshotSink(rows.sink, snapshots.sink, {
      everyMs: 1_000,
      now: () => clock,
      takeBudgetMs: 1,
    });
    await sink.write([state('HH-1'), state('HH-22'), state('HH-333'), state('HH-4444')], from);
    clock = 1_000;
    await sink.flush();
    expect(log).toEqual(['take HH-1', 'snapshots 1']);
    expect(sink.pending()).toBe(3);
    // Within the interval, but households wait: taken at once, oldest first (HH-22 again
    // changed keeps its place).
    await sink.write([state('HH-22')], from);
    clock = 1_001;
    await sink.flush();
    expect(log.slice(2)).toEqual(['take HH-22', 'snapshots 1']);
    await sink.close();
    expect(log.slice(4)).toEqual(['take HH-333', 'take HH-4444', 'snapshots 2']);
    expect(snapshots.rows.flatMap((b) => b.households)).toEqual(['HH-1', 'HH-22', 'HH-333', 'HH-4444']);
    expect(sink.pending()).toBe(0);
  });

  it('writes a flush block by block, each durable before the next, all after the rows', async () => {
    const log: string[] = [];
    const rows = recorder<HouseholdUsageHour>('rows', log);
    const snapshots = recorder<SnapshotBlock>('snapshots', log, (b) => b.households.length);
    const state = (household: string, size: number): UtilityOutput => ({
      kind: 'state',
      household,
      take: () => ({ bytes: new Uint8Array(size).fill(household.length), version: size }),
    });
    // Pending at each block's write: the households not written yet.
    const pendingAt: number[] = [];
    const counting: Sink<SnapshotBlock> = {
      ...snapshots.sink,
      async write(batch, p) {
        pendingAt.push(sink.pending());
        await snapshots.sink.write(batch, p);
      },
    };
    // Blocks of 4 bytes: 3 + 1, then 2 + 2, then 5 alone (larger than a block).
    const sink = hourlySnapshotSink(rows.sink, counting, { everyMs: 0, blockBytes: 4 });
    await sink.write(
      [
        { kind: 'hour', row: hour('HH-1') },
        state('HH-1', 3),
        state('HH-22', 1),
        state('HH-333', 2),
        state('HH-4444', 2),
        state('HH-55555', 5),
      ],
      from,
    );
    expect(sink.pending()).toBe(6);
    await sink.flush();
    expect(log).toEqual(['rows 1', 'snapshots 2', 'snapshots 2', 'snapshots 1']);
    expect(snapshots.rows.map((b) => [b.households, [...b.bytes], b.ends])).toEqual([
      [
        ['HH-1', 'HH-22'],
        [4, 4, 4, 5],
        [3, 4],
      ],
      [
        ['HH-333', 'HH-4444'],
        [6, 6, 7, 7],
        [2, 4],
      ],
      [['HH-55555'], [8, 8, 8, 8, 8], [5]],
    ]);
    expect(pendingAt).toEqual([5, 3, 1]);
    expect(sink.pending()).toBe(0);
  });

  // With the store's buffered sink a failed write stays failed, so the flushes after it fail too
  // and the processor stops (a refused write is not retriable): this is the sink's own chain.
  it('fails the flush whose block fails, counts its households no longer pending, and writes the next flush', async () => {
    const log: string[] = [];
    const rows = recorder<HouseholdUsageHour>('rows', log);
    const snapshots = recorder<SnapshotBlock>('snapshots', log, (b) => b.households.length);
    let refuse = true;
    const failing: Sink<SnapshotBlock> = {
      ...snapshots.sink,
      async write(batch, p) {
        if (refuse) throw new Error('store down');
        await snapshots.sink.write(batch, p);
      },
    };
    const state = (household: string): UtilityOutput => ({
      kind: 'state',
      household,
      take: () => ({ bytes: new Uint8Array([1]), version: 1 }),
    });
    const sink = hourlySnapshotSink(rows.sink, failing, { everyMs: 0, blockBytes: 1 });
    await sink.write([state('HH-1'), state('HH-2')], from);
    const flushed = sink.flush();
    expect(sink.pending()).toBe(2);
    await expect(flushed).rejects.toThrow('store down');
    expect(sink.pending()).toBe(0);
    refuse = false;
    await sink.write([state('HH-3')], from);
    await sink.flush();
    expect(snapshots.rows.flatMap((b) => b.households)).toEqual(['HH-3']);
  });
});

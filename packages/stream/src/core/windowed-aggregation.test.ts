import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { SourceRecord } from './operator.ts';
import { PartitionTasks } from './partition-tasks.ts';
import { WindowedAggregation } from './windowed-aggregation.ts';
import { type TimeWindow, tumblingWindows } from './windows.ts';

const MIN = 60_000;
interface Reading {
  meter: string;
  ts: number;
  kwh: number;
}
interface Row {
  id: string;
  sum: number;
  count: number;
}

const sumPerTenMinutes = (allowedLatenessMs = 0) =>
  new WindowedAggregation<Reading, number, Row>({
    windows: tumblingWindows(10 * MIN),
    allowedLatenessMs,
    key: (r) => r.meter,
    id: (r) => `${r.meter}@${r.ts}`,
    aggregator: { create: () => 0, add: (sum, r) => sum + r.kwh },
    result: ({ key, window, value, count }) => ({ id: `${key}/${window.start}`, sum: value, count }),
  });

function run(events: Reading[], options: { allowedLatenessMs?: number; outOfOrdernessMs?: number } = {}) {
  const tasks = new PartitionTasks<Reading, Row>({
    outOfOrdernessMs: options.outOfOrdernessMs ?? 5 * MIN,
    idleTimeoutMs: 60_000,
  });
  tasks.assign(0, 0, undefined, 0, sumPerTenMinutes(options.allowedLatenessMs));
  const emitted: Row[] = [];
  const late: SourceRecord<Reading>[] = [];
  const records = events.map((event, offset) => ({ event, eventTime: event.ts, partition: 0, offset }));
  const counts = tasks.process(0, records, 0, { emit: (row) => emitted.push(row) }, (r) => late.push(r));
  return { tasks, emitted, late, counts };
}

/** The last emission per window, as an idempotent store keeps it. */
const latest = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.id, r.sum]));

const ordered: Reading[] = Array.from({ length: 60 }, (_, i) => ({
  meter: `M${i % 3}`,
  ts: i * MIN,
  kwh: i + 1,
}));

describe('windowed aggregation > exactly the result of a clean ordered run', () => {
  it('sums each closed window once', () => {
    const { emitted } = run(ordered);
    const windowsClosed = emitted.filter((r) => r.id.startsWith('M0/'));
    expect(windowsClosed.map((r) => r.id)).toEqual([
      'M0/0',
      'M0/600000',
      'M0/1200000',
      'M0/1800000',
      'M0/2400000',
    ]);
    expect(windowsClosed[0]?.sum).toBe(1 + 4 + 7 + 10);
  });

  it('gives the same results with duplicates and bounded disorder', () => {
    const disordered: Reading[] = [];
    for (let i = 0; i < ordered.length; i += 4) {
      const chunk = ordered.slice(i, i + 4).reverse();
      disordered.push(...chunk);
      if (i % 8 === 0 && chunk[0]) disordered.push(chunk[0]);
    }
    const clean = run(ordered);
    const messy = run(disordered);
    expect(latest(messy.emitted)).toEqual(latest(clean.emitted));
    expect(messy.counts.duplicate).toBeGreaterThan(0);
    expect(messy.counts.late).toBe(0);
  });
});

describe('windowed aggregation > lateness', () => {
  it('sends an event too late for every window to the side output', () => {
    const tooLate = { meter: 'M0', ts: 0, kwh: 100 };
    const { late, counts, emitted } = run([...ordered, tooLate]);
    expect(late.map((r) => r.event)).toEqual([tooLate]);
    expect(counts.late).toBe(1);
    expect(latest(emitted)['M0/0']).toBe(1 + 4 + 7 + 10);
  });

  it('updates and re-emits a window within the allowed lateness, with a higher count', () => {
    const tasks = new PartitionTasks<Reading, Row>({
      outOfOrdernessMs: 5 * MIN,
      idleTimeoutMs: 60_000,
    });
    tasks.assign(0, 0, undefined, 0, sumPerTenMinutes(30 * MIN));
    const emitted: Row[] = [];
    const out = { emit: (row: Row) => emitted.push(row) };
    const records = ordered
      .slice(0, 20)
      .map((event, offset) => ({ event, eventTime: event.ts, partition: 0, offset }));
    tasks.process(0, records, 0, out, () => {});
    const lateButAllowed = { meter: 'M0', ts: 9 * MIN + 30_000, kwh: 100 };
    const counts = tasks.process(
      0,
      [{ event: lateButAllowed, eventTime: lateButAllowed.ts, partition: 0, offset: 20 }],
      0,
      out,
      () => {},
    );

    const versions = emitted.filter((r) => r.id === 'M0/0');
    expect(versions.map((r) => r.sum)).toEqual([22, 122]);
    expect(versions[1]?.count).toBeGreaterThan(versions[0]?.count ?? 0);
    expect(counts.late).toBe(0);
  });
});

describe('windowed aggregation > commit points', () => {
  it('never commits past the oldest event of an open window', () => {
    const { tasks } = run(ordered.slice(0, 25));
    const [point] = tasks.commitPoints();
    // Watermark 24 − 5 = 19 min: [0, 10) has closed; [10, 20) is open and starts at offset 10.
    expect(point?.offset).toBe(10);
    expect(point?.mark).toEqual({ watermark: 19 * MIN, processedThrough: 24 });
  });

  it('rebuilds open windows from a replay and skips events of windows already closed', () => {
    const first = run(ordered.slice(0, 25));
    const [point] = first.tasks.commitPoints();
    if (point === undefined) throw new Error('no commit point');

    const resumed = new PartitionTasks<Reading, Row>({
      outOfOrdernessMs: 5 * MIN,
      idleTimeoutMs: 60_000,
    });
    resumed.assign(0, point.offset, point.mark, 0, sumPerTenMinutes());
    const emitted: Row[] = [];
    const late: unknown[] = [];
    const rest = ordered.slice(point.offset).map((event, i) => ({
      event,
      eventTime: event.ts,
      partition: 0,
      offset: point.offset + i,
    }));
    resumed.process(0, rest, 0, { emit: (r) => emitted.push(r) }, (r) => late.push(r));

    const uninterrupted = run(ordered).emitted;
    expect(latest([...first.emitted, ...emitted])).toEqual(latest(uninterrupted));
    expect(late).toEqual([]);
  });
});

describe('windowed aggregation > many events in one window', () => {
  it('counts each id once past the small-window bound, repeats before and after it dropped', () => {
    // One meter, 40 distinct readings in one 10-minute window (every 15 s), each sent twice:
    // the ids held pass from a short list to a set at 16; duplicates are found on both sides.
    const distinct = Array.from({ length: 40 }, (_, i) => ({ meter: 'M0', ts: i * 15_000, kwh: 1 }));
    const events = [
      ...distinct.slice(0, 10),
      ...distinct,
      ...distinct.slice(20),
      { meter: 'M0', ts: 20 * MIN, kwh: 0 },
    ];
    const { emitted, counts } = run(events);
    expect(emitted.find((r) => r.id === 'M0/0')).toEqual({ id: 'M0/0', sum: 40, count: 40 });
    expect(counts.duplicate).toBe(10 + 20);
    expect(counts.accepted).toBe(40 + 1);
  });

  it('takes the event time as the id: a number per event, repeats found below and past the bound', () => {
    const tasks = new PartitionTasks<Reading, Row>({ outOfOrdernessMs: 5 * MIN, idleTimeoutMs: 60_000 });
    tasks.assign(
      0,
      0,
      undefined,
      0,
      new WindowedAggregation<Reading, number, Row>({
        windows: tumblingWindows(10 * MIN),
        allowedLatenessMs: 0,
        key: (r) => r.meter,
        id: (_r, eventTime) => eventTime,
        aggregator: { create: () => 0, add: (sum, r) => sum + r.kwh },
        result: ({ key, window, value, count }) => ({ id: `${key}/${window.start}`, sum: value, count }),
      }),
    );
    // 20 readings of M0 and 3 of M1 in one window, M0's sent twice, M1's at M0's times: an id is
    // the key's own, so M1's are not repeats of M0's.
    const m0 = Array.from({ length: 20 }, (_, i) => ({ meter: 'M0', ts: i * 15_000, kwh: 1 }));
    const m1 = m0.slice(0, 3).map((r) => ({ ...r, meter: 'M1', kwh: 2 }));
    const events = [...m0.slice(0, 5), ...m0, ...m1, ...m0.slice(18), { meter: 'M0', ts: 20 * MIN, kwh: 0 }];
    const emitted: Row[] = [];
    const counts = tasks.process(
      0,
      events.map((event, offset) => ({ event, eventTime: event.ts, partition: 0, offset })),
      0,
      { emit: (row) => emitted.push(row) },
      () => undefined,
    );
    expect(emitted.find((r) => r.id === 'M0/0')).toEqual({ id: 'M0/0', sum: 20, count: 20 });
    expect(emitted.find((r) => r.id === 'M1/0')).toEqual({ id: 'M1/0', sum: 6, count: 3 });
    expect(counts.duplicate).toBe(5 + 2);
  });
});

describe('partition tasks > status', () => {
  it('tells messages already handled here, replays of the previous owner, and new ones', () => {
    const tasks = new PartitionTasks<Reading, Row>({
      outOfOrdernessMs: 5 * MIN,
      idleTimeoutMs: 60_000,
    });
    tasks.assign(0, 10, { watermark: 0, processedThrough: 14 }, 0, sumPerTenMinutes());
    const event = ordered[10] as Reading;
    tasks.process(
      0,
      [{ event, eventTime: event.ts, partition: 0, offset: 10 }],
      0,
      { emit: () => {} },
      () => {},
    );
    expect([9, 10, 11, 14, 15].map((offset) => tasks.status(0, offset))).toEqual([
      'seen',
      'seen',
      'replayed',
      'replayed',
      'new',
    ]);
  });
});

describe('windowed aggregation > reused window state', () => {
  it('counts a new window from nothing when it reuses a dropped window, ids and all', () => {
    // The id repeats every window (the minute within it): a reused id array still holding the
    // dropped window's ids must not make the new window's events duplicates, nor its count.
    const op = new WindowedAggregation<Reading, { kwh: number }, Row>({
      windows: tumblingWindows(10 * MIN),
      allowedLatenessMs: 0,
      key: (r) => r.meter,
      id: (_r, eventTime) => (eventTime / MIN) % 10,
      aggregator: {
        create: () => ({ kwh: 0 }),
        add: (acc, r) => {
          acc.kwh += r.kwh;
          return acc;
        },
      },
      result: ({ key, window, value, count }) => ({ id: `${key}/${window.start}`, sum: value.kwh, count }),
    });
    const tasks = new PartitionTasks<Reading, Row>({ outOfOrdernessMs: 0, idleTimeoutMs: 60_000 });
    tasks.assign(0, 0, undefined, 0, op);
    const emitted: Row[] = [];
    const events = Array.from({ length: 200 }, (_, i) => ({ meter: `M${i % 2}`, ts: i * MIN, kwh: 1 }));
    // One event per batch: windows are dropped at the end of a batch, so later ones reuse them.
    let accepted = 0;
    for (const [offset, event] of events.entries()) {
      const counts = tasks.process(
        0,
        [{ event, eventTime: event.ts, partition: 0, offset }],
        0,
        { emit: (row) => emitted.push(row) },
        () => undefined,
      );
      accepted += counts.accepted;
    }
    // 200 minutes, two meters alternating: each meter's 10-minute window holds 5 readings.
    expect(accepted).toBe(200);
    expect(emitted).toHaveLength(19 * 2); // the 20th windows are still open
    for (const row of emitted) expect(row).toMatchObject({ sum: 5, count: 5 });
    // A repeat of the last event is still a duplicate in the reused state.
    const again = tasks.process(
      0,
      [{ event: events[199] as Reading, eventTime: 199 * MIN, partition: 0, offset: 200 }],
      0,
      { emit: (row) => emitted.push(row) },
      () => undefined,
    );
    expect(again.duplicate).toBe(1);
  });

  it("lets go of a dropped window's references", async () => {
    // A full GC on demand (the flag set at run time, `gc` taken from a new context).
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const windows = tumblingWindows(10 * MIN);
    const op = new WindowedAggregation<Reading, number, Row>({
      windows,
      allowedLatenessMs: 0,
      key: (r) => r.meter,
      id: (r) => `${r.meter}@${r.ts}`,
      aggregator: { create: () => 0, add: (sum, r) => sum + r.kwh },
      result: ({ key, window, value, count }) => ({ id: `${key}/${window.start}`, sum: value, count }),
    });
    const tasks = new PartitionTasks<Reading, Row>({ outOfOrdernessMs: 0, idleTimeoutMs: 60_000 });
    tasks.assign(0, 0, undefined, 0, op);
    let offset = 0;
    const feed = (events: Reading[]) =>
      tasks.process(
        0,
        events.map((event) => ({ event, eventTime: event.ts, partition: 0, offset: offset++ })),
        0,
        { emit: () => undefined },
        () => undefined,
      );
    // A burst of 500 meters in the first window, then one meter alone.
    feed(Array.from({ length: 500 }, (_, i) => ({ meter: `M${i}`, ts: MIN, kwh: 1 })));
    const first = new WeakRef(windows.assign(MIN)[0] as TimeWindow);
    for (let minute = 10; minute <= 60; minute += 10) feed([{ meter: 'M0', ts: minute * MIN, kwh: 1 }]);
    expect(op.openWindows()).toBe(1);
    // The first window's 500 states were dropped: at most one (as many as the windows open) is
    // kept for reuse, and none refers to its window any longer.
    await new Promise((resolve) => setImmediate(resolve)); // WeakRef targets live out their job
    gc();
    expect(first.deref()).toBeUndefined();
    expect(op.oldestNeededOffset()).toBe(offset - 1);
  });

  it('needs the offsets of the open windows only, reused states included', () => {
    // Three meters, a reading a minute each in turn (offset = minute), one per batch: each new
    // 10-minute window reuses a dropped one's state, whose old offsets must not count.
    const op = sumPerTenMinutes();
    const tasks = new PartitionTasks<Reading, Row>({ outOfOrdernessMs: 0, idleTimeoutMs: 60_000 });
    tasks.assign(0, 0, undefined, 0, op);
    const needed: (number | undefined)[] = [];
    for (let minute = 0; minute < 60; minute++) {
      const event = { meter: `M${minute % 3}`, ts: minute * MIN, kwh: 1 };
      tasks.process(
        0,
        [{ event, eventTime: event.ts, partition: 0, offset: minute }],
        0,
        { emit: () => undefined },
        () => undefined,
      );
      needed.push(op.oldestNeededOffset());
    }
    // Once its window is open, a minute's offset is needed until the window is dropped.
    for (let minute = 0; minute < 60; minute++) {
      expect(needed[minute], `minute ${minute}`).toBe(Math.floor(minute / 10) * 10);
    }
  });
});

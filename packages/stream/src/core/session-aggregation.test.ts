import { describe, expect, it } from 'vitest';
import { PartitionTasks } from './partition-tasks.ts';
import { SessionAggregation } from './session-aggregation.ts';

const MIN = 60_000;
interface Click {
  user: string;
  ts: number;
}
interface Row {
  user: string;
  start: number;
  end: number;
  clicks: number;
}

function run(clicks: Click[], allowedLatenessMs = 0) {
  const tasks = new PartitionTasks<Click, Row>({ outOfOrdernessMs: 0, idleTimeoutMs: 60_000 });
  const operator = new SessionAggregation<Click, number, Row>({
    gapMs: 10 * MIN,
    allowedLatenessMs,
    key: (c) => c.user,
    id: (c) => `${c.user}@${c.ts}`,
    aggregator: { create: () => 0, add: (n) => n + 1, merge: (a, b) => a + b },
    result: ({ key, window, value }) => ({
      user: key,
      start: window.start,
      end: window.end,
      clicks: value,
    }),
  });
  tasks.assign(0, 0, undefined, 0, operator);
  const rows: Row[] = [];
  const late: Click[] = [];
  const records = clicks.map((event, offset) => ({ event, eventTime: event.ts, partition: 0, offset }));
  const counts = tasks.process(0, records, 0, { emit: (r) => rows.push(r) }, (r) => late.push(r.event));
  return { rows, late, counts };
}

describe('session aggregation > sessions', () => {
  it('closes a session after a gap and emits it once', () => {
    const { rows } = run([
      { user: 'a', ts: 0 },
      { user: 'a', ts: 5 * MIN },
      { user: 'a', ts: 30 * MIN },
      { user: 'a', ts: 60 * MIN },
    ]);
    expect(rows).toEqual([
      { user: 'a', start: 0, end: 15 * MIN, clicks: 2 },
      { user: 'a', start: 30 * MIN, end: 40 * MIN, clicks: 1 },
    ]);
  });

  it('merges two sessions bridged by an out-of-order event', () => {
    const { rows } = run(
      [
        { user: 'a', ts: 0 },
        { user: 'a', ts: 16 * MIN },
        { user: 'a', ts: 8 * MIN },
        { user: 'a', ts: 90 * MIN },
      ],
      20 * MIN,
    );
    expect(rows).toEqual([{ user: 'a', start: 0, end: 26 * MIN, clicks: 3 }]);
  });

  it('counts a repeated event once and reports a closed session late', () => {
    const { rows, counts, late } = run([
      { user: 'a', ts: 0 },
      { user: 'a', ts: 0 },
      { user: 'a', ts: 60 * MIN },
      { user: 'a', ts: 1 * MIN },
    ]);
    expect(rows[0]?.clicks).toBe(1);
    expect(counts.duplicate).toBe(1);
    expect(late).toEqual([{ user: 'a', ts: 1 * MIN }]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Disposition, Emitter, PartitionOperator, SourceRecord } from './operator.ts';
import { PartitionTasks } from './partition-tasks.ts';

class Recorder implements PartitionOperator<string, string> {
  readonly seen: number[] = [];
  onEvent(record: SourceRecord<string>): Disposition {
    this.seen.push(record.offset);
    return 'accepted';
  }
  onWatermark(_w: number, _out: Emitter<string>): void {}
  oldestNeededOffset(): number | undefined {
    return undefined;
  }
  openWindows(): number {
    return 0;
  }
}

const rec = (offset: number): SourceRecord<string> => ({
  event: 'x',
  eventTime: 1_000 + offset,
  partition: 0,
  offset,
});
const out = { emit: () => undefined };

describe('PartitionTasks > release and held commit floor', () => {
  it('runs released records behind the next offset, and the batch after them', () => {
    const tasks = new PartitionTasks<string, string>({ outOfOrdernessMs: 0, idleTimeoutMs: 60_000 });
    const op = new Recorder();
    tasks.assign(0, 0, undefined, 0, op);
    tasks.process(0, [rec(0), rec(2)], 0, out, () => undefined); // offset 1 held
    tasks.skipTo(0, 2);
    tasks.release(0, [rec(1), rec(5)], 0, out, () => undefined); // 5: held and released in its own batch
    tasks.process(0, [rec(3), rec(4)], 0, out, () => undefined);
    expect(op.seen).toEqual([0, 2, 1, 5, 3, 4]);
  });

  it('commits no further than the oldest held offset', () => {
    const tasks = new PartitionTasks<string, string>({ outOfOrdernessMs: 0, idleTimeoutMs: 60_000 });
    tasks.assign(0, 0, undefined, 0, new Recorder());
    tasks.process(0, [rec(0), rec(2), rec(3)], 0, out, () => undefined);
    expect(tasks.commitPoints((p) => (p === 0 ? 1 : undefined))[0]?.offset).toBe(1);
    expect(tasks.commitPoints(() => undefined)[0]?.offset).toBe(4);
    expect(tasks.commitPoints(() => 1)[0]?.mark.processedThrough).toBe(3);
  });

  it('runs every event of a message that carries several (one offset), and skips them redelivered', () => {
    const tasks = new PartitionTasks<string, string>({ outOfOrdernessMs: 0, idleTimeoutMs: 60_000 });
    const op = new Recorder();
    tasks.assign(0, 0, undefined, 0, op);
    tasks.process(0, [rec(0), rec(1), rec(1), rec(1), rec(2)], 0, out, () => undefined);
    tasks.process(0, [rec(1), rec(1), rec(2), rec(3), rec(3)], 0, out, () => undefined); // 1–2 redelivered
    expect(op.seen).toEqual([0, 1, 1, 1, 2, 3, 3]);
    expect(tasks.commitPoints()[0]?.offset).toBe(4);
  });
});

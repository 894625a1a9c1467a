import { describe, expect, it } from 'vitest';
import { DueQueue } from './due-queue.ts';

describe('tickets > DueQueue', () => {
  it('pops pairs due by the watermark, earliest first, and keeps the rest', () => {
    const q = new DueQueue<string>();
    const times = [50, 10, 40, 10, 30, 70, 20, 60];
    times.forEach((t, i) => {
      q.push(t, `item${i}`);
    });
    q.push(Number.POSITIVE_INFINITY, 'never');
    const popped: number[] = [];
    for (let p = q.popDue(45); p !== undefined; p = q.popDue(45)) popped.push(p.time);
    expect(popped).toEqual(times.filter((t) => t <= 45).sort((a, b) => a - b));
    expect(q.size).toBe(3);
    expect(q.popDue(59)?.time).toBe(50);
  });
});

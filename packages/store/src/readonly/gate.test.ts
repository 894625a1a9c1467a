import { describe, expect, it } from 'vitest';
import { SqlGate } from './gate.ts';

describe('readonly > SqlGate', () => {
  it('runs one query per user, a few in all, queues the next and refuses past the bound', async () => {
    const gate = new SqlGate({ maxRunning: 2, maxWaiting: 2, maxWaitingPerUser: 1 });
    const a1 = await gate.enter('a');
    const b1 = await gate.enter('b');
    expect(a1.ok && b1.ok).toBe(true);
    const order: string[] = [];
    const a2 = gate.enter('a').then((t) => {
      order.push('a2');
      return t;
    });
    expect(await gate.enter('a')).toEqual({
      ok: false,
      reason: 'busy: a already has a query running and 1 waiting',
    });
    const c1 = gate.enter('c').then((t) => {
      order.push('c1');
      return t;
    });
    expect(await gate.enter('d')).toEqual({ ok: false, reason: 'busy: 2 analyst queries are waiting' });
    expect(gate.load).toEqual({ running: 2, waiting: 2 });
    // b leaves: a2 cannot run beside a1, so c1 (next in line whose user is free) goes first.
    if (b1.ok) b1.release();
    const c = await c1;
    expect(order).toEqual(['c1']);
    if (a1.ok) a1.release();
    const a = await a2;
    expect(order).toEqual(['c1', 'a2']);
    expect(gate.load).toEqual({ running: 2, waiting: 0 });
    if (c.ok) c.release();
    if (a.ok) {
      a.release();
      a.release(); // a second release frees nothing more
    }
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });
});

import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { Rejection } from './codec.ts';
import { Holding } from './holding.ts';
import { streamMetrics } from './metrics.ts';

const unknown: Rejection = {
  code: 'unknown_id',
  reason: 'household_id: expected an id of the households registry, got "HH-1"',
};
const bad: Rejection = { code: 'invalid', reason: 'ts: expected a time' };
const msg = (offset: number, key: string) => ({ offset, key: Buffer.from(key), value: Buffer.from('{}') });

function holding(known: Set<string>) {
  return new Holding<{ id: string }>(
    {
      name: 'archive.test',
      topic: 'city.test',
      hold: { graceMs: 1_000, maxPerKey: 10, maxHeld: 10, curable: (e) => e.code === 'unknown_id' },
      check: (e) => (known.has(e.id) ? undefined : unknown),
    },
    streamMetrics(new Registry()),
  );
}

describe('Holding', () => {
  it('holds a curable refusal, never another one', () => {
    const h = holding(new Set());
    expect(h.holds(0, msg(0, 'a'), unknown)).toBe(true);
    expect(h.holds(0, msg(0, 'a'), bad)).toBe(false);
    expect(h.holds(0, msg(0, 'a'), undefined)).toBe(false);
  });

  it('queues a valid message behind a held one of its key, and releases both in order', () => {
    const known = new Set<string>();
    const h = holding(known);
    h.add(0, msg(3, 'a'), { id: 'HH-1' }, unknown, 0);
    expect(h.holds(0, msg(4, 'a'), undefined)).toBe(true);
    expect(h.holds(0, msg(5, 'b'), undefined)).toBe(false);
    h.add(0, msg(4, 'a'), { id: 'HH-2' }, undefined, 0);
    expect(h.sweep(0, 500, () => 0).released).toEqual([]);
    known.add('HH-1');
    const { released, letters } = h.sweep(0, 600, () => 7);
    expect(released.map((r) => r.offset)).toEqual([3, 4]);
    expect(released[0]).toMatchObject({ partition: 0, eventTime: 7, event: { id: 'HH-1' } });
    expect(letters).toEqual([]);
    expect(h.size).toBe(0);
  });

  it('dead-letters after the grace period with the reason, original bytes kept', () => {
    const h = holding(new Set());
    h.add(2, msg(9, 'a'), { id: 'HH-1' }, unknown, 10_000);
    expect(h.expiring(2, 10_999)).toBe(false);
    expect(h.expiring(2, 11_000)).toBe(true);
    const { letters } = h.sweep(2, 11_000, () => 0);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      topic: 'city.test',
      partition: 2,
      offset: 9,
      value: Buffer.from('{}'),
    });
    expect(letters[0]?.error.code).toBe('unknown_id');
    expect(letters[0]?.error.reason).toBe(
      `${unknown.reason} (held 1 s, the grace period, without the reference data catching up)`,
    );
    expect(h.oldestOffset(2)).toBeUndefined();
  });
});

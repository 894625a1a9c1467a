import { describe, expect, it } from 'vitest';
import { HeldMessages } from './held-messages.ts';

const policy = { graceMs: 1_000, maxPerKey: 2, maxHeld: 3 };

describe('HeldMessages', () => {
  it('keeps the commit at the oldest offset held', () => {
    const held = new HeldMessages<string>(policy);
    held.add(0, 5, 'a', 0, 'x');
    held.add(0, 9, 'b', 0, 'y');
    expect(held.oldestOffset(0)).toBe(5);
    held.sweep(0, (e) => (e.offset === 5 ? 'release' : 'stay'));
    expect(held.oldestOffset(0)).toBe(9);
    expect(held.size).toBe(1);
  });

  it('releases in offset order and keeps a key behind its first message that stays', () => {
    const held = new HeldMessages<string>(policy);
    held.add(0, 1, 'a', 0, 'a1');
    held.add(0, 2, 'b', 0, 'b1');
    held.add(0, 3, 'a', 0, 'a2');
    const { released } = held.sweep(0, (e) => (e.item === 'a1' ? 'stay' : 'release'));
    expect(released.map((e) => e.item)).toEqual(['b1']);
    expect(held.holdsKey(0, 'a')).toBe(true);
    expect(held.holdsKey(0, 'b')).toBe(false);
    const second = held.sweep(0, () => 'release');
    expect(second.released.map((e) => e.item)).toEqual(['a1', 'a2']);
    expect(held.size).toBe(0);
    expect(held.oldestOffset(0)).toBeUndefined();
  });

  it('expires by processing time since it was held', () => {
    const held = new HeldMessages<string>(policy);
    held.add(0, 1, 'a', 10_000, 'x');
    const [entry] = held.sweep(0, () => 'stay').released;
    expect(entry).toBeUndefined();
    expect(held.anyExpired(0, 10_999)).toBe(false);
    expect(held.anyExpired(0, 11_000)).toBe(true);
  });

  it('evicts the oldest of a key past maxPerKey, and the oldest of all past maxHeld', () => {
    const held = new HeldMessages<string>(policy);
    held.add(0, 1, 'a', 0, 'a1');
    held.add(0, 2, 'a', 1, 'a2');
    held.add(0, 3, 'a', 2, 'a3');
    expect(held.anyExpired(0, 2)).toBe(true);
    held.add(1, 1, 'b', 3, 'b1');
    const evicted = [0, 1].flatMap((p) =>
      held.sweep(p, (e) => (held.expired(e, 3) ? 'dead-letter' : 'stay')).deadLettered.map((e) => e.item),
    );
    expect(evicted).toEqual(['a1', 'a2']);
    expect(held.size).toBe(2);
  });

  it('drops a revoked partition', () => {
    const held = new HeldMessages<string>(policy);
    held.add(2, 1, 'a', 0, 'x');
    held.revoke(2);
    expect(held.size).toBe(0);
    expect(held.holdsKey(2, 'a')).toBe(false);
  });
});

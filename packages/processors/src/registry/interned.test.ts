import { describe, expect, it } from 'vitest';
import { Interned } from './interned.ts';

describe('Interned', () => {
  it('shares one frozen list for equal tag lists, and tells lists that only join alike apart', () => {
    const interned = new Interned();
    const a = interned.list(['elderly', 'disabled']);
    expect(interned.list(['elderly', 'disabled'])).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(interned.list(['elderly,disabled'])).toEqual(['elderly,disabled']);
    expect(interned.list(['elderly\u0000disabled'])).not.toBe(a);
  });

  it('stops growing at its limit and still returns every value as given', () => {
    const interned = new Interned(3);
    for (let i = 0; i < 10; i++) expect(interned.value(`street-${i}`)).toBe(`street-${i}`);
    expect(interned.list(['x'])).toEqual(['x']);
    expect(interned.size).toBe(4); // 3 values (the limit), 1 list (lists have a limit of their own)
  });
});

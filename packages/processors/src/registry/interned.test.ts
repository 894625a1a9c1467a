import { describe, expect, it } from 'vitest';
import { Interned } from './interned.ts';
import { RegistryState } from './registry-state.ts';

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

describe('RegistryState > upsertHousehold', () => {
  const record = (household_id: string, vulnerable?: string[]) => ({
    household_id,
    district: '310101',
    street: 'ST-1',
    community: 'CM-1',
    grid: 'G-310101-0001',
    lives_alone: true,
    grid_worker: 'GW-0042',
    name: '张三',
    contacts: [{ role: 'family', phone: '+8613800000000' }],
    ...(vulnerable === undefined ? {} : { vulnerable }),
  });

  it('keeps every field but name and contacts, tag lists shared and read only', () => {
    const state = new RegistryState();
    state.upsertHousehold(record('HH-1', ['elderly']));
    state.upsertHousehold(record('HH-2', ['elderly']));
    state.upsertHousehold(record('HH-3'));
    const one = state.households.get('HH-1');
    expect(one).toEqual({
      household_id: 'HH-1',
      district: '310101',
      street: 'ST-1',
      community: 'CM-1',
      grid: 'G-310101-0001',
      lives_alone: true,
      grid_worker: 'GW-0042',
      vulnerable: ['elderly'],
    });
    expect(state.households.get('HH-2')?.vulnerable).toBe(one?.vulnerable);
    expect(() => (one?.vulnerable as string[] | undefined)?.push('x')).toThrow(TypeError);
    expect(state.households.get('HH-3')).not.toHaveProperty('vulnerable');
    expect(JSON.stringify([...state.households.values()])).not.toMatch(/张三|\+86138/);
  });
});

import { describe, expect, it } from 'vitest';
import { RegistryState } from './registry-state.ts';
import { lateRegistry, unknownDistrict, unknownId } from './unknown-id.ts';

describe('RegistryState > hasDistrict', () => {
  it('knows a district by the code list alone, with no registry record', () => {
    const state = new RegistryState();
    state.useDistrictCodes(['310101', '310115']);
    expect(state.households.size).toBe(0);
    expect(state.hasDistrict('310101')).toBe(true);
    expect(state.hasDistrict('310199')).toBe(false);
  });

  it('does not learn districts from registry records', () => {
    const state = new RegistryState();
    state.useDistrictCodes(['310101']);
    state.upsertStation({ station_id: 'AWS-1', name: 'x', district: '310199', lat: 31.2, lon: 121.4 });
    expect(state.hasDistrict('310199')).toBe(false);
  });
});

describe('lateRegistry', () => {
  it('holds an id of a registry that may lag, never a district off the code list', () => {
    expect(lateRegistry(unknownId('household_id', 'HH-1', 'households'))).toBe(true);
    expect(lateRegistry(unknownId('shelter_id', 'SH-1', 'shelters'))).toBe(true);
    expect(lateRegistry(unknownDistrict('310199'))).toBe(false);
    expect(lateRegistry({ code: 'invalid', reason: 'x', issues: [] })).toBe(false);
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

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

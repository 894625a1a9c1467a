// The processors benches' registry: `households` records HH-00000000…, as the model looks them up.
import type { HouseholdInfo } from '../src/registry/registry-state.ts';

export function syntheticRegistry(households: number): Map<string, HouseholdInfo> {
  const registry = new Map<string, HouseholdInfo>();
  for (let i = 0; i < households; i++) {
    const id = `HH-${String(i).padStart(8, '0')}`;
    registry.set(id, {
      household_id: id,
      district: '310101',
      street: '310101002',
      community: '310101002001',
      grid: `G-310101-${String(i % 50).padStart(4, '0')}`,
      lives_alone: false,
      vulnerable: [],
    });
  }
  return registry;
}

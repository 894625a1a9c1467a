/**
 * The heap benches' synthetic city (household-heap.ts, household-heap-restored.ts,
 * heap-by-type.ts): one deterministic usage hash, id and registry record, so the three measure
 * the same households.
 */

/** Deterministic usage: a hash of household and quarter, 0–999. */
export const hash = (h: number, q: number): number => (((h * 2_654_435_761) ^ (q * 40_503)) >>> 0) % 1000;

/** Household number `n` as the ids' 8 digits. */
export const id = (n: number): string => String(n).padStart(8, '0');

/** The registry record of a household of the synthetic city (an elderly person alone). */
export const info = (household_id: string) => ({
  household_id,
  district: '310101',
  street: '310101002',
  community: '310101002001',
  grid: `G-${household_id.slice(-3)}`,
  lives_alone: true,
  vulnerable: ['elderly' as const],
});

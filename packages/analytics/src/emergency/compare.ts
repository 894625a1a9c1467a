import type { ResourceStatus } from '@onegrid/contracts';
import { z } from 'zod';
import type { EvacuationTotals } from './evacuation-ledger.ts';

const count = z.int().min(0);
const moves = z.object({ transferred: count, checked_in: count, checked_out: count });

/**
 * The simulator's `evacuation` truth entry (packages/simulator, truth.jsonl), as far as the
 * comparison reads it: a scoring script parses truth lines with it before comparing.
 */
export const evacuationTruthSchema = z.object({
  type: z.literal('evacuation'),
  transferred: count,
  checked_in: count,
  checked_out: count,
  by_district: z.record(z.string(), moves),
  occupancy: z.record(z.string(), z.int()),
});
export type EvacuationTruthInput = z.output<typeof evacuationTruthSchema>;

/** The simulator's `resource` truth entry; `final_status` is `unknown` when none was delivered. */
export const resourceTruthSchema = z.object({
  type: z.literal('resource'),
  resource_id: z.string(),
  resource_type: z.string(),
  final_status: z.string(),
  final_district: z.string(),
});
export type ResourceTruthInput = z.output<typeof resourceTruthSchema>;

/** One disagreement: where, what the truth says, what the ledger has. */
export interface Difference {
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

function compareCounts(
  path: string,
  expected: Record<string, number>,
  actual: Record<string, number>,
  out: Difference[],
): void {
  // A key missing on one side counts as 0 there.
  for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const e = expected[key] ?? 0;
    const a = actual[key] ?? 0;
    if (e !== a) out.push({ path: `${path}.${key}`, expected: e, actual: a });
  }
}

/** Differences between the ledger's totals and the truth entry; none when they agree. */
export function compareEvacuation(totals: EvacuationTotals, truth: EvacuationTruthInput): Difference[] {
  const out: Difference[] = [];
  const top = (t: { transferred: number; checked_in: number; checked_out: number }) => ({
    transferred: t.transferred,
    checked_in: t.checked_in,
    checked_out: t.checked_out,
  });
  compareCounts('evacuation', top(truth), top(totals), out);
  for (const district of new Set([...Object.keys(truth.by_district), ...Object.keys(totals.by_district)])) {
    const zero = { transferred: 0, checked_in: 0, checked_out: 0 };
    compareCounts(
      `evacuation.by_district.${district}`,
      truth.by_district[district] ?? zero,
      totals.by_district[district] ?? zero,
      out,
    );
  }
  compareCounts('evacuation.occupancy', truth.occupancy, totals.occupancy, out);
  return out;
}

/** Differences between the latest statuses and the truth entries (type, status, district). */
export function compareResources(
  current: readonly ResourceStatus[],
  truth: readonly ResourceTruthInput[],
): Difference[] {
  const out: Difference[] = [];
  const byId = new Map(current.map((s) => [s.resource_id, s]));
  const known = new Set<string>();
  for (const t of truth) {
    known.add(t.resource_id);
    const s = byId.get(t.resource_id);
    const path = `resource.${t.resource_id}`;
    if (s === undefined) {
      if (t.final_status !== 'unknown') out.push({ path, expected: t.final_status, actual: undefined });
      continue;
    }
    if (s.type !== t.resource_type)
      out.push({ path: `${path}.type`, expected: t.resource_type, actual: s.type });
    if (s.status !== t.final_status)
      out.push({ path: `${path}.status`, expected: t.final_status, actual: s.status });
    if (s.district !== t.final_district) {
      out.push({ path: `${path}.district`, expected: t.final_district, actual: s.district });
    }
  }
  for (const s of current) {
    if (!known.has(s.resource_id))
      out.push({ path: `resource.${s.resource_id}`, expected: undefined, actual: s.status });
  }
  return out;
}

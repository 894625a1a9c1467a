// What the pipeline e2e tests compare: the generator's per-topic counts from its truth file,
// and a count() read from the store.
import type { TopicCounts } from '@onegrid/simulator';
import type { Store } from '@onegrid/store';
import type { PipelineRun } from './pipeline.ts';

/** The per-topic counts the generator wrote into its truth; throws if it wrote none. */
export function truthCounts(run: PipelineRun): Record<string, TopicCounts> {
  const entry = run.truth.find((e) => e.type === 'counts') as
    | { topics: Record<string, TopicCounts> }
    | undefined;
  if (entry === undefined) throw new Error('no counts in the truth');
  return entry.topics;
}

/** Runs a query selecting one row with a count `n`; NaN if it returns none. */
export async function countRows(store: Store, query: string): Promise<number> {
  const result = await store.client.query({ query, format: 'JSONEachRow' });
  const [row] = await result.json<{ n: string }>();
  return Number(row?.n ?? Number.NaN);
}

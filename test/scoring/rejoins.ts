// How often the running processors' consumer groups were assigned partitions again after their
// first assignment (`onegrid_stream_assignments_total` counts every assignment, per processor):
// a member that missed its heartbeats on a starved machine, or a coordinator that moved.
import type { Registry } from 'prom-client';

export interface Rejoins {
  readonly total: number;
  readonly byProcessor: Readonly<Record<string, number>>;
}

export async function rejoinsOf(metrics: Registry): Promise<Rejoins> {
  const counter = await metrics.getSingleMetric('onegrid_stream_assignments_total')?.get();
  const byProcessor: Record<string, number> = {};
  for (const v of counter?.values ?? []) {
    const beyondFirst = Math.max(0, v.value - 1);
    if (beyondFirst > 0) byProcessor[String(v.labels.processor)] = beyondFirst;
  }
  return { total: Object.values(byProcessor).reduce((a, b) => a + b, 0), byProcessor };
}

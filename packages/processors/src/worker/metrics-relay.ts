import type { StreamMetrics } from '@onegrid/stream';

/**
 * The utility worker's metrics on the owner's `/metrics` (issue 17): a worker thread has its own
 * prom-client registry, which no scrape reaches, so the worker's processor (its sinks' flushes,
 * keys by model, lag, commits) was missing from the process's metrics, one reason the worker was
 * opt-in. The worker records every update it makes (`relayedMetrics`), sends them in bulk a
 * few times a second, and the owner applies them to its own metrics of the same name
 * (`replayMetrics`): counters add up, gauges take the last value, histograms get each
 * observation. Updates are per batch or per flush, never per reading.
 */
export interface MetricUpdate {
  /** The metric's place in StreamMetrics: `eventsIn`, `sinks.flushSeconds`, … */
  readonly path: string;
  readonly op: 'inc' | 'dec' | 'set' | 'observe';
  readonly labels: Readonly<Record<string, string | number>>;
  /** inc/dec: the sum since the last send; set: the last value; observe: each value. */
  readonly values: readonly number[];
}

type Labels = Record<string, string | number>;
type Metric = Record<string, unknown>;

const RECORDED = new Set(['inc', 'dec', 'set', 'observe']);

/** prom-client's `(labels, value)` or `(value)`; `fallback` when no value is given (inc's 1). */
function argsOf(a: unknown, b: unknown, fallback: number): { labels: Labels; value: number } {
  if (typeof a === 'object' && a !== null) return { labels: a as Labels, value: (b as number) ?? fallback };
  return { labels: {}, value: (a as number) ?? fallback };
}

/**
 * `local` (the worker's own metrics, which it keeps updating as before) with every update also
 * recorded; `take` returns the updates since its last call, coalesced (a counter's increments
 * summed, a gauge's last value kept) and clears them.
 */
export function relayedMetrics(local: StreamMetrics): {
  readonly metrics: StreamMetrics;
  take(): MetricUpdate[];
} {
  let pending = new Map<string, { path: string; op: MetricUpdate['op']; labels: Labels; values: number[] }>();
  const record = (path: string, op: MetricUpdate['op'], labels: Labels, value: number) => {
    const key = `${op}\u0000${path}\u0000${JSON.stringify(labels)}`;
    const entry = pending.get(key);
    if (entry === undefined) pending.set(key, { path, op, labels: { ...labels }, values: [value] });
    else if (op === 'observe') entry.values.push(value);
    else if (op === 'set') entry.values[0] = value;
    else entry.values[0] = (entry.values[0] as number) + value;
  };
  const wrap = (path: string, metric: Metric): Metric =>
    new Proxy(metric, {
      get(target, name, receiver) {
        const real = Reflect.get(target, name, receiver) as unknown;
        if (typeof real !== 'function') return real;
        if (typeof name === 'string' && RECORDED.has(name))
          return (a?: unknown, b?: unknown) => {
            const { labels, value } = argsOf(a, b, 1);
            record(path, name as MetricUpdate['op'], labels, value);
            return (real as (a?: unknown, b?: unknown) => unknown).call(target, a, b);
          };
        if (name === 'startTimer')
          // The duration is observed through this wrapper, so it is recorded as any observe.
          return (labels: Labels = {}) => {
            const started = process.hrtime.bigint();
            return (more: Labels = {}) => {
              const seconds = Number(process.hrtime.bigint() - started) / 1e9;
              record(path, 'observe', { ...labels, ...more }, seconds);
              (target.observe as (l: Labels, v: number) => void).call(
                target,
                { ...labels, ...more },
                seconds,
              );
              return seconds;
            };
          };
        if (name === 'labels' || name === 'child')
          throw new Error(`metrics relay: ${path}.${name}() is not relayed; pass the labels to the update`);
        return (real as (...args: unknown[]) => unknown).bind(target);
      },
    });
  const wrapAll = (prefix: string, group: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(group).map(([name, metric]) =>
        name === 'sinks'
          ? [name, wrapAll(`${name}.`, metric as Record<string, unknown>)]
          : [name, wrap(`${prefix}${name}`, metric as Metric)],
      ),
    );
  return {
    metrics: wrapAll('', local as unknown as Record<string, unknown>) as unknown as StreamMetrics,
    take() {
      const updates = [...pending.values()];
      pending = new Map();
      return updates;
    },
  };
}

/** Applies a worker's updates to this thread's metrics of the same names (see relayedMetrics). */
export function replayMetrics(metrics: StreamMetrics, updates: readonly MetricUpdate[]): void {
  for (const { path, op, labels, values } of updates) {
    const [group, name] = path.startsWith('sinks.') ? [metrics.sinks, path.slice(6)] : [metrics, path];
    const metric = (group as unknown as Record<string, Metric | undefined>)[name];
    const apply = metric?.[op];
    // A metric this build does not know (a worker of another version): skipped, not fatal.
    if (typeof apply !== 'function') continue;
    for (const value of values) (apply as (l: Labels, v: number) => void).call(metric, labels, value);
  }
}

import { isoCstMillis } from '@onegrid/contracts';
import type { ChannelValue } from '../../feed/channels.ts';
import type { GaugeInfo } from '../../queries/gauge-registry.ts';
import { gaugeTrend } from '../gauge-trend.ts';
import { RegistryOverlay } from './registry-overlay.ts';

interface Reading {
  readonly ts: number;
  readonly level: number;
}

const BUCKET_MS = 10 * 60_000;
const WINDOW_MS = 12 * 3_600_000;

/**
 * The `gauges` channel kept from readings as they arrive: per gauge its newest reading and the
 * newest reading of each 10-minute bucket of the last 12 hours (what `pollGauges` reads from
 * ClickHouse). Every update is a merge by event time, so the store's copy and Kafka's may be
 * applied in any order, twice, or overlapping: the result is the same.
 */
export class GaugeModel {
  readonly #registry = new RegistryOverlay<GaugeInfo>();
  readonly #buckets = new Map<string, Map<number, Reading>>();
  readonly #last = new Map<string, Reading>();
  #newest = Number.NEGATIVE_INFINITY;

  /** The store's registry (what `city.registry.gauges` said since overrides it: see RegistryOverlay). */
  setRegistry(gauges: readonly GaugeInfo[]): void {
    this.#registry.setStore(gauges.map((g) => [g.gauge_id, g]));
  }

  /** A record of `city.registry.gauges` (null: deleted). */
  register(gaugeId: string, gauge: GaugeInfo | null): void {
    this.#registry.put(gaugeId, gauge);
  }

  /** Merges one reading; false when the gauge is not in the registry (a reseed is due). */
  reading(gaugeId: string, tsMs: number, levelM: number): boolean {
    const last = this.#last.get(gaugeId);
    if (last === undefined || tsMs > last.ts) this.#last.set(gaugeId, { ts: tsMs, level: levelM });
    const bucket = Math.floor(tsMs / BUCKET_MS) * BUCKET_MS;
    let buckets = this.#buckets.get(gaugeId);
    if (buckets === undefined) {
      buckets = new Map();
      this.#buckets.set(gaugeId, buckets);
    }
    const held = buckets.get(bucket);
    if (held === undefined || tsMs > held.ts) buckets.set(bucket, { ts: tsMs, level: levelM });
    if (tsMs > this.#newest) {
      this.#newest = tsMs;
      this.#prune();
    }
    return this.#registry.has(gaugeId);
  }

  view(): { data: Record<string, ChannelValue<'gauges'>>; asOf: string | undefined } {
    const data: Record<string, ChannelValue<'gauges'>> = {};
    for (const gauge of this.#registry.values()) {
      const last = this.#last.get(gauge.gauge_id);
      if (last === undefined) continue;
      const points: [number, number][] = [...(this.#buckets.get(gauge.gauge_id) ?? new Map()).entries()]
        .filter(([t]) => t < last.ts)
        .sort((a, b) => a[0] - b[0])
        .map(([t, r]) => [t, r.level]);
      points.push([last.ts, last.level]);
      const trend = gaugeTrend(points, gauge.warning_level_m, gauge.guarantee_level_m);
      data[gauge.gauge_id] = {
        ...gauge,
        ts: isoCstMillis(last.ts),
        level_m: last.level,
        rise_m_per_h: trend.riseMPerH,
        forecast_warning_at: trend.warningAtMs === null ? null : isoCstMillis(trend.warningAtMs),
        forecast_guarantee_at: trend.guaranteeAtMs === null ? null : isoCstMillis(trend.guaranteeAtMs),
        status: trend.status,
        recent: points,
      };
    }
    return { data, asOf: Number.isFinite(this.#newest) ? isoCstMillis(this.#newest) : undefined };
  }

  #prune(): void {
    const oldest = Math.floor((this.#newest - WINDOW_MS) / BUCKET_MS) * BUCKET_MS;
    for (const buckets of this.#buckets.values())
      for (const t of buckets.keys()) if (t < oldest) buckets.delete(t);
  }
}

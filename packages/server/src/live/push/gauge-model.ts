import { isoCstMillis } from '@onegrid/contracts';
import type { ChannelValue } from '../../feed/channels.ts';
import type { GaugeInfo } from '../../queries/gauge-registry.ts';
import { gaugeTrend } from '../gauge-trend.ts';
import { RegistryOverlay } from './registry-overlay.ts';

const BUCKET_MS = 10 * 60_000;
/** The history shown: the 12 hours before the newest reading (as `pollGauges`). */
const WINDOW_MS = 12 * 3_600_000;
/** Readings kept: a day, as far back as `pollGauges` looks for a gauge's latest level. */
const KEEP_MS = 24 * 3_600_000;
/**
 * Gauges kept that the registry does not hold (yet): a reading may come before its gauge's
 * record reaches the store, so it is kept until the next catch-up; past this many ids, a
 * reading of another unknown id is dropped and counted (a message naming ever new ids must not
 * grow the server's memory).
 */
export const MAX_UNREGISTERED_GAUGES = 1_000;

interface Bucket {
  /** Levels by reading time (ms): a repeated reading is one. */
  readonly levels: Map<number, number>;
  /** The latest of them (undefined: none left). */
  newest: { ts: number; level: number } | undefined;
}

interface Gauge {
  /** Per 10-minute bucket. */
  readonly buckets: Map<number, Bucket>;
  /** Reading times refuted as sensor faults: left out for good, whichever copy comes after. */
  readonly refuted: Set<number>;
}

/**
 * The `gauges` channel kept from readings as they arrive: per gauge its newest reading and the
 * newest reading of each 10-minute bucket of the last 12 hours (what `pollGauges` reads from
 * ClickHouse). Every update is a merge by event time, so the store's copy and Kafka's may be
 * applied in any order, twice, or overlapping: the result is the same. A reading the
 * typhoon-risk processor refuted as a sensor fault (learnt from the store: its flagged copy,
 * `water_levels.quality`) counts nowhere: the gauge shows its newest reading not refuted (issue
 * 18: a refuted spike stayed on the gauges panel). So every reading of the window is kept, not
 * only each bucket's newest: the one before a refuted reading may be needed again.
 */
export class GaugeModel {
  readonly #registry = new RegistryOverlay<GaugeInfo>();
  readonly #gauges = new Map<string, Gauge>();
  #newest = Number.NEGATIVE_INFINITY;
  #dropped = 0;
  #unregisteredCount: number | undefined;

  /** The store's registry (what `city.registry.gauges` said since overrides it: see RegistryOverlay). */
  setRegistry(gauges: readonly GaugeInfo[]): void {
    this.#registry.setStore(gauges.map((g) => [g.gauge_id, g]));
    // What the store's registry and Kafka's still lack after a catch-up is no gauge of theirs.
    for (const id of this.#gauges.keys()) if (!this.#registry.has(id)) this.#gauges.delete(id);
    this.#unregisteredCount = 0;
  }

  /** Readings and refutations dropped so far because they named one unknown gauge too many. */
  dropped(): number {
    return this.#dropped;
  }

  /** A record of `city.registry.gauges` (null: deleted). */
  register(gaugeId: string, gauge: GaugeInfo | null): void {
    this.#registry.put(gaugeId, gauge);
    this.#unregisteredCount = undefined; // counted again at the next unknown id
  }

  /** Merges one reading; false when the gauge is not in the registry (a reseed is due). */
  reading(gaugeId: string, tsMs: number, levelM: number): boolean {
    const gauge = this.#gauge(gaugeId);
    if (gauge === undefined) {
      this.#dropped++;
      return false;
    }
    if (!gauge.refuted.has(tsMs)) {
      const bucket = Math.floor(tsMs / BUCKET_MS) * BUCKET_MS;
      let held = gauge.buckets.get(bucket);
      if (held === undefined) {
        held = { levels: new Map(), newest: undefined };
        gauge.buckets.set(bucket, held);
      }
      held.levels.set(tsMs, levelM);
      if (held.newest === undefined || tsMs >= held.newest.ts) held.newest = { ts: tsMs, level: levelM };
    }
    if (tsMs > this.#newest) {
      this.#newest = tsMs;
      this.#prune();
    }
    return this.#registry.has(gaugeId);
  }

  /** A reading refuted as a sensor fault (its store row's `quality = 'refuted'`). */
  refute(gaugeId: string, tsMs: number): void {
    const gauge = this.#gauge(gaugeId);
    if (gauge === undefined) {
      this.#dropped++;
      return;
    }
    gauge.refuted.add(tsMs);
    const held = gauge.buckets.get(Math.floor(tsMs / BUCKET_MS) * BUCKET_MS);
    if (held === undefined || !held.levels.delete(tsMs)) return;
    if (held.newest?.ts === tsMs) held.newest = newestOf(held.levels);
  }

  view(): { data: Record<string, ChannelValue<'gauges'>>; asOf: string | undefined } {
    const data: Record<string, ChannelValue<'gauges'>> = {};
    const shownFrom = Math.floor((this.#newest - WINDOW_MS) / BUCKET_MS) * BUCKET_MS;
    for (const gauge of this.#registry.values()) {
      const newestByBucket: [number, { ts: number; level: number }][] = [];
      for (const [t, b] of this.#gauges.get(gauge.gauge_id)?.buckets ?? [])
        if (b.newest !== undefined) newestByBucket.push([t, b.newest]);
      newestByBucket.sort((a, b) => a[0] - b[0]);
      const last = newestByBucket.at(-1)?.[1];
      if (last === undefined) continue;
      const points: [number, number][] = newestByBucket
        .filter(([t]) => t < last.ts && t >= shownFrom)
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

  /** The gauge's entry, made if needed; undefined for one unknown id past the bound. */
  #gauge(gaugeId: string): Gauge | undefined {
    let gauge = this.#gauges.get(gaugeId);
    if (gauge === undefined) {
      const unknown = !this.#registry.has(gaugeId);
      if (unknown && this.#unregistered() >= MAX_UNREGISTERED_GAUGES) return undefined;
      gauge = { buckets: new Map(), refuted: new Set() };
      this.#gauges.set(gaugeId, gauge);
      if (unknown && this.#unregisteredCount !== undefined) this.#unregisteredCount++;
    }
    return gauge;
  }

  /** Entries with no registry record; walked once per registry change, not per reading (a flood
   * of made-up ids past the bound must cost O(1) each). */
  #unregistered(): number {
    if (this.#unregisteredCount === undefined) {
      let n = 0;
      for (const id of this.#gauges.keys()) if (!this.#registry.has(id)) n++;
      this.#unregisteredCount = n;
    }
    return this.#unregisteredCount;
  }

  #prune(): void {
    const oldest = Math.floor((this.#newest - KEEP_MS) / BUCKET_MS) * BUCKET_MS;
    for (const gauge of this.#gauges.values()) {
      for (const t of gauge.buckets.keys()) if (t < oldest) gauge.buckets.delete(t);
      for (const t of gauge.refuted) if (t < oldest) gauge.refuted.delete(t);
    }
  }
}

/** The latest reading of a bucket (undefined: none left). */
function newestOf(levels: ReadonlyMap<number, number>): { ts: number; level: number } | undefined {
  let newest: { ts: number; level: number } | undefined;
  for (const [ts, level] of levels) if (newest === undefined || ts > newest.ts) newest = { ts, level };
  return newest;
}

import {
  type DistrictRegistry,
  DistrictRiskModel,
  type TyphoonConfigInput,
} from '@onegrid/analytics/typhoon';
import { type Alert, type HazardObservation, type RiskScore, toEpochMs } from '@onegrid/contracts';
import type { StreamModel } from '../operators/detector-operator.ts';
import { UpstreamClock } from '../operators/upstream-clock.ts';

/** Stations report every 5 min and gauges every 1 to 5: ten minutes absorbs skew and reordering. */
export const HAZARD_OUT_OF_ORDERNESS_MS = 10 * 60_000;

export type HazardOutput =
  | { readonly kind: 'score'; readonly score: RiskScore }
  | { readonly kind: 'alert'; readonly alert: Alert };

export const hazardTime = (h: HazardObservation): number => toEpochMs(h.observation.ts);

/**
 * The districts of one partition of the hazard topic, each with its risk model, created when
 * its first observation arrives from what the registries say of it then.
 */
export class HazardModel implements StreamModel<HazardObservation, HazardOutput> {
  readonly #models = new Map<string, DistrictRiskModel>();
  readonly #sources: UpstreamClock;
  readonly #now: () => number;
  readonly #config: TyphoonConfigInput;
  readonly #registryOf: (district: string) => DistrictRegistry;

  /**
   * `sources`: the source partitions merged onto the topic (`weather/0`, `water_level/3`…);
   * `now`: processing time, for sources that fall idle.
   */
  constructor(
    config: TyphoonConfigInput,
    registryOf: (district: string) => DistrictRegistry,
    clock: { sources: readonly string[]; idleMs: number; now: () => number },
  ) {
    this.#config = config;
    this.#registryOf = registryOf;
    this.#now = clock.now;
    this.#sources = new UpstreamClock({
      expected: clock.sources,
      outOfOrdernessMs: HAZARD_OUT_OF_ORDERNESS_MS,
      idleMs: clock.idleMs,
      now: clock.now(),
    });
  }

  onEvent(h: HazardObservation): 'accepted' | 'duplicate' | 'late' {
    let model = this.#models.get(h.district);
    if (model === undefined) {
      model = new DistrictRiskModel(this.#config, this.#registryOf(h.district));
      this.#models.set(h.district, model);
    }
    this.#sources.observe(`${h.kind}/${h.source_partition}`, hazardTime(h), this.#now());
    const disposition =
      h.kind === 'weather' ? model.onWeather(h.observation) : model.onWaterLevel(h.observation);
    // A station or gauge registered after the district's model was built: the model cannot use
    // it, so it is kept with the late events for a person to see rather than dropped.
    return disposition === 'unknown' ? 'late' : disposition;
  }

  advance(watermark: number): HazardOutput[] {
    const out: HazardOutput[] = [];
    const until = Math.min(watermark, this.#sources.watermark(this.#now()));
    if (!Number.isFinite(until)) return out;
    for (const model of this.#models.values()) {
      const { scores, alerts } = model.advance(until);
      for (const score of scores) out.push({ kind: 'score', score });
      for (const alert of alerts) out.push({ kind: 'alert', alert });
    }
    return out;
  }

  oldestNeededTime(): number | undefined {
    let oldest: number | undefined;
    for (const model of this.#models.values()) {
      const t = model.oldestNeededTime();
      if (t !== undefined && (oldest === undefined || t < oldest)) oldest = t;
    }
    return oldest;
  }

  size(): number {
    let n = 0;
    for (const model of this.#models.values()) n += model.size();
    return n;
  }
}

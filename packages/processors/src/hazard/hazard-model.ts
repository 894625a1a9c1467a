import {
  type DistrictRegistry,
  DistrictRiskModel,
  type TyphoonConfigInput,
} from '@onegrid/analytics/typhoon';
import { type Alert, type HazardObservation, type RiskScore, toEpochMs } from '@onegrid/contracts';
import type { StreamModel } from '../operators/detector-operator.ts';

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
  readonly #config: TyphoonConfigInput;
  readonly #registryOf: (district: string) => DistrictRegistry;

  constructor(config: TyphoonConfigInput, registryOf: (district: string) => DistrictRegistry) {
    this.#config = config;
    this.#registryOf = registryOf;
  }

  onEvent(h: HazardObservation): 'accepted' | 'duplicate' | 'late' {
    let model = this.#models.get(h.district);
    if (model === undefined) {
      model = new DistrictRiskModel(this.#config, this.#registryOf(h.district));
      this.#models.set(h.district, model);
    }
    const disposition =
      h.kind === 'weather' ? model.onWeather(h.observation) : model.onWaterLevel(h.observation);
    // A station or gauge registered after the district's model was built: the model cannot use
    // it, so it is kept with the late events for a person to see rather than dropped.
    return disposition === 'unknown' ? 'late' : disposition;
  }

  advance(watermark: number): HazardOutput[] {
    const out: HazardOutput[] = [];
    for (const model of this.#models.values()) {
      const { scores, alerts } = model.advance(watermark);
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

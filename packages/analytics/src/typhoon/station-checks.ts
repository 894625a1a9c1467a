import type { WeatherObservation } from '@onegrid/contracts';
import type { WeatherPoint } from './assess.ts';
import { CheckedField, type Neighbours } from './checked-field.ts';
import type { TyphoonConfig } from './config.ts';
import type { TimeSeries } from './series.ts';
import {
  type FieldValue,
  fieldRate,
  NEIGHBOUR_WINDOW_MS,
  STATION_FIELDS,
  type StationField,
} from './station-quality.ts';
import { checkedWeather } from './weather-quality.ts';

const POINT_KEY = { wind_speed_ms: 'meanMs', wind_gust_ms: 'gustMs', rain_mm: 'mm' } as const;

/** Called with an observation each time one more of its values is refuted (all refuted so far). */
export type OnRefuted = (obs: WeatherObservation, t: number, fields: string[]) => void;

/**
 * The stations of one district with sensor glitches held out of the model (issue 20): a value
 * beyond what any station here measures is refuted at once (weather-quality.ts); one no storm
 * makes in its interval, by the station's own recent values and its neighbours', is suspect
 * (CheckedField) and stays unknown in the station's series, so it raises no wind or rain hazard,
 * until later readings confirm it (it then joins the series) or refute it (`onRefuted`: stored
 * flagged, counted, an `implausible` gauge_fault).
 */
export class StationChecks {
  readonly #series: ReadonlyMap<string, TimeSeries<WeatherPoint>>;
  readonly #fields = new Map<string, Map<StationField, CheckedField>>();
  readonly #limits: TyphoonConfig['stationLimits'];
  readonly #onRefuted: OnRefuted;

  constructor(
    series: ReadonlyMap<string, TimeSeries<WeatherPoint>>,
    limits: TyphoonConfig['stationLimits'],
    onRefuted: OnRefuted,
  ) {
    this.#series = series;
    this.#limits = limits;
    this.#onRefuted = onRefuted;
    for (const id of series.keys())
      this.#fields.set(id, new Map(STATION_FIELDS.map((f) => [f, new CheckedField(f)])));
  }

  /**
   * Adds an observation of a known station at `t`. `refuted`: a value of it was refuted on arrival
   * (a suspect is `accepted`: its fate is decided later, and counted then by its flag).
   */
  add(obs: WeatherObservation, t: number): 'accepted' | 'duplicate' | 'refuted' {
    const series = this.#series.get(obs.station_id);
    const fields = this.#fields.get(obs.station_id);
    if (series === undefined || fields === undefined) return 'accepted';
    const { point, refuted } = checkedWeather(obs, t, this.#limits);
    const kept: WeatherPoint = { ...point, meanMs: undefined, gustMs: undefined, mm: undefined };
    if (!series.add(kept)) return 'duplicate';
    if (refuted.length > 0) this.#onRefuted(obs, t, [...refuted]);
    const neighbours = this.#neighbours(obs.station_id);
    let refutedNow = refuted.length > 0;
    for (const field of STATION_FIELDS) {
      const raw = point[POINT_KEY[field]];
      if (raw === undefined) continue;
      const v = fieldRate(field, raw, obs.period_s);
      let decided = false;
      const trust = () => {
        kept[POINT_KEY[field]] = raw;
        decided = true;
      };
      const refute = () => {
        refuted.push(field);
        decided = true;
        this.#onRefuted(obs, t, [...refuted]);
      };
      (fields.get(field) as CheckedField).add({ t, v, trust, refute }, neighbours);
      if (decided && kept[POINT_KEY[field]] === undefined) refutedNow = true;
    }
    // This observation may be the neighbour another station's suspect was waiting for.
    for (const [id, other] of this.#fields) {
      if (id === obs.station_id) continue;
      for (const f of other.values()) if (f.holds()) f.settle(this.#neighbours(id));
    }
    return refutedNow ? 'refuted' : 'accepted';
  }

  prune(before: number): void {
    for (const fields of this.#fields.values()) for (const f of fields.values()) f.prune(before);
  }

  /** The other stations' values nearest `t` (within NEIGHBOUR_WINDOW_MS, trusted or held), one per station. */
  #neighbours(self: string): Neighbours {
    return (field, t) => {
      const out: FieldValue[] = [];
      for (const [id, fields] of this.#fields) {
        if (id === self) continue;
        const best = (fields.get(field) as CheckedField).nearest(t, NEIGHBOUR_WINDOW_MS);
        if (best !== undefined) out.push(best);
      }
      return out;
    };
  }
}

import { isoCstMillis } from '@onegrid/contracts';
import type { ChannelValue } from '../../feed/channels.ts';

/** The fields of an observation the `weather` channel uses (null: the instrument sent none). */
export interface WeatherFields {
  readonly wind: number | null;
  readonly gust: number | null;
  readonly rain: number | null;
  readonly pressure: number | null;
}

interface Station {
  district: string;
  /** Observations by event time (ms): a repeated observation is one. */
  readonly obs: Map<number, WeatherFields>;
  /** The fields of an observation refuted as instrument faults, by event time: left out for good. */
  readonly refuted: Map<number, Set<string>>;
}

/** A refuted field (weather_observations.refuted_fields) and the channel's field it hides. */
const REFUTABLE = { wind_speed_ms: 'wind', wind_gust_ms: 'gust', rain_mm: 'rain' } as const;

interface HourAgg {
  wind: number | null;
  gust: number | null;
  rain: number;
  pressure: number | null;
  stations: number;
}

const HOUR_MS = 3_600_000;
const KEEP_MS = 25 * HOUR_MS;

const max = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
const min = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
/** The hour an observation counts in: its period ends in it (`toStartOfHour(ts - 1 ms)`). */
const hourOf = (ts: number) => Math.floor((ts - 1) / HOUR_MS) * HOUR_MS;

/**
 * The `weather` channel kept from observations as they arrive, with the arithmetic of the
 * store's `weather_district_hourly` view and `pollWeather`: per station and hour the highest
 * wind and gust, the lowest pressure and the rain summed over distinct observation times; per
 * district and hour the highest and lowest over its stations and their mean rain; on the screen
 * the newest hour and the rain of the 24 hours up to it. Observations are kept by (station, ts),
 * so overlapping copies from the store and from Kafka count once. A value the typhoon-risk
 * processor refuted as an instrument fault (learnt from the store: its flagged copy of the
 * observation) counts nowhere, whichever copy comes after (issue 18: a refuted gust stayed on the
 * 风力 · 雨量 panel).
 */
export class WeatherModel {
  readonly #stations = new Map<string, Station>();
  #names: ReadonlyMap<string, string> = new Map();
  #newest = Number.NEGATIVE_INFINITY;

  setDistrictNames(names: ReadonlyMap<string, string>): void {
    this.#names = names;
  }

  /** `refuted`: the observation's fields refuted as instrument faults (its store row's `refuted_fields`). */
  observation(
    stationId: string,
    district: string,
    tsMs: number,
    fields: WeatherFields,
    refuted: readonly string[] = [],
  ): void {
    let station = this.#stations.get(stationId);
    if (station === undefined) {
      station = { district, obs: new Map(), refuted: new Map() };
      this.#stations.set(stationId, station);
    }
    if (refuted.length > 0) {
      const held = station.refuted.get(tsMs) ?? new Set<string>();
      for (const f of refuted) held.add(f);
      station.refuted.set(tsMs, held);
    }
    station.district = district;
    const held = station.obs.get(tsMs);
    // As the store's maxMap: a repeated observation's rain counts once, at its largest.
    station.obs.set(tsMs, held === undefined ? fields : { ...fields, rain: max(held.rain, fields.rain) });
    if (tsMs > this.#newest) {
      this.#newest = tsMs;
      this.#prune();
    }
  }

  view(): { data: Record<string, ChannelValue<'weather'>>; asOf: string | undefined } {
    const data: Record<string, ChannelValue<'weather'>> = {};
    if (!Number.isFinite(this.#newest)) return { data, asOf: undefined };
    let last = Number.NEGATIVE_INFINITY;
    for (const s of this.#stations.values()) for (const ts of s.obs.keys()) last = Math.max(last, hourOf(ts));
    const byDistrict = new Map<string, Map<number, HourAgg>>();
    for (const s of this.#stations.values()) {
      if (s.district === '') continue;
      const hours = stationHours(s, last);
      let districtHours = byDistrict.get(s.district);
      if (districtHours === undefined) {
        districtHours = new Map();
        byDistrict.set(s.district, districtHours);
      }
      for (const [hour, h] of hours) {
        const d = districtHours.get(hour) ?? { wind: null, gust: null, rain: 0, pressure: null, stations: 0 };
        d.wind = max(d.wind, h.wind);
        d.gust = max(d.gust, h.gust);
        d.pressure = min(d.pressure, h.pressure);
        d.rain += h.rain;
        d.stations += 1;
        districtHours.set(hour, d);
      }
    }
    for (const code of [...byDistrict.keys()].sort()) {
      const hours = byDistrict.get(code) as Map<number, HourAgg>;
      if (hours.size === 0) continue;
      const now = hours.get(last);
      let rain24 = 0;
      for (const h of hours.values()) rain24 += h.rain / h.stations;
      data[code] = {
        district: code,
        name: this.#names.get(code) ?? '',
        ts: isoCstMillis(last + HOUR_MS), // an hour's row covers the observations ending in it
        wind_speed_ms: now?.wind ?? null,
        wind_gust_ms: now?.gust ?? null,
        rain_1h_mm: now === undefined ? 0 : now.rain / now.stations,
        rain_24h_mm: rain24,
        pressure_hpa: now?.pressure ?? null,
      };
    }
    return { data, asOf: isoCstMillis(this.#newest) };
  }

  #prune(): void {
    for (const s of this.#stations.values())
      for (const ts of s.obs.keys())
        if (ts < this.#newest - KEEP_MS) {
          s.obs.delete(ts);
          s.refuted.delete(ts);
        }
  }
}

/** One station's hours in the 24 up to `last` (inclusive). */
function stationHours(s: Station, last: number): Map<number, HourAgg> {
  const hours = new Map<number, HourAgg>();
  for (const [ts, held] of s.obs) {
    const o = withoutRefuted(held, s.refuted.get(ts));
    const hour = hourOf(ts);
    if (hour <= last - 24 * HOUR_MS || hour > last) continue;
    const h = hours.get(hour) ?? { wind: null, gust: null, rain: 0, pressure: null, stations: 1 };
    h.wind = max(h.wind, o.wind);
    h.gust = max(h.gust, o.gust);
    h.pressure = min(h.pressure, o.pressure);
    h.rain += o.rain ?? 0;
    hours.set(hour, h);
  }
  return hours;
}

/** The observation with its refuted fields read as missing. */
function withoutRefuted(o: WeatherFields, refuted: ReadonlySet<string> | undefined): WeatherFields {
  if (refuted === undefined) return o;
  const out: { -readonly [K in keyof WeatherFields]: WeatherFields[K] } = { ...o };
  for (const [field, key] of Object.entries(REFUTABLE)) if (refuted.has(field)) out[key] = null;
  return out;
}

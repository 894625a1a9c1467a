/**
 * Automatic weather stations, one observation every 5 minutes: wind, gust and pressure from
 * the Holland profile, rain from the rain field with a little station-to-station texture, a
 * diurnal temperature that rain cools. A few stations misbehave as planted (see StationFaults).
 */
import { isoCstSeconds, TOPICS, type WeatherObservation } from '@onegrid/contracts';
import type { City } from '../city/city.ts';
import type { StationRecord } from '../city/reference-data.ts';
import type { Feed } from '../feed/feed.ts';
import type { Rng } from '../rng.ts';
import { rainRateAt } from '../storm/rain.ts';
import type { StormTrack } from '../storm/track.ts';
import { windAt } from '../storm/wind.ts';
import { cstHour, HOUR, MINUTE } from '../time.ts';
import type { StationGlitch, StationOutage } from './sensor-faults.ts';

export const WEATHER_INTERVAL = 5 * MINUTE;
const TOPIC = TOPICS.weatherObservations;

/** Planted station problems: a silent window, a late batch, a broken anemometer. */
export interface StationFault {
  kind: 'silent' | 'late_batch' | 'no_wind';
  station: string;
  from: number;
  to: number;
}

export class WeatherStream {
  readonly #stations: StationRecord[];
  readonly #exposed: boolean[];
  readonly #texture: Float64Array;
  readonly #track: StormTrack;
  readonly #rng: Rng;
  readonly #faults: StationFault[];
  /** Rain fallen per station, mm (for the truth). */
  readonly rainTotal: Float64Array;
  /** Highest 2-minute wind seen per station, m/s (for the truth). */
  readonly windMax: Float64Array;

  readonly #glitches: ReadonlyMap<string, StationGlitch>;
  readonly #outages: readonly StationOutage[];
  /** A stuck anemometer's values, from its first observation in the fault. */
  readonly #stuck = new Map<
    string,
    Pick<WeatherObservation, 'wind_speed_ms' | 'wind_gust_ms' | 'wind_dir_deg'>
  >();
  /** Glitch observations sent: station, time, field, the value sent and the true one (for the truth). */
  readonly glitchesSent: { station: string; t: number; field: string; value: number; true_value: number }[] =
    [];

  /**
   * `glitches`, `outages`: planted station faults of sensor-faults.ts, none by default. They are
   * applied after every draw of the random stream, so they change no other value.
   */
  constructor(
    city: City,
    track: StormTrack,
    faults: StationFault[],
    rng: Rng,
    glitches: readonly StationGlitch[] = [],
    outages: readonly StationOutage[] = [],
  ) {
    this.#glitches = new Map(glitches.map((g) => [g.station, g]));
    this.#outages = outages;
    this.#stations = city.stations;
    this.#exposed = city.stations.map(
      (s) => city.districts.find((d) => d.code === s.district)?.coastal ?? false,
    );
    this.#texture = new Float64Array(city.stations.length).fill(1);
    this.rainTotal = new Float64Array(city.stations.length);
    this.windMax = new Float64Array(city.stations.length);
    this.#track = track;
    this.#faults = faults;
    this.#rng = rng;
  }

  tick(t: number, feed: Feed): void {
    const storm = this.#track.at(t);
    const rng = this.#rng;
    const hour = cstHour(t);
    const ts = isoCstSeconds(t);
    this.#stations.forEach((station, s) => {
      const wind = windAt(storm, this.#track.ambientHpa, station.lon, station.lat, this.#exposed[s] === true);
      // Rain cells come and go: an AR(1) log-normal texture per station.
      const tex = (this.#texture[s] as number) ** 0.9 * Math.exp(0.25 * rng.normal());
      this.#texture[s] = tex;
      const rainRate = rainRateAt(storm, this.#track.ambientHpa, wind) * tex;
      const rain = Math.round(rainRate * (WEATHER_INTERVAL / HOUR) * 10) / 10;
      const background = 2 + 1.5 * Math.sin(((hour - 9) / 24) * 2 * Math.PI) + 0.6 * rng.normal();
      const speed = Math.max(
        0.1,
        Math.hypot(wind.speedMs, Math.max(0, background)) * (1 + 0.07 * rng.normal()),
      );
      const gust = speed * (1.3 + 0.25 * rng.next()) + 0.5;
      const pressure =
        wind.pressureHpa + 0.8 * Math.cos(((hour - 10) / 12) * 2 * Math.PI) + 0.15 * rng.normal();
      const temp =
        28 +
        3 * Math.cos(((hour - 14) / 24) * 2 * Math.PI) -
        Math.min(4.5, 0.25 * rainRate) +
        0.3 * rng.normal();
      this.rainTotal[s] = (this.rainTotal[s] as number) + rain;
      this.windMax[s] = Math.max(this.windMax[s] as number, speed);
      const obs: WeatherObservation = {
        station_id: station.station_id,
        ts,
        period_s: 300,
        wind_speed_ms: round1(speed),
        wind_gust_ms: round1(gust),
        wind_dir_deg: Math.round((((wind.fromDeg + 12 * rng.normal()) % 360) + 360) % 360),
        rain_mm: rain,
        pressure_hpa: round1(pressure),
        temp_c: round1(temp),
      };
      let arrival = t + 1000 + rng.next() * 19_000;
      // After the last draw: a planted fault changes no other value of the stream.
      if (this.#planted(obs, t)) return;
      for (const f of this.#faults) {
        if (f.station !== station.station_id || !(t > f.from && t <= f.to)) continue;
        if (f.kind === 'silent') return;
        if (f.kind === 'late_batch') arrival = f.to + 2 * MINUTE + (t - f.from) / 1000;
        if (f.kind === 'no_wind') {
          delete obs.wind_speed_ms;
          delete obs.wind_gust_ms;
          delete obs.wind_dir_deg;
        }
      }
      feed.send(TOPIC, station.station_id, JSON.stringify(obs), arrival);
    });
  }

  /** Applies the planted outages and glitches to `obs`; true when the station sends nothing. */
  #planted(obs: WeatherObservation, t: number): boolean {
    const id = obs.station_id;
    for (const o of this.#outages) {
      if (o.station !== id || !(t > o.from && t <= o.to)) continue;
      if (o.kind === 'silent') return true;
      const stuck = this.#stuck.get(id) ?? {
        wind_speed_ms: obs.wind_speed_ms,
        wind_gust_ms: obs.wind_gust_ms,
        wind_dir_deg: obs.wind_dir_deg,
      };
      this.#stuck.set(id, stuck);
      Object.assign(obs, stuck);
    }
    const glitch = this.#glitches.get(id);
    if (glitch === undefined || !glitch.at.includes(t)) return false;
    const field =
      glitch.kind === 'mean_jump'
        ? 'wind_speed_ms'
        : glitch.kind === 'rain_spike'
          ? 'rain_mm'
          : 'wind_gust_ms';
    const real = obs[field] ?? 0;
    const value = glitch.kind === 'gust_99' ? glitch.value : round1(real + glitch.value);
    obs[field] = value;
    this.glitchesSent.push({ station: id, t, field, value, true_value: real });
    return false;
  }
}

const round1 = (v: number): number => Math.round(v * 10) / 10;

/** Three planted station problems during the main window. */
export function plantStationFaults(city: City, start: number, end: number, rng: Rng): StationFault[] {
  const span = end - start;
  const pick = () => rng.pick(city.stations).station_id;
  const at = (f: number) => start + Math.floor((span * f) / WEATHER_INTERVAL) * WEATHER_INTERVAL;
  return [
    { kind: 'silent', station: pick(), from: at(rng.range(0.2, 0.6)), to: 0 },
    { kind: 'late_batch', station: pick(), from: at(rng.range(0.2, 0.6)), to: 0 },
    { kind: 'no_wind', station: pick(), from: at(rng.range(0.1, 0.5)), to: 0 },
  ].map((f) => ({ ...f, to: f.from + Math.round(rng.range(2, 6)) * HOUR }) as StationFault);
}

/**
 * River, tide, canal and underpass gauges. Levels integrate the physics step by step:
 *   tidal gauges: mean + tide (M2+S2, lagged up the river) + surge + rain runoff
 *   surge: inverse barometer (1 cm per hPa) + wind set-up ∝ V² for onshore winds, relaxing
 *          towards its target over ~1.5 h
 *   canals: pre-drawn-down before the storm (预降水位), then filled by runoff
 *   underpasses: water depth, rain inflow beyond the pumps' capacity, pumped out afterwards.
 */
import { TOPICS } from '@onegrid/contracts';
import type { City } from '../city/city.ts';
import type { GaugeRecord } from '../city/reference-data.ts';
import type { Feed } from '../feed/feed.ts';
import type { Rng } from '../rng.ts';
import { rainRateAt } from '../storm/rain.ts';
import type { Tide } from '../storm/tide.ts';
import type { StormTrack } from '../storm/track.ts';
import { windAt } from '../storm/wind.ts';
import { HOUR, isoCst, MINUTE, SECOND } from '../time.ts';
import type { LevelSpellTruth } from '../truth/truth.ts';
import type { GaugeFaultInjector } from './sensor-faults.ts';

const TOPIC = TOPICS.waterLevels;
const SURGE_TAU_H = 1.5;
const SETUP_M_PER_MS2 = 0.0021;

export interface GaugeTruth {
  gauge_id: string;
  maxLevel: number;
  maxAt: number;
  firstWarning: number | null;
  firstGuarantee: number | null;
}

export class WaterLevelStream {
  readonly #gauges: readonly GaugeRecord[];
  readonly #track: StormTrack;
  readonly #tide: Tide;
  readonly #rng: Rng;
  readonly #surge: Float64Array;
  readonly #runoff: Float64Array;
  readonly #next: Float64Array;
  /** Rain cells passing over each gauge: an AR(1) log-normal texture on the rain field. */
  readonly #texture: Float64Array;
  readonly truth: GaugeTruth[];
  readonly #faults: GaugeFaultInjector | undefined;
  /** Per gauge and threshold: the spell under way (from, first sent, since when below). */
  readonly #spells = new Map<string, { from: number; firstSent: number | null; below: number | null }>();
  readonly spells: LevelSpellTruth[] = [];

  constructor(
    city: City,
    track: StormTrack,
    tide: Tide,
    start: number,
    rng: Rng,
    faults?: GaugeFaultInjector,
  ) {
    this.#faults = faults;
    this.#gauges = city.gauges;
    this.#track = track;
    this.#tide = tide;
    this.#rng = rng;
    this.#surge = new Float64Array(city.gauges.length);
    this.#runoff = new Float64Array(city.gauges.length);
    this.#texture = new Float64Array(city.gauges.length).fill(1);
    this.#next = new Float64Array(
      city.gauges.map((g) => Math.ceil(start / (g.model.cadence_s * SECOND)) * g.model.cadence_s * SECOND),
    );
    this.truth = city.gauges.map((g) => ({
      gauge_id: g.gauge_id,
      maxLevel: Number.NEGATIVE_INFINITY,
      maxAt: 0,
      firstWarning: null,
      firstGuarantee: null,
    }));
  }

  /** Every reading with `from ≤ ts < to`. */
  advance(from: number, to: number, feed: Feed): void {
    this.#gauges.forEach((g, i) => {
      const step = g.model.cadence_s * SECOND;
      for (let t = this.#next[i] as number; t < to; t += step) {
        if (t >= from) this.#read(g, i, t, step / HOUR, feed);
        this.#next[i] = t + step;
      }
    });
  }

  #read(g: GaugeRecord, i: number, t: number, dtH: number, feed: Feed): void {
    const m = g.model;
    const storm = this.#track.at(t);
    const wind = windAt(storm, this.#track.ambientHpa, g.lon, g.lat, true);
    const tex =
      (this.#texture[i] as number) ** (1 - 0.03 * dtH * 60) *
      Math.exp(0.08 * Math.sqrt(dtH * 60) * this.#rng.normal());
    this.#texture[i] = tex;
    const rain = rainRateAt(storm, this.#track.ambientHpa, wind) * tex;
    let level: number;
    if (g.kind === 'underpass') {
      const inflow = (m.rain * rain - (m.pump_mm_h ?? 30)) * 0.012;
      const depth = Math.max(0, (this.#runoff[i] as number) + inflow * dtH);
      this.#runoff[i] = depth;
      level = depth > 0.004 ? depth + 0.004 * this.#rng.normal() : 0;
    } else {
      const onshore = 0.3 + 0.7 * Math.max(0, Math.cos(((wind.fromDeg - 100) * Math.PI) / 180));
      const target =
        m.surge *
        ((this.#track.ambientHpa + 5 - wind.pressureHpa) / 100 +
          SETUP_M_PER_MS2 * wind.speedMs ** 2 * onshore);
      const surge =
        (this.#surge[i] as number) + (target - (this.#surge[i] as number)) * Math.min(1, dtH / SURGE_TAU_H);
      this.#surge[i] = surge;
      const tau = g.kind === 'canal' ? 20 : 12;
      const runoff = (this.#runoff[i] as number) * (1 - dtH / tau) + m.rain * rain * dtH;
      this.#runoff[i] = runoff;
      const drawdown = g.kind === 'canal' ? 0.3 * predrawn(t, this.#track.landfall) : 0;
      const noise = (g.kind === 'canal' ? 0.005 : 0.01) * this.#rng.normal();
      level = m.mean_m + m.tide * this.#tide.at(t, m.lag_h) + surge + runoff - drawdown + noise;
    }
    const value = Math.max(0, Math.round(level * 100) / 100);
    this.#record(g, i, t, value);
    const arrival = t + 1000 + this.#rng.next() * 14_000;
    let sent: number | undefined = value;
    if (this.#faults !== undefined) {
      sent = this.#faults.apply(g.gauge_id, t, value);
      this.#spell(g, t, value, sent === value);
      if (sent === undefined) return;
    }
    feed.send(
      TOPIC,
      g.gauge_id,
      `{"gauge_id":"${g.gauge_id}","ts":"${isoCst(t)}","level_m":${sent}}`,
      arrival,
    );
  }

  /** Spells above each threshold by the real water, ended as the model ends its alerts. */
  #spell(g: GaugeRecord, t: number, value: number, sentAsIs: boolean): void {
    const span = g.guarantee_level_m - g.warning_level_m;
    const hysteresis = Math.max(0.01, 0.1 * span);
    for (const [which, threshold] of [
      ['warning', g.warning_level_m],
      ['guarantee', g.guarantee_level_m],
    ] as const) {
      const key = `${g.gauge_id}|${which}`;
      const spell = this.#spells.get(key);
      if (spell === undefined) {
        if (value >= threshold)
          this.#spells.set(key, { from: t, firstSent: sentAsIs ? t : null, below: null });
        continue;
      }
      if (value >= threshold && sentAsIs) spell.firstSent ??= t;
      if (value >= threshold - hysteresis) {
        spell.below = null;
        continue;
      }
      spell.below ??= t;
      if (t - spell.below < 30 * MINUTE) continue;
      this.#spells.delete(key);
      this.spells.push(this.#spellTruth(g.gauge_id, which, spell, spell.below));
    }
  }

  #spellTruth(
    gauge: string,
    threshold: 'warning' | 'guarantee',
    s: { from: number; firstSent: number | null },
    to: number | null,
  ): LevelSpellTruth {
    return {
      type: 'level_spell',
      gauge_id: gauge,
      threshold,
      from: isoCst(s.from),
      to: to === null ? null : isoCst(to),
      first_sent: s.firstSent === null ? null : isoCst(s.firstSent),
    };
  }

  /** Every spell (tracked with sensor faults on), those still under way at the end included (`to` null). */
  allSpells(): LevelSpellTruth[] {
    const open = [...this.#spells].map(([key, s]) => {
      const [gauge, which] = key.split('|') as [string, 'warning' | 'guarantee'];
      return this.#spellTruth(gauge, which, s, null);
    });
    return [...this.spells, ...open];
  }

  #record(g: GaugeRecord, i: number, t: number, value: number): void {
    const truth = this.truth[i] as GaugeTruth;
    if (value > truth.maxLevel) {
      truth.maxLevel = value;
      truth.maxAt = t;
    }
    if (truth.firstWarning === null && value >= g.warning_level_m) truth.firstWarning = t;
    if (truth.firstGuarantee === null && value >= g.guarantee_level_m) truth.firstGuarantee = t;
  }
}

/** 0..1: how far canals have been drawn down ahead of the storm (from 30 h before landfall to a day after). */
function predrawn(t: number, landfall: number): number {
  const h = (t - landfall) / HOUR;
  if (h < -30 || h > 36) return 0;
  if (h < -18) return (h + 30) / 12;
  if (h > 24) return (36 - h) / 12;
  return 1;
}

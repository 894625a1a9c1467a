/**
 * Smart water and electricity meters: one cumulative reading per meter every 15 minutes, ts on
 * the quarter hour, arriving seconds to a minute and a half later. Usage follows each
 * household's rhythm with noise; the planted truth (truth/plan.ts) overrides it where it says.
 * This loop runs ~200k times per quarter hour at the demo size, so it works on typed arrays and
 * builds each message as one template string from a prefix made once per meter.
 */
import { isoCstSeconds, TOPICS } from '@onegrid/contracts';
import type { City } from '../city/city.ts';
import { householdId, powerMeterId, waterMeterId } from '../city/households.ts';
import type { Feed } from '../feed/feed.ts';
import type { Rng } from '../rng.ts';
import { cstHour, cstWeekday, MINUTE } from '../time.ts';
import type { MeterPlan, Plan } from '../truth/plan.ts';
import { DayJitter } from './day-jitter.ts';
import { POWER_SHAPE, QUARTERS_PER_DAY, rhythmOf, WATER_SHAPE } from './usage-profile.ts';

export const METER_INTERVAL = 15 * MINUTE;
const TOPIC = TOPICS.meterReadings;

export class MeterStream {
  readonly #city: City;
  readonly #plan: Plan;
  readonly #rng: Rng;
  readonly #register: Float64Array;
  readonly #replaced: Uint8Array;
  readonly #district: Uint8Array;
  readonly #prefix: string[];
  readonly #keys: string[];
  readonly #householdPlanned: Uint8Array;
  readonly #meterPlanned: Uint8Array;
  readonly #jitter: DayJitter;

  constructor(city: City, plan: Plan, rng: Rng, jitterRng: Rng) {
    const n = city.households.count;
    this.#jitter = new DayJitter(city.households, jitterRng);
    this.#city = city;
    this.#plan = plan;
    this.#rng = rng;
    this.#register = new Float64Array(2 * n);
    this.#replaced = new Uint8Array(2 * n);
    this.#district = new Uint8Array(n);
    this.#prefix = new Array<string>(2 * n);
    this.#keys = new Array<string>(2 * n);
    this.#householdPlanned = new Uint8Array(n);
    this.#meterPlanned = new Uint8Array(2 * n);
    for (let i = 0; i < n; i++) {
      const grid = city.grids[city.households.grid[i] as number];
      this.#district[i] = grid?.community.street.district.index ?? 0;
      const hh = householdId(i);
      const wm = waterMeterId(i);
      const em = powerMeterId(i);
      this.#keys[2 * i] = wm;
      this.#keys[2 * i + 1] = em;
      this.#prefix[2 * i] = `{"meter_id":"${wm}","household_id":"${hh}","kind":"water","ts":"`;
      this.#prefix[2 * i + 1] = `{"meter_id":"${em}","household_id":"${hh}","kind":"electricity","ts":"`;
      this.#register[2 * i] = rng.range(50, 3000);
      this.#register[2 * i + 1] = rng.range(1000, 40000);
    }
    for (const h of plan.households.keys()) this.#householdPlanned[h] = 1;
    for (const m of plan.meters.keys()) this.#meterPlanned[m] = 1;
  }

  /** The readings taken at `t` (a quarter hour). `stayHome[d]`: district d is under a storm warning. */
  tick(t: number, stayHome: Uint8Array, feed: Feed): void {
    const hh = this.#city.households;
    const rng = this.#rng;
    // Use over the quarter ending at t.
    const quarter = Math.floor(cstHour(t - 1) * 4);
    const weekday = cstWeekday(t - 1);
    const weekend = weekday === 0 || weekday === 6;
    const ts = isoCstSeconds(t);
    const jitter = this.#jitter;
    jitter.at(t);
    for (let i = 0; i < hh.count; i++) {
      const rhythm = rhythmOf(hh.type[i] as number, weekend || stayHome[this.#district[i] as number] === 1);
      const q =
        rhythm * QUARTERS_PER_DAY +
        ((((quarter + (hh.phase[i] as number) - jitter.shift(i, t)) % QUARTERS_PER_DAY) + QUARTERS_PER_DAY) %
          QUARTERS_PER_DAY);
      let waterExpected = (hh.waterDaily[i] as number) * (WATER_SHAPE[q] as number);
      let powerExpected = (hh.powerDaily[i] as number) * (POWER_SHAPE[q] as number);
      let extraWater = 0;
      if (this.#householdPlanned[i] === 1) {
        const p = this.#plan.households.get(i);
        if (p && t > p.from && t <= p.to) {
          if (p.kind === 'low_usage') {
            waterExpected *= p.amount;
            powerExpected *= p.amount;
          } else if (p.kind === 'water_running') {
            extraWater = p.amount * 0.25 * (0.9 + 0.2 * rng.next());
          } else {
            // incident or travel: nobody draws water or switches anything on; the fridge hums on.
            waterExpected = 0;
            powerExpected = 0;
          }
        }
      }
      let water = extraWater;
      if (waterExpected > 0) {
        // Water comes in bursts: many quarters see none, the rest a random amount.
        const p0 = Math.exp(-waterExpected * 60);
        if (rng.next() >= p0) water += (waterExpected / (1 - p0)) * rng.exp();
      }
      const power =
        (hh.baseLoadKw[i] as number) * 0.25 * (0.9 + 0.2 * rng.next()) +
        powerExpected * (0.4 + 1.2 * rng.next());
      this.#reading(2 * i, t, ts, water, 1000, ',"unit":"m3"}', feed);
      this.#reading(2 * i + 1, t, ts, power, 100, ',"unit":"kWh"}', feed);
    }
  }

  #reading(m: number, t: number, ts: string, use: number, scale: number, tail: string, feed: Feed): void {
    let arrival = t + 2000 + this.#rng.next() * 88_000;
    let stamp = ts;
    if (this.#meterPlanned[m] === 1) {
      for (const p of this.#plan.meters.get(m) as MeterPlan[]) {
        const active = t > p.from && t <= p.to;
        if (p.kind === 'power_cut' && active) return; // no supply: nothing used, nothing sent
        if (p.kind === 'silent' && active) {
          this.#register[m] = (this.#register[m] as number) + use;
          return;
        }
        if (p.kind === 'replacement') {
          if (active) return; // being swapped
          if (t > p.to && this.#replaced[m] === 0) {
            this.#replaced[m] = 1;
            this.#register[m] = use;
            const reading = Math.round(use * scale) / scale;
            feed.send(
              TOPIC,
              this.#keys[m] as string,
              `${this.#prefix[m]}${ts}","reading":${reading},"unit":"${unitOf(tail)}","reset":true}`,
              arrival,
            );
            return;
          }
        }
        // Store-and-forward: readings of the window wait in the device and arrive together.
        if (p.kind === 'late_batch' && active) arrival = p.to + MINUTE + (t - p.from) / 1000;
        if (p.kind === 'clock_skew') stamp = isoCstSeconds(t + p.skewMs);
      }
    }
    const r = (this.#register[m] as number) + use;
    this.#register[m] = r;
    const reading = Math.round(r * scale) / scale;
    feed.send(
      TOPIC,
      this.#keys[m] as string,
      `${this.#prefix[m]}${stamp}","reading":${reading}${tail}`,
      arrival,
    );
  }
}

const unitOf = (tail: string): string => (tail.includes('kWh') ? 'kWh' : 'm3');

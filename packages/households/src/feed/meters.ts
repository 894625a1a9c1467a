/**
 * Smart meters: one cumulative reading per meter per quarter hour, stamped on the quarter and
 * arriving 2-90 s later, with the feed's faults. The registers count what the household used
 * (including while a meter is silent); readings truncate to the register step (1 L or 10 L of
 * water, 0.01 kWh). Planted meter faults act on readings stamped in (from, to].
 */
import { isoCstSeconds, TOPICS } from '@onegrid/contracts';
import type { GeneratorConfig } from '../config.ts';
import type { HouseholdSpec } from '../model/household.ts';
import type { MeterFault } from '../model/plan.ts';
import type { Fault, StreamRecord } from '../record.ts';
import type { Rng } from '../rng.ts';
import { MINUTE, SECOND } from '../time.ts';
import { malformed, outOfRange, unknownId, wrongType } from './corrupt.ts';

const TOPIC = TOPICS.meterReadings;

/** What the feed needs of a household: its ids, register step and registers at the start. */
export type FeedHousehold = Pick<
  HouseholdSpec,
  'index' | 'id' | 'waterMeter' | 'powerMeter' | 'waterStepL' | 'waterL0' | 'powerWh0'
>;

export class MeterFeed {
  readonly #households: FeedHousehold[];
  readonly #faults: Map<number, MeterFault[]>;
  readonly #rates: GeneratorConfig['faults'];
  readonly #rng: Rng;
  readonly #register: Float64Array;
  readonly #replaced: Uint8Array;
  readonly #prefix: string[];
  readonly byFault: Record<Fault, number> = {
    duplicate: 0,
    malformed: 0,
    wrong_type: 0,
    out_of_range: 0,
    unknown_id: 0,
  };
  valid = 0;
  outOfOrder = 0;
  lateBatched = 0;

  constructor(
    households: FeedHousehold[],
    faults: Map<number, MeterFault[]>,
    rates: GeneratorConfig['faults'],
    rng: Rng,
  ) {
    this.#households = households;
    this.#faults = faults;
    this.#rates = rates;
    this.#rng = rng;
    this.#register = new Float64Array(2 * households.length);
    this.#replaced = new Uint8Array(2 * households.length);
    this.#prefix = [];
    for (const hh of households) {
      this.#register[2 * hh.index] = hh.waterL0;
      this.#register[2 * hh.index + 1] = hh.powerWh0;
      this.#prefix.push(
        `{"meter_id":"${hh.waterMeter}","household_id":"${hh.id}","kind":"water","ts":"`,
        `{"meter_id":"${hh.powerMeter}","household_id":"${hh.id}","kind":"electricity","ts":"`,
      );
    }
  }

  /** The readings of household `h` stamped `t`: `litres` and `wattHours` used in (t − 15 min, t]. */
  read(
    h: number,
    t: number,
    ts: string,
    litres: number,
    wattHours: number,
    out: (r: StreamRecord) => void,
  ): void {
    const hh = this.#households[h] as FeedHousehold;
    this.#meter(2 * h, t, ts, litres, out, (r) =>
      hh.waterStepL === 10 ? Math.floor(r / 10) / 100 : Math.floor(r) / 1000,
    );
    this.#meter(2 * h + 1, t, ts, wattHours, out, (r) => Math.floor(r / 10) / 100);
  }

  #meter(
    m: number,
    t: number,
    ts: string,
    use: number,
    out: (r: StreamRecord) => void,
    reading: (register: number) => number,
  ): void {
    const rng = this.#rng;
    let arrival = t + 2 * SECOND + Math.floor(rng.next() * 88 * SECOND);
    let stamp = ts;
    let reset = false;
    let late = false;
    for (const f of this.#faults.get(m) ?? []) {
      const active = t > f.from && t <= f.to;
      if (f.kind === 'silent' && active) {
        this.#register[m] = (this.#register[m] as number) + use;
        return;
      }
      if (f.kind === 'replacement') {
        if (active) return; // being swapped: what flows now is on neither register
        if (t > f.to && this.#replaced[m] === 0) {
          this.#replaced[m] = 1;
          this.#register[m] = 0;
          reset = true;
        }
      }
      if (f.kind === 'late_batch' && active) {
        arrival = f.to + MINUTE + Math.floor((t - f.from) / 1000);
        late = true;
      }
      if (f.kind === 'clock_skew') stamp = isoCstSeconds(t + f.skewMs);
    }
    const register = (this.#register[m] as number) + use;
    this.#register[m] = register;
    const unit = m % 2 === 0 ? 'm3' : 'kWh';
    const value = `${this.#prefix[m]}${stamp}","reading":${reading(register)},"unit":"${unit}"${reset ? ',"reset":true' : ''}}`;
    const key = m % 2 === 0 ? this.#households[m >> 1]?.waterMeter : this.#households[m >> 1]?.powerMeter;
    if (late) this.lateBatched++;
    else if (rng.chance(this.#rates.outOfOrder)) {
      arrival += Math.floor(rng.range(2, 30) * MINUTE);
      this.outOfOrder++;
    }
    const emit = (v: string | Uint8Array, at: number, fault: Fault | null, k = key as string) => {
      out({ topic: TOPIC, key: k, value: v, arrivalTime: at, fault });
      if (fault) this.byFault[fault]++;
    };
    emit(value, arrival, null);
    this.valid++;
    const r = this.#rates;
    if (rng.chance(r.duplicate)) emit(value, arrival + Math.floor(rng.range(1, 10) * MINUTE), 'duplicate');
    if (rng.chance(r.malformed)) emit(malformed(rng, value), arrival + rng.int(5000), 'malformed');
    if (rng.chance(r.wrongType)) emit(wrongType(value), arrival + rng.int(5000), 'wrong_type');
    if (rng.chance(r.outOfRange)) emit(outOfRange(value), arrival + rng.int(5000), 'out_of_range');
    if (rng.chance(r.unknownId)) {
      const copy = unknownId(rng, value);
      emit(copy.value, arrival + rng.int(5000), 'unknown_id', copy.key);
    }
  }
}

/**
 * The last hop before the broker: every generated message passes here, and a small share
 * is duplicated, delayed past later messages, or accompanied by an invalid copy, at the rates
 * configured. One uniform draw decides for the common case, so the fast path stays fast.
 */
import type { Topic } from '@onegrid/contracts';
import type { Fault, StreamRecord } from '../record.ts';
import type { Rng } from '../rng.ts';
import { MINUTE } from '../time.ts';
import type { ArrivalQueue } from './arrival-queue.ts';
import { corrupt } from './corrupt.ts';

export interface PathologyRates {
  /** Same bytes again, 1-10 minutes later. */
  duplicate: number;
  /** Held back 2-30 minutes, so later messages of the same key overtake it. */
  outOfOrder: number;
  malformed: number;
  wrongType: number;
  outOfRange: number;
  unknownId: number;
}

export class Feed {
  readonly #queue: ArrivalQueue;
  readonly #rng: Rng;
  readonly #end: number;
  readonly #thresholds: number[];
  readonly #total: number;
  readonly #silent: ((key: string, arrival: number) => boolean) | undefined;

  /** `silent`: messages it names are never sent (a planted outage: the device or feed is down). */
  constructor(
    queue: ArrivalQueue,
    rates: PathologyRates,
    rng: Rng,
    end: number,
    silent?: (key: string, arrival: number) => boolean,
  ) {
    this.#queue = queue;
    this.#silent = silent;
    this.#rng = rng;
    this.#end = end;
    const order = [
      rates.duplicate,
      rates.outOfOrder,
      rates.malformed,
      rates.wrongType,
      rates.outOfRange,
      rates.unknownId,
    ];
    let acc = 0;
    this.#thresholds = order.map((r) => {
      acc += r;
      return acc;
    });
    this.#total = acc;
  }

  /**
   * Sends a valid message that reaches the broker at `arrival` (epoch ms), plus what goes wrong.
   * Returns whether the valid original made it into the stream (it does unless it would arrive
   * after the scenario's end), so generators can count their truth by what was delivered.
   */
  send(topic: Topic, key: string, value: string, arrival: number): boolean {
    if (this.#silent?.(key, arrival) === true) return false;
    const u = this.#rng.next();
    if (u >= this.#total) return this.#push(topic, key, value, arrival, null);
    const t = this.#thresholds;
    if (u < (t[0] as number)) {
      const sent = this.#push(topic, key, value, arrival, null);
      this.#push(topic, key, value, arrival + this.#rng.range(1, 10) * MINUTE, 'duplicate');
      return sent;
    }
    if (u < (t[1] as number))
      return this.#push(topic, key, value, arrival + this.#rng.range(2, 30) * MINUTE, null);
    const fault: Fault =
      u < (t[2] as number)
        ? 'malformed'
        : u < (t[3] as number)
          ? 'wrong_type'
          : u < (t[4] as number)
            ? 'out_of_range'
            : 'unknown_id';
    const sent = this.#push(topic, key, value, arrival, null);
    const bad = corrupt(topic, key, value, fault, this.#rng);
    this.#push(topic, bad.key, bad.value, arrival + this.#rng.range(0, 2) * MINUTE, fault);
    return sent;
  }

  #push(
    topic: Topic,
    key: string,
    value: string | Uint8Array,
    arrival: number,
    fault: Fault | null,
  ): boolean {
    const arrivalTime = Math.floor(arrival);
    if (arrivalTime >= this.#end) return false;
    this.#queue.push({ topic, key, value, arrivalTime, fault } satisfies StreamRecord);
    return true;
  }
}

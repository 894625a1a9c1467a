import type { RawMessage } from '@onegrid/kafka';
import type { Rejection } from './codec.ts';
import { HeldMessages, type HoldPolicy } from './core/held-messages.ts';
import type { SourceRecord } from './core/operator.ts';
import { type DeadLetter, deadLetter } from './kafka/dead-letters.ts';
import type { StreamMetrics } from './metrics.ts';

/** A processor's hold: its bounds, and which refusals time may cure. */
export interface HoldSpec extends HoldPolicy {
  /** Whether a refusal may be cured by time (an id its reference data does not hold yet): held, not dead-lettered at once. */
  curable(error: Rejection): boolean;
}

interface Held<E> {
  readonly message: RawMessage;
  readonly event: E;
  /** Why `check` refused it when last asked; undefined for a message queued behind its key. */
  error: Rejection | undefined;
}

/**
 * The runtime's side of holding: which messages to hold, and at each sweep which to release
 * (the check passes now) or dead-letter (held past the grace period or pushed out by the
 * bounds), with the reason saying so. Processing time, not event time, measures the grace: a
 * registry's lag is wall-clock time, while event time races ahead in a replay and stands still
 * while a feed is silent. The commit never passes a held message (`oldestOffset`), so a crash
 * while holding replays it.
 */
export class Holding<E> {
  readonly #spec: HoldSpec;
  readonly #held: HeldMessages<Held<E>>;
  readonly #check: (event: E) => Rejection | undefined;
  readonly #topic: string;
  readonly #metrics: StreamMetrics;
  readonly #labels: { processor: string };

  constructor(
    def: { name: string; topic: string; hold: HoldSpec; check: (event: E) => Rejection | undefined },
    metrics: StreamMetrics,
  ) {
    this.#spec = def.hold;
    this.#held = new HeldMessages(def.hold);
    this.#check = def.check;
    this.#topic = def.topic;
    this.#metrics = metrics;
    this.#labels = { processor: def.name };
  }

  /** Whether a decoded message must be held: refused for a curable reason, or its key has one held. */
  holds(partition: number, message: RawMessage, error: Rejection | undefined): boolean {
    if (error !== undefined) return this.#spec.curable(error);
    // The hot path: most partitions hold nothing, and then the key need not be decoded.
    return this.#held.oldestOffset(partition) !== undefined && this.#held.holdsKey(partition, keyOf(message));
  }

  add(partition: number, message: RawMessage, event: E, error: Rejection | undefined, now: number): void {
    this.#held.add(partition, message.offset, keyOf(message), now, { message, event, error });
    this.#metrics.holds.inc({ ...this.#labels, outcome: 'held' });
    this.#metrics.held.set(this.#labels, this.#held.size);
  }

  /** Whether a sweep at `now` would dead-letter something: refresh the reference data first. */
  expiring(partition: number, now: number): boolean {
    return this.#held.anyExpired(partition, now);
  }

  get size(): number {
    return this.#held.size;
  }

  partitions(): number[] {
    return this.#held.partitions();
  }

  oldestOffset(partition: number): number | undefined {
    return this.#held.oldestOffset(partition);
  }

  revoke(partition: number): void {
    this.#held.revoke(partition);
    this.#metrics.held.set(this.#labels, this.#held.size);
  }

  /** Checks `partition`'s held messages again: what passes is released in offset order, what expired is dead-lettered. */
  sweep(
    partition: number,
    now: number,
    eventTime: (event: E) => number,
  ): { released: SourceRecord<E>[]; letters: DeadLetter[] } {
    const { released, deadLettered } = this.#held.sweep(partition, (entry) => {
      // A message queued behind its key was valid when it came: only a refusal now holds it.
      const error = entry.item.error === undefined ? undefined : this.#check(entry.item.event);
      entry.item.error = error;
      if (error === undefined) return 'release';
      if (!this.#spec.curable(error)) return 'dead-letter';
      return this.#held.expired(entry, now) ? 'dead-letter' : 'stay';
    });
    const letters = deadLettered.map((entry): DeadLetter => {
      const error = entry.item.error as Rejection;
      const why = entry.evicted
        ? `dead-lettered early: the hold bound (${this.#spec.maxPerKey} per key, ${this.#spec.maxHeld} in all) was reached`
        : `held ${Math.round((now - entry.heldAt) / 1000)} s, the grace period, without the reference data catching up`;
      return deadLetter(entry.item.message, this.#topic, partition, {
        ...error,
        reason: `${error.reason} (${why})`,
      });
    });
    if (released.length > 0)
      this.#metrics.holds.inc({ ...this.#labels, outcome: 'released' }, released.length);
    if (letters.length > 0)
      this.#metrics.holds.inc({ ...this.#labels, outcome: 'dead_lettered' }, letters.length);
    this.#metrics.held.set(this.#labels, this.#held.size);
    return {
      released: released.map((entry) => ({
        event: entry.item.event,
        eventTime: eventTime(entry.item.event),
        partition,
        offset: entry.offset,
      })),
      letters,
    };
  }
}

const keyOf = (message: RawMessage): string => message.key?.toString('utf8') ?? '';

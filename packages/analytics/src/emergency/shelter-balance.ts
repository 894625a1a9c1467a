/** One check-in (+) or check-out (−) at a shelter. */
export interface Movement {
  readonly t: number;
  readonly eventId: string;
  readonly delta: number;
}

/** Event-time order; at the same instant people arrive before they leave, then by event id. */
const compare = (a: Movement, b: Movement): number =>
  a.t - b.t ||
  Math.sign(b.delta) - Math.sign(a.delta) ||
  (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);

/**
 * People in one shelter, walked in event-time order: a check-out never takes the count below
 * zero (it is clamped, and counted as an anomaly). Because the walk follows event time, not
 * arrival, the result does not depend on the order the messages came in.
 */
export class ShelterBalance {
  readonly #moves: Movement[] = [];
  checkedIn = 0;
  checkedOut = 0;
  occupancy = 0;
  /** Check-outs that found fewer people than they named, and the people missing. */
  clampedCheckOuts = 0;
  clampedPeople = 0;

  add(move: Movement): void {
    if (move.delta > 0) this.checkedIn += move.delta;
    else this.checkedOut -= move.delta;
    const last = this.#moves.at(-1);
    this.#moves.push(move);
    if (last === undefined || compare(last, move) <= 0) {
      this.#step(move);
      return;
    }
    // An event earlier than the last one: walk again in event-time order.
    this.#moves.sort(compare);
    this.occupancy = this.clampedCheckOuts = this.clampedPeople = 0;
    for (const m of this.#moves) this.#step(m);
  }

  #step(m: Movement): void {
    const next = this.occupancy + m.delta;
    if (next < 0) {
      this.clampedCheckOuts++;
      this.clampedPeople -= next;
    }
    this.occupancy = Math.max(0, next);
  }
}

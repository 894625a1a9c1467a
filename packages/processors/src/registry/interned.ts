/**
 * One copy of each value many registry records repeat (district, street, community, grid, grid
 * worker, tag lists): every pod holds the whole city's household registry, and a decoded record
 * carries its own copy of each string. At 1M simulator households this held 287 B a household,
 * 181 B interned (processors bench `registry-heap.ts`, docs/measurements.md).
 *
 * Bounded: past `limit` distinct values (and as many lists) a value is kept as given (a feed sending a new street per
 * record must not grow this table past the records themselves). Values are never evicted: a
 * city's divisions and workers change rarely, and an evicted value would only cost its copies.
 */
export class Interned {
  readonly #values = new Map<string, string>();
  readonly #lists = new Map<string, readonly string[]>();
  readonly #limit: number;

  constructor(limit = 200_000) {
    this.#limit = limit;
  }

  /** `value`, or the equal string already held. */
  value(value: string): string {
    const known = this.#values.get(value);
    if (known !== undefined) return known;
    if (this.#values.size < this.#limit) this.#values.set(value, value);
    return value;
  }

  /** A frozen list equal to `values`, shared by every record with the same list. */
  list(values: readonly string[]): readonly string[] {
    // JSON of the list: unambiguous whatever the labels hold (a joined key would let
    // ['a,b'] and ['a', 'b'] meet).
    const key = JSON.stringify(values);
    const known = this.#lists.get(key);
    if (known !== undefined) return known;
    const list = Object.freeze(values.map((value) => this.value(value)));
    if (this.#lists.size < this.#limit) this.#lists.set(key, list);
    return list;
  }

  /** Distinct values and lists held. */
  get size(): number {
    return this.#values.size + this.#lists.size;
  }
}

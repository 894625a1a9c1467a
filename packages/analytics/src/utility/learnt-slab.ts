/**
 * The learnt statistics of a chunk's rings (rhythm.ts, water-profile.ts, water-spells.ts) in one typed array per
 * kind (issue 17): a household's rhythm is a record of that array, not two Float64Arrays of its
 * own (each ~200 B of header and buffer besides its values).
 *
 * A ring has one record per kind, held by its newest learnt statistics. When they are learnt
 * again, the record is rewritten and the previous holder is first given a copy of its values
 * (`detach`): whoever still holds it reads what it read before (a rule keeps only the newest, so
 * the copy is garbage at once). What is read back is always what was stored.
 */

/** What a record's holder does when a newer one takes its record. */
export interface RecordHolder {
  detach(): void;
}

export class LearntTable<A extends Float64Array | Uint16Array | Uint8Array> {
  readonly #rings: number;
  readonly #make: (length: number) => A;
  #values: A | undefined;
  #width = 0;
  #holders: (RecordHolder | undefined)[] = [];

  constructor(rings: number, make: (length: number) => A) {
    this.#rings = rings;
    this.#make = make;
  }

  /**
   * Ring `ring`'s record for `holder`, `width` values from index `ring × width` of the array
   * returned; its previous holder detached. Undefined when the table holds records of another
   * width (a detector's config fixes it: only tests mixing configs on one ring see this).
   */
  claim(ring: number, width: number, holder: RecordHolder): A | undefined {
    if (this.#values === undefined) {
      this.#values = this.#make(width * this.#rings);
      this.#width = width;
      this.#holders = new Array<RecordHolder | undefined>(this.#rings);
    }
    if (width !== this.#width) return undefined;
    this.#holders[ring]?.detach();
    this.#holders[ring] = holder;
    return this.#values;
  }

  /** Bytes of its array. */
  get bytes(): number {
    return this.#values?.byteLength ?? 0;
  }
}

/**
 * A chunk's tables: learnt rhythms (float64), water profiles (counts and hours, 16 bits) and dry
 * spells' longest by start hour (whole hours up to `awayHours`, at most 72: 8 bits).
 */
export class LearntChunk {
  readonly rhythms: LearntTable<Float64Array>;
  readonly profiles: LearntTable<Uint16Array>;
  readonly spells: LearntTable<Uint8Array>;

  constructor(rings: number) {
    this.rhythms = new LearntTable(rings, (n) => new Float64Array(n));
    this.profiles = new LearntTable(rings, (n) => new Uint16Array(n));
    this.spells = new LearntTable(rings, (n) => new Uint8Array(n));
  }

  /** Bytes of its arrays. */
  get bytes(): number {
    return this.rhythms.bytes + this.profiles.bytes + this.spells.bytes;
  }
}

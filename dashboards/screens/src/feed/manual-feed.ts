import type { FeedSocket, FeedTimers } from './client.ts';

/*
 * A hand-driven socket and clock for the client's unit tests. Not a stand-in for the server
 * in browser tests: those run the real one.
 */

export class ManualTimers implements FeedTimers {
  #now: number;
  #next = 1;
  readonly #due = new Map<number, { at: number; fn: () => void }>();
  #rand: number;

  constructor(start = 0, random = 0.5) {
    this.#now = start;
    this.#rand = random;
  }

  now(): number {
    return this.#now;
  }
  random(): number {
    return this.#rand;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#due.set(id, { at: this.#now + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.#due.delete(handle as number);
  }
  get pending(): number {
    return this.#due.size;
  }
  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      let first: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.#due)
        if (entry[1].at <= end && (first === undefined || entry[1].at < first[1].at)) first = entry;
      if (first === undefined) break;
      this.#due.delete(first[0]);
      this.#now = first[1].at;
      first[1].fn();
    }
    this.#now = end;
  }
}

export class ManualSocket implements FeedSocket {
  readyState = 0;
  readonly sent: unknown[] = [];
  closed = false;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.closed = true;
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(frame: unknown): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.({});
  }
}

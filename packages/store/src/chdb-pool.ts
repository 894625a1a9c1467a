import type { createClient } from '@clickhouse/client';
import { StoreError } from './errors.ts';

type Connection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;
type Call = 'query' | 'insert' | 'command' | 'exec';

/**
 * One client connection over several embedded chDB connections to the same data folder, each
 * call run on the one with the fewest calls under way (issue 17). A chDB connection runs one
 * statement at a time (a mutex per native connection); connections of one folder share the
 * engine and its data and run in parallel (chdb-node's multi-connection model). With one
 * connection every insert of every sink and thread waited behind the others; with three the
 * chain bench was faster in 5 of 6 alternated pairs (docs/measurements.md, "chain: inserts side
 * by side").
 *
 * What stays true: a caller that awaits each call before the next still sees them in order (a
 * sink writes one block at a time); settings travel with each statement (the client sends them
 * as `SET …;` before it on the same connection); `USE` is run on every connection, the only
 * session state onegrid relies on. A setting a statement SETs stays on its connection after it,
 * as it stayed on the one connection before: every caller that needs a setting passes it (the
 * sinks their deduplication token with each block). Nothing here uses temporary tables, which
 * are per connection.
 */
export class PooledConnection implements Connection {
  readonly #connections: readonly Connection[];
  readonly #busy: number[];

  constructor(connections: readonly Connection[]) {
    if (connections.length === 0)
      throw new StoreError('CONFIG_INVALID', 'a connection pool needs at least one connection');
    this.#connections = connections;
    this.#busy = connections.map(() => 0);
  }

  /** Calls under way on each connection, in order. */
  busy(): readonly number[] {
    return [...this.#busy];
  }

  ping(params: Parameters<Connection['ping']>[0]): ReturnType<Connection['ping']> {
    return (this.#connections[0] as Connection).ping(params);
  }

  query(params: Parameters<Connection['query']>[0]): ReturnType<Connection['query']> {
    return this.#run('query', params);
  }

  insert(params: Parameters<Connection['insert']>[0]): ReturnType<Connection['insert']> {
    return this.#run('insert', params);
  }

  exec(params: Parameters<Connection['exec']>[0]): ReturnType<Connection['exec']> {
    return this.#run('exec', params);
  }

  async command(params: Parameters<Connection['command']>[0]): ReturnType<Connection['command']> {
    if (!/^\s*USE\s/i.test(params.query)) return this.#run('command', params);
    // The current database is per connection: every one must have it.
    const [first] = await Promise.all(this.#connections.map((c) => c.command(params)));
    return first as Awaited<ReturnType<Connection['command']>>;
  }

  async close(): Promise<void> {
    await Promise.all(this.#connections.map((c) => c.close()));
  }

  // biome-ignore lint/suspicious/noExplicitAny: the four calls' parameter and result types differ.
  async #run(call: Call, params: any): Promise<any> {
    let index = 0;
    for (let i = 1; i < this.#busy.length; i++)
      if ((this.#busy[i] as number) < (this.#busy[index] as number)) index = i;
    this.#busy[index] = (this.#busy[index] as number) + 1;
    try {
      const connection = this.#connections[index] as Connection &
        Record<Call, (p: unknown) => Promise<unknown>>;
      return await connection[call](params);
    } finally {
      this.#busy[index] = (this.#busy[index] as number) - 1;
    }
  }
}

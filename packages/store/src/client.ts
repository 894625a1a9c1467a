import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { PooledConnection } from './chdb-pool.ts';
import type { StoreConfig } from './config.ts';
import { StoreError } from './errors.ts';

type ChdbAsClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

export interface Store {
  readonly client: ClickHouseClient;
  readonly mode: 'embedded' | 'server';
  readonly database: string;
  /** Human description for logs and health: never contains the password. */
  readonly target: string;
  /** Embedded: the chDB connections the client's statements are spread over (chdb-pool.ts). */
  readonly pool?: PooledConnection;
  close(): Promise<void>;
}

/**
 * Opens the one ClickHouse client the process uses, with `database` created and current.
 * Embedded chDB binds its data directory to this process: open it once and share it.
 */
export async function openStore(config: StoreConfig): Promise<Store> {
  const { CLICKHOUSE_DATABASE: database } = config;
  if (config.CLICKHOUSE_URL === undefined) {
    // chdb declares the Connection interface from its own copy of @clickhouse/client-common,
    // which TypeScript sees as a different type from the copy bundled in @clickhouse/client;
    // at run time it is the very interface createClient calls. Imported here, not at the top:
    // loading chDB's native addon in a thread that only imports this package (a processor
    // worker, which reaches the store through its owner) hung the owner's next query once the
    // worker ended (issue 17).
    const { createChdbConnection } = await import('chdb/connection');
    const connections = Array.from(
      { length: config.ONEGRID_CHDB_CONNECTIONS },
      () => createChdbConnection({ path: config.ONEGRID_CHDB_PATH }) as unknown as ChdbAsClientConnection,
    );
    const pool = new PooledConnection(connections);
    const client = createClient({ connection: pool });
    // The chDB connection ignores the client's `database` option but keeps `USE` for its session
    // (the pool runs it on each of its connections).
    await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
    await client.command({ query: `USE ${database}` });
    return { ...store(client, 'embedded', database, `chdb:${config.ONEGRID_CHDB_PATH}`), pool };
  }

  // Credentials in the URL (a chdb-server's token: http://default:<token>@127.0.0.1:8123) win.
  const auth =
    new URL(config.CLICKHOUSE_URL).username === ''
      ? { username: config.CLICKHOUSE_USER, password: config.CLICKHOUSE_PASSWORD }
      : {};
  const bootstrap = createClient({ url: config.CLICKHOUSE_URL, ...auth });
  try {
    await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
  } catch (cause) {
    throw new StoreError('UNREACHABLE', `cannot reach ClickHouse at ${redact(config.CLICKHOUSE_URL)}`, {
      retriable: true,
      cause,
    });
  } finally {
    await bootstrap.close();
  }
  const client = createClient({ url: config.CLICKHOUSE_URL, database, ...auth });
  return store(client, 'server', database, redact(config.CLICKHOUSE_URL));
}

function store(client: ClickHouseClient, mode: Store['mode'], database: string, target: string): Store {
  return { client, mode, database, target, close: () => client.close() };
}

function redact(url: string): string {
  const parsed = new URL(url);
  parsed.password = parsed.password === '' ? '' : '***';
  return parsed.toString();
}

/**
 * The client analysts' SQL runs on. Embedded: a chDB connection of its own on the store's data
 * folder (call after openStore), so an analyst's long query never holds up the processors' inserts
 * queued behind it on the store's connection. On a server with CLICKHOUSE_ANALYST_USER: a client
 * logged in as that user, whose grants and profile guard it too (docs/security.md). Undefined on
 * a server without it.
 */
export async function openAnalystClient(config: StoreConfig): Promise<ClickHouseClient | undefined> {
  if (config.CLICKHOUSE_URL === undefined) {
    const { createChdbConnection } = await import('chdb/connection');
    const connection = createChdbConnection({
      path: config.ONEGRID_CHDB_PATH,
    }) as unknown as ChdbAsClientConnection;
    const client = createClient({ connection });
    await client.command({ query: `USE ${config.CLICKHOUSE_DATABASE}` });
    return client;
  }
  if (config.CLICKHOUSE_ANALYST_USER === undefined) return undefined;
  const url = new URL(config.CLICKHOUSE_URL);
  url.username = '';
  url.password = '';
  return createClient({
    url: url.toString(),
    database: config.CLICKHOUSE_DATABASE,
    username: config.CLICKHOUSE_ANALYST_USER,
    password: config.CLICKHOUSE_ANALYST_PASSWORD,
  });
}

import { createRequire } from 'node:module';
import path from 'node:path';
import { Session } from 'chdb';
import { ClickHouseFailure, readEngineFailure } from './errors.ts';

/** What the engine reports for one statement. */
export interface EngineResult {
  readonly bytes: Uint8Array;
  readonly elapsedS: number;
  /** Rows and bytes of the result set (chDB reports these, not the rows it read). */
  readonly resultRows: number;
  readonly resultBytes: number;
  readonly writtenRows: number;
  readonly writtenBytes: number;
}

/** One engine connection: its own settings, current database and query parameters. */
export interface EngineConnection {
  /** Runs `sql`; `format` is the output format when the SQL has no FORMAT clause. */
  query(sql: string, format: string, params?: Readonly<Record<string, string>>): Promise<EngineResult>;
  /** Runs `prefix` (an `INSERT … FORMAT X`, maybe after set-up statements) with `data` as its rows. */
  insert(prefix: string, data: Buffer): Promise<EngineResult>;
  close(): void;
}

export interface Engine {
  readonly dataPath: string;
  /** The engine's version, e.g. `26.7.2.1`. */
  readonly version: string;
  /** Server time zone, for `X-ClickHouse-Timezone`. */
  readonly timezone: string;
  connect(): EngineConnection;
  close(): void;
}

interface NativeQueryResult {
  bytes: Uint8Array;
  elapsed: number;
  rowsRead: number;
  bytesRead: number;
}
interface NativeInsertResult {
  elapsed: number;
  rowsWritten: number;
  bytesWritten: number;
}
interface NativeAddon {
  CreateConnection(key: string): unknown;
  CloseConnection(connection: unknown): void;
  QueryAsyncConnection(
    connection: unknown,
    sql: string,
    format: string,
    params?: Record<string, string>,
  ): Promise<NativeQueryResult>;
  InsertRawAsyncConnection(
    connection: unknown,
    prefix: string,
    data: Buffer,
    countLines: boolean,
  ): Promise<NativeInsertResult>;
}

/**
 * chDB's own addon, the one its `Session` calls. Used directly for two things the public API
 * cannot do: bind query parameters that arrive already in ClickHouse's text form (`param_x`
 * values; `queryBindAsync` would escape them a second time), and hand an insert body to the
 * engine as bytes with a free-form INSERT prefix (`Session.insert` builds the prefix itself
 * from a table name). Same module instance as chdb's: require caches it by path.
 */
function loadAddon(): NativeAddon {
  const require = createRequire(import.meta.url);
  const chdbDir = path.dirname(require.resolve('chdb'));
  const loader = require(path.join(chdbDir, 'dist', 'loader.js')) as { loadNative(): NativeAddon };
  return loader.loadNative();
}

/**
 * Opens chDB on `dataPath` for this process. A `Session` holds the engine for the process's
 * life; each request gets a connection of its own (about 0.1 ms to open), so nothing one
 * request sets can reach the next. Fails if another process holds the folder.
 */
export async function openEngine(dataPath: string): Promise<Engine> {
  const key = path.resolve(dataPath);
  const holder = new Session(key);
  const addon = loadAddon();
  const connect = (): EngineConnection => connection(addon, addon.CreateConnection(key));
  const probe = connect();
  let version: string;
  let timezone: string;
  try {
    const text = new TextDecoder().decode(
      (await probe.query('SELECT version(), timezone()', 'TabSeparated')).bytes,
    );
    [version = 'unknown', timezone = 'UTC'] = text.trim().split('\t');
  } finally {
    probe.close();
  }
  return {
    dataPath: key,
    version,
    timezone,
    connect,
    close: () => holder.close(),
  };
}

function connection(addon: NativeAddon, handle: unknown): EngineConnection {
  let open = true;
  return {
    async query(sql, format, params) {
      const bound = params !== undefined && Object.keys(params).length > 0 ? { ...params } : undefined;
      const raw = await engineCall(addon.QueryAsyncConnection(handle, sql, format, bound));
      return {
        bytes: raw.bytes,
        elapsedS: raw.elapsed,
        resultRows: raw.rowsRead,
        resultBytes: raw.bytesRead,
        writtenRows: 0,
        writtenBytes: 0,
      };
    },
    async insert(prefix, data) {
      const raw = await engineCall(addon.InsertRawAsyncConnection(handle, prefix, data, false));
      return {
        bytes: new Uint8Array(0),
        elapsedS: raw.elapsed,
        resultRows: 0,
        resultBytes: 0,
        writtenRows: raw.rowsWritten,
        writtenBytes: raw.bytesWritten,
      };
    },
    close() {
      if (!open) return;
      open = false;
      addon.CloseConnection(handle);
    },
  };
}

async function engineCall<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new ClickHouseFailure(readEngineFailure(message), { cause });
  }
}

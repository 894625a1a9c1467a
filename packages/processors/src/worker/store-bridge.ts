import { Readable } from 'node:stream';
import type { MessagePort } from 'node:worker_threads';
import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import { StoreError } from '@onegrid/store';
import { ProcessorsError } from '../errors.ts';

/**
 * The store, reached from a worker thread through the thread that owns the client (issue 17).
 * Embedded chDB binds its data folder to one process and its session to the thread that opened
 * it, so a processor moved to a worker cannot open the store itself: it asks the owner. Only what
 * processors use crosses: `exec` of an INSERT with its body (the rows serialised in the worker,
 * sent as bytes: the buffer is transferred, not copied nor cloned row by row), `exec` of a
 * statement with its query parameters and its whole result as bytes (the snapshots' RowBinary
 * restore), and `query` read with `json()` (restart state, district codes; once per assignment). An engine error comes back
 * with its name (`type`) and code, so the sink tells rows refused from a store away as before.
 */
type Request =
  | {
      readonly id: number;
      readonly op: 'exec';
      readonly query: string;
      /** Undefined for a statement sent without rows (a SELECT read through `exec`). */
      readonly body: Uint8Array | undefined;
      readonly params: Record<string, unknown> | undefined;
      readonly settings: ClickHouseSettings | undefined;
    }
  | {
      readonly id: number;
      readonly op: 'query';
      readonly query: string;
      readonly format: string | undefined;
      readonly params: Record<string, unknown> | undefined;
      readonly settings: ClickHouseSettings | undefined;
    };

type Reply =
  | {
      readonly id: number;
      readonly ok: true;
      readonly json?: unknown;
      /** An `exec`'s result, whole (none for an INSERT). */
      readonly bytes?: Uint8Array;
    }
  | {
      readonly id: number;
      readonly ok: false;
      readonly error: { readonly message: string; readonly type?: unknown; readonly code?: unknown };
    };

/** Answers a worker's store requests on `port` with `client`, until the port closes. */
export function serveStore(port: MessagePort, client: ClickHouseClient): void {
  port.on('message', (request: Request) => {
    void answer(client, request).then(
      (reply) =>
        port.postMessage(
          { id: request.id, ok: true, ...reply } satisfies Reply,
          reply.bytes !== undefined ? [reply.bytes.buffer as ArrayBuffer] : [],
        ),
      (error: unknown) =>
        port.postMessage({ id: request.id, ok: false, error: errorShape(error) } satisfies Reply),
    );
  });
}

async function answer(
  client: ClickHouseClient,
  request: Request,
): Promise<{ json?: unknown; bytes?: Uint8Array }> {
  if (request.op === 'exec') {
    const body = request.body;
    const result = await client.exec({
      query: request.query,
      ...(body !== undefined
        ? {
            values: Readable.from([Buffer.from(body.buffer, body.byteOffset, body.byteLength)], {
              objectMode: false,
            }),
          }
        : {}),
      ...(request.params !== undefined ? { query_params: request.params } : {}),
      ...(request.settings !== undefined ? { clickhouse_settings: request.settings } : {}),
    });
    // The result whole, in a buffer of its own (transferred; a pooled chunk's memory is shared).
    const chunks: Uint8Array[] = [];
    for await (const chunk of result.stream as AsyncIterable<Uint8Array | string>)
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return chunks.length === 0 ? {} : { bytes: joined(chunks) };
  }
  const result = await client.query({
    query: request.query,
    ...(request.format !== undefined ? { format: request.format as 'JSONEachRow' } : {}),
    ...(request.params !== undefined ? { query_params: request.params } : {}),
    ...(request.settings !== undefined ? { clickhouse_settings: request.settings } : {}),
  });
  return { json: await result.json() };
}

/** Chunks as one new buffer of exactly their bytes. */
function joined(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** An engine error's name and code survive the crossing; a stack does not need to. */
function errorShape(error: unknown) {
  if (!(error instanceof Error)) return { message: String(error) };
  const { type, code } = error as { type?: unknown; code?: unknown };
  return { message: error.message, type, code };
}

/**
 * A store failure that crossed from the owning thread: the engine's name (`type`, read by shape
 * as ClickHouseError's is) and code (`engineCode`) kept. Retriable as an unclassified failure is
 * taken to be: the sinks decide from `type` whether the rows themselves are refused.
 */
class BridgedStoreError extends StoreError {
  readonly type: unknown;
  readonly engineCode: unknown;
  constructor(shape: { message: string; type?: unknown; code?: unknown }) {
    super('QUERY_FAILED', shape.message, { retriable: true });
    this.type = shape.type;
    this.engineCode = shape.code;
  }
}

/**
 * The worker's side: a client with the `exec` and `query` of `ClickHouseClient` that processors
 * use, each a request to the owner's `serveStore`. Anything else throws: a new use must cross
 * on purpose.
 */
export function bridgedStore(port: MessagePort): ClickHouseClient {
  let next = 0;
  type Answer = { readonly json?: unknown; readonly bytes?: Uint8Array };
  const waiting = new Map<number, { resolve(answer: Answer): void; reject(error: Error): void }>();
  port.on('message', (reply: Reply) => {
    const call = waiting.get(reply.id);
    if (call === undefined) return;
    waiting.delete(reply.id);
    if (reply.ok) call.resolve(reply);
    else call.reject(new BridgedStoreError(reply.error));
  });
  const ask = (request: Request, transfer: ArrayBuffer[] = []) =>
    new Promise<Answer>((resolve, reject) => {
      waiting.set(request.id, { resolve, reject });
      port.postMessage(request, transfer);
    });
  const client = {
    async exec(params: {
      query: string;
      values?: unknown;
      query_params?: Record<string, unknown>;
      clickhouse_settings?: ClickHouseSettings;
    }) {
      const body = params.values === undefined ? undefined : await readBody(params.values);
      const { bytes } = await ask(
        {
          id: next++,
          op: 'exec',
          query: params.query,
          body,
          params: params.query_params,
          settings: params.clickhouse_settings,
        },
        body !== undefined ? [body.buffer as ArrayBuffer] : [],
      );
      const result =
        bytes === undefined ? [] : [Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)];
      return { stream: Readable.from(result, { objectMode: false }), query_id: '' };
    },
    async query(params: {
      query: string;
      format?: string;
      query_params?: Record<string, unknown>;
      clickhouse_settings?: ClickHouseSettings;
    }) {
      const { json } = await ask({
        id: next++,
        op: 'query',
        query: params.query,
        format: params.format,
        params: params.query_params,
        settings: params.clickhouse_settings,
      });
      return { json: async () => json };
    },
  };
  return new Proxy(client, {
    get(target, name) {
      if (name in target) return target[name as keyof typeof target];
      if (name === 'then') return undefined; // not a promise
      throw new ProcessorsError(
        'WORKER_MISUSED',
        `the bridged store offers exec and query only, not ${String(name)}`,
      );
    },
  }) as unknown as ClickHouseClient;
}

/**
 * An INSERT body as the sinks give it (a string, bytes, or a stream of them) as one buffer of its
 * own, which the worker can transfer (a pooled Buffer's memory is shared and cannot be). Bytes are
 * kept as bytes: decoding each chunk to text split a character cut between two chunks (a Chinese
 * name or address became U+FFFD) and cost a decode and an encode of every block on the hot path.
 */
async function readBody(values: unknown): Promise<Uint8Array> {
  if (typeof values === 'string') return new TextEncoder().encode(values);
  const chunks: Uint8Array[] = [];
  if (values instanceof Uint8Array) chunks.push(values);
  else if (values !== undefined)
    for await (const chunk of values as AsyncIterable<string | Uint8Array>)
      chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
  const body = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

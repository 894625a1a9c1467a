import { randomUUID } from 'node:crypto';
import type { Logger } from '@onegrid/logging';
import Fastify, { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { compressBody, readBody } from './body.ts';
import type { Engine } from './engine.ts';
import { ClickHouseFailure, type EngineFailure, errorBody, httpStatusOf, ownFailure } from './errors.ts';
import { execute } from './execute.ts';
import { checkCaller } from './guard.ts';
import { SerialQueue } from './queue.ts';
import { readQueryRequest } from './request.ts';
import { Sessions } from './sessions.ts';
import { contentTypeOf } from './sql-text.ts';

export interface ChdbServerOptions {
  readonly engine: Engine;
  readonly logger: Logger;
  /** The secret every query must carry (guard.ts). */
  readonly token: string;
  /** Largest request body accepted, after decompression. */
  readonly bodyLimitBytes?: number;
  /** Clock for session expiry. */
  readonly now?: () => number;
}

export const DEFAULT_BODY_LIMIT_BYTES = 512 * 1024 * 1024;
const SESSION_SWEEP_MS = 5_000;

/**
 * The HTTP face of the engine: the part of ClickHouse's HTTP interface @clickhouse/client
 * uses (`/ping`, queries by GET or POST, `param_*`, settings, `query_id`, `session_id`,
 * inserts with the data in the body, compression both ways, errors as ClickHouse writes
 * them). Statements run one at a time. Listen with `.listen()`; `.close()` lets the running
 * statement finish, fails the waiting ones (code 210, retriable) and ends the sessions.
 */
export function buildChdbServer(options: ChdbServerOptions) {
  const { engine, logger } = options;
  const now = options.now ?? Date.now;
  const limit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const queue = new SerialQueue();
  const sessions = new Sessions(() => engine.connect());
  const deps = { engine, queue, sessions, now, logger };

  const app = Fastify({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    keepAliveTimeout: 10_000,
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request: FastifyRequest) => readBody(request.raw, request.headers, limit));

  const sweep = setInterval(() => {
    queue.run(async () => sessions.expire(now())).catch(() => undefined);
  }, SESSION_SWEEP_MS);
  sweep.unref();

  app.addHook('preClose', async () => {
    clearInterval(sweep);
    await queue.close(ClickHouseFailure.own('NETWORK_ERROR', 'Server is shutting down'));
  });
  app.addHook('onClose', async () => sessions.closeAll());

  const ok = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.type('text/plain; charset=UTF-8').send('Ok.\n');
  app.get('/ping', ok);

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const queryId = new URL(request.url, 'http://localhost').searchParams.get('query_id') || randomUUID();
    reply.header('X-ClickHouse-Query-Id', queryId);
    reply.header('X-ClickHouse-Server-Display-Name', 'chdb-server');
    reply.header('X-ClickHouse-Timezone', engine.timezone);
    try {
      const { search, body } = await requestParts(request);
      if (request.method === 'GET' && !search.has('query')) return ok(request, reply);
      checkCaller(request.headers, search, options.token);
      const query = { ...readQueryRequest(search, request.method === 'GET' ? 'GET' : 'POST'), queryId };
      const controller = new AbortController();
      reply.raw.on('close', () => {
        if (!reply.raw.writableFinished) controller.abort();
      });
      const done = await execute(deps, query, body, controller.signal);
      reply.header('X-ClickHouse-Summary', JSON.stringify(done.summary));
      if (done.format !== undefined) {
        reply.header('X-ClickHouse-Format', done.format).type(contentTypeOf(done.format));
      } else {
        reply.type('text/plain; charset=UTF-8');
      }
      const payload = query.compressResponse
        ? await compressBody(done.body, request.headers['accept-encoding'])
        : { body: done.body, encoding: undefined };
      if (payload.encoding !== undefined) reply.header('Content-Encoding', payload.encoding);
      return reply.send(Buffer.from(payload.body.buffer, payload.body.byteOffset, payload.body.byteLength));
    } catch (error) {
      return sendFailure(reply, failureOf(error), queryId);
    }
  };
  app.get('/', handle);
  app.post('/', handle);

  app.setErrorHandler((error, _request, reply) => sendFailure(reply, failureOf(error), undefined));

  function sendFailure(reply: FastifyReply, failure: EngineFailure, queryId: string | undefined) {
    const status = httpStatusOf(failure);
    const log = status >= 500 && failure.name === 'UNKNOWN_EXCEPTION' ? logger.error : logger.debug;
    log.call(logger, { queryId, code: failure.code, error: failure.text }, 'query failed');
    return reply
      .code(status)
      .header('X-ClickHouse-Exception-Code', String(failure.code))
      .type('text/plain; charset=UTF-8')
      .send(errorBody(failure, engine.version));
  }

  return app;
}

function failureOf(error: unknown): EngineFailure {
  if (error instanceof ClickHouseFailure) return error.failure;
  const message = error instanceof Error ? error.message : String(error);
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status < 500
    ? ownFailure('BAD_ARGUMENTS', message)
    : ownFailure('UNKNOWN_EXCEPTION', message);
}

/**
 * URL parameters and body of a request. @clickhouse/client may send the query and its
 * parameters as multipart form fields instead (`use_multipart_params`, or when they would
 * make the URL too long): they join the URL's parameters, the query becomes the body.
 */
async function requestParts(
  request: FastifyRequest,
): Promise<{ search: URLSearchParams; body: Buffer | undefined }> {
  const search = new URL(request.url, 'http://localhost').searchParams;
  const body = request.body instanceof Buffer ? request.body : undefined;
  const type = request.headers['content-type'] ?? '';
  if (body === undefined || !type.startsWith('multipart/form-data')) return { search, body };
  const form = await new Response(body, { headers: { 'content-type': type } }).formData();
  let query: string | undefined;
  for (const [name, value] of form) {
    if (typeof value !== 'string') continue;
    if (name === 'query') query = value;
    else search.append(name, value);
  }
  return { search, body: query === undefined ? undefined : Buffer.from(query) };
}

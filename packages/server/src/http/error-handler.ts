import type { FastifyError, FastifyInstance } from 'fastify';
import { type ErrorCode, errorBody, HttpError } from '../errors.ts';

/**
 * One error body for every failure: `{ statusCode, error: <CODE>, message }`. Validation failures
 * are 400 naming the part and field; unexpected errors are logged and answered 500 without
 * internals.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      if (error.statusCode >= 500) request.log.warn({ err: error }, error.message);
      return reply.code(error.statusCode).send(errorBody(error.code, error.message));
    }
    if (error.validation !== undefined) {
      return reply.code(400).send(errorBody('BAD_REQUEST', error.message));
    }
    const status = error.statusCode ?? 500;
    if (status === 429) return reply.code(429).send(error);
    if (status >= 400 && status < 500) {
      const code: ErrorCode = status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
      return reply.code(status).send({ ...errorBody(code, error.message), statusCode: status });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(errorBody('INTERNAL', 'internal error; see the server log'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`)),
  );
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Permission } from '../auth/roles.ts';

export interface RouteInput<Q, P, B> {
  readonly query: Q;
  readonly params: P;
  readonly body: B;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

export interface RouteSpec<Q extends z.ZodType, P extends z.ZodType, B extends z.ZodType> {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly permission: Permission;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly querystring?: Q;
  readonly params?: P;
  readonly body?: B;
  /** Documents the 200 answer (not used to serialise). */
  readonly response?: z.ZodType;
  handler(input: RouteInput<z.output<Q>, z.output<P>, z.output<B>>): Promise<unknown>;
}

const SECURITY: Record<string, string[]>[] = [{ bearer: [] }, { token: [] }];

/**
 * Declares a JSON route: its permission, its zod-validated parts (typed in the handler) and its
 * documentation. Errors thrown by the handler reach the server's error handler.
 */
export function addRoute<
  Q extends z.ZodType = z.ZodUnknown,
  P extends z.ZodType = z.ZodUnknown,
  B extends z.ZodType = z.ZodUnknown,
>(app: FastifyInstance, spec: RouteSpec<Q, P, B>): void {
  app.route({
    method: spec.method,
    url: spec.url,
    config: { permission: spec.permission },
    schema: {
      summary: spec.summary,
      ...(spec.description === undefined ? {} : { description: spec.description }),
      tags: [...spec.tags],
      security: SECURITY,
      ...(spec.querystring === undefined ? {} : { querystring: spec.querystring }),
      ...(spec.params === undefined ? {} : { params: spec.params }),
      ...(spec.body === undefined ? {} : { body: spec.body }),
      ...(spec.response === undefined ? {} : { response: { 200: spec.response } }),
    },
    handler: (request: FastifyRequest, reply: FastifyReply) =>
      spec.handler({
        query: request.query as z.output<Q>,
        params: request.params as z.output<P>,
        body: request.body as z.output<B>,
        request,
        reply,
      }),
  });
}

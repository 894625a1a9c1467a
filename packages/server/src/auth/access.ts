import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerConfig } from '../config.ts';
import { errorBody } from '../errors.ts';
import { allows, PERMISSIONS, type Permission, ROLES, type Role } from './roles.ts';
import { findToken } from './tokens.ts';

export interface Principal {
  readonly roles: readonly Role[];
  /** Identifies the caller for rate limiting; never the token itself. */
  readonly key: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** What the route needs (auth/roles.ts); `public` for health, docs and the screens' files. */
    permission?: Permission | 'public';
  }
}

/** The caller's token: `Authorization: Bearer <token>`, or `?token=` (browsers' WebSockets cannot set headers). */
export function tokenOf(request: FastifyRequest): string | undefined {
  return presentedToken(request)?.token;
}

function presentedToken(request: FastifyRequest): { token: string; inUrl: boolean } | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) return { token: /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? '', inUrl: false };
  const query = request.query as Record<string, unknown> | undefined;
  return typeof query?.token === 'string' ? { token: query.token, inUrl: true } : undefined;
}

/**
 * A token in the URL ends up in browser history, proxies' logs and Referer headers: it is taken
 * from the display role (a wall screen opened by URL), and from other roles only to open the
 * live feed's WebSocket, which a browser cannot give a header.
 */
function urlTokenAllowed(role: Role, permission: Permission | undefined): boolean {
  return role === 'display' || permission === 'feed';
}

/** Resolves a request to a principal, or undefined when its token is missing, unknown or not taken from a URL. */
export function principalOf(request: FastifyRequest, auth: ServerConfig['auth']): Principal | undefined {
  if (auth.mode === 'off') return { roles: ROLES, key: 'auth-off' };
  const presented = presentedToken(request);
  if (presented === undefined) return undefined;
  const found = findToken(auth.tokens, presented.token);
  if (found === undefined) return undefined;
  const permission = request.routeOptions.config.permission;
  if (presented.inUrl && !urlTokenAllowed(found.role, permission === 'public' ? undefined : permission))
    return undefined;
  return { roles: [found.role], key: `token:${found.id}` };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Every route states its permission (an `/api` or `/metrics` route without one fails at start-up).
 * 401 without a valid token, 403 when the token's role lacks the permission; both before any
 * validation or handler runs, the WebSocket upgrade included. `/metrics` is also open to loopback.
 */
export function registerAccess(app: FastifyInstance, auth: ServerConfig['auth']): void {
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route) => {
    const guarded = route.url.startsWith('/api') || route.url.startsWith('/metrics');
    if (guarded && route.config?.permission === undefined) {
      throw new Error(`route ${route.method} ${route.url} declares no permission`);
    }
  });
  app.addHook('preValidation', async (request, reply) => {
    const permission = request.routeOptions.config.permission;
    if (permission === undefined || permission === 'public') return;
    if (permission === 'metrics' && LOOPBACK.has(request.socket.remoteAddress ?? '')) return;
    const principal = principalOf(request, auth);
    if (principal === undefined) {
      const presented = presentedToken(request);
      const message =
        presented === undefined
          ? 'a token is required: send "Authorization: Bearer <token>" or ?token=<token>'
          : presented.inUrl && auth.mode === 'on' && findToken(auth.tokens, presented.token) !== undefined
            ? 'a token in the URL is taken from the display role only: send "Authorization: Bearer <token>"'
            : 'the token is not valid';
      return reply.code(401).header('www-authenticate', 'Bearer').send(errorBody('UNAUTHORIZED', message));
    }
    if (!principal.roles.some((r) => allows(permission, r))) {
      const needed = PERMISSIONS[permission].join(', ');
      return reply
        .code(403)
        .send(
          errorBody(
            'FORBIDDEN',
            `role ${principal.roles.join(', ')} may not use ${permission}; it needs one of: ${needed}`,
          ),
        );
    }
    request.principal = principal;
  });
}

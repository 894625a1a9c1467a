import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ClickHouseFailure } from './errors.ts';

/** Names a local server answers to: anything else in Host is a rebound DNS name. */
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Who may use the engine: only a request that names this machine (Host, and Origin when a browser
 * sends one) and carries the server's token, as the password of Basic auth (what
 * @clickhouse/client sends for `http://default:<token>@127.0.0.1:8123`), `X-ClickHouse-Key` or
 * `?password=`. A web page the operator opens cannot reach it by DNS rebinding or a cross-site
 * POST: its Host or Origin is the page's. Throws AUTHENTICATION_FAILED (403) otherwise.
 */
export function checkCaller(headers: IncomingHttpHeaders, search: URLSearchParams, token: string): void {
  const host = hostName(headers.host ?? '');
  if (!isLoopbackHost(host))
    throw ClickHouseFailure.own(
      'AUTHENTICATION_FAILED',
      `Host ${JSON.stringify(headers.host)} is not this server's`,
    );
  const origin = headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let originHost: string;
    try {
      originHost = new URL(origin).hostname;
    } catch {
      originHost = '';
    }
    if (!isLoopbackHost(originHost))
      throw ClickHouseFailure.own(
        'AUTHENTICATION_FAILED',
        `Origin ${JSON.stringify(origin)} is not this server's`,
      );
  } else if (origin === 'null') {
    throw ClickHouseFailure.own('AUTHENTICATION_FAILED', 'a request from an opaque origin');
  }
  const presented = presentedToken(headers, search);
  if (presented === undefined || !sameSecret(presented, token))
    throw ClickHouseFailure.own(
      'AUTHENTICATION_FAILED',
      'default: Authentication failed: password is incorrect, or there is no user with such name',
    );
}

function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.split(':')[0] ?? '';
}

function presentedToken(headers: IncomingHttpHeaders, search: URLSearchParams): string | undefined {
  const basic = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
  if (basic !== undefined) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1);
  }
  const key = headers['x-clickhouse-key'];
  if (typeof key === 'string') return key;
  return search.get('password') ?? undefined;
}

/** Equal secrets, compared in constant time (by their hashes, so lengths do not show either). */
function sameSecret(a: string, b: string): boolean {
  const hash = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(hash(a), hash(b));
}

// Shared by this package's tests only (not exported): a server on loopback and a recording feed client.
import { createLogger } from '@onegrid/logging';
import type { FastifyInstance } from 'fastify';
import { WebSocket } from 'ws';
import { waitUntil } from '../../../test/support/wait-until.ts';
import { buildServer } from './build-server.ts';
import { loadServerConfig } from './config.ts';
import type { ServerDeps } from './deps.ts';

export const TOKENS = {
  display: 'display-token-0000000001',
  leader: 'leader-token-00000000002',
  analyst: 'analyst-token-0000000003',
  duty: 'duty-officer-token-00004',
} as const;

export function testConfig(env: Record<string, string> = {}) {
  return loadServerConfig({
    ONEGRID_TOKENS: `${TOKENS.display}:display,${TOKENS.leader}:leader,${TOKENS.analyst}:analyst,${TOKENS.duty}:duty_officer`,
    ONEGRID_DASHBOARDS_DIR: '/nonexistent/onegrid-dist',
    ...env,
  });
}

export function testServer(
  overrides: Partial<ServerDeps> = {},
  env: Record<string, string> = {},
): FastifyInstance {
  return buildServer({
    logger: createLogger('test', 'silent'),
    config: testConfig(env),
    healthChecks: {},
    ...overrides,
  });
}

export async function listen(app: FastifyInstance): Promise<string> {
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return url.replace(/^http/, 'ws');
}

export interface Frame {
  type: string;
  channel?: string;
  seq?: number;
  data?: Record<string, unknown>;
  upserts?: Record<string, unknown>;
  removes?: string[];
  code?: string;
  message?: string;
  channels?: Record<string, { seq: number; as_of: string | null }>;
}

/** A real `ws` client that records every frame it reads. */
export class FeedClient {
  readonly frames: Frame[] = [];
  readonly socket: WebSocket;
  closed: { code: number; reason: string } | undefined;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data) => this.frames.push(JSON.parse(data.toString()) as Frame));
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
    });
  }

  static open(base: string, token: string | null = TOKENS.display): Promise<FeedClient> {
    const url = token === null ? `${base}/api/feed` : `${base}/api/feed?token=${token}`;
    const socket = new WebSocket(url);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new FeedClient(socket)));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      socket.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  of(channel: string, type?: string): Frame[] {
    return this.frames.filter((f) => f.channel === channel && (type === undefined || f.type === type));
  }

  /** Waits until `probe` finds something in the frames read so far. */
  waitFor<T>(what: string, probe: (frames: Frame[]) => T | undefined, deadlineMs = 5_000): Promise<T> {
    return waitUntil(() => probe(this.frames), {
      deadlineMs,
      intervalMs: 10,
      describe: () => `${what}; frames so far: ${JSON.stringify(this.frames.slice(-5)).slice(0, 800)}`,
    });
  }

  close(): void {
    this.socket.terminate();
  }
}

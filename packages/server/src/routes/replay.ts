import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from '@onegrid/logging';
import type { FastifyInstance } from 'fastify';
import type { Scheduler } from '../feed/scheduler.ts';
import { channelsAsOf } from '../replay/frames.ts';
import type { ReplaySlots } from '../replay/limits.ts';
import { type ReplayParams, replayQuery } from '../replay/params.ts';
import { ReplaySession } from '../replay/session.ts';
import { askToUpgrade } from './feed.ts';

export interface ReplayRouteDeps {
  readonly clickhouse: ClickHouseClient | undefined;
  readonly slots: ReplaySlots;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  /** Sessions still open, stopped when the app closes. */
  readonly sessions: Set<ReplaySession>;
}

/**
 * `GET /api/replay?from&to&speed` (WebSocket): plays stored history as of each step's scenario
 * time, with the feed's `snapshot` frames plus `replay` frames (protocol in the README). The
 * query is validated and the token checked before the upgrade (400/401/403, no socket); over the
 * per-token or total limit of running replays the socket is closed at once with 1013.
 */
export function replayRoutes(app: FastifyInstance, deps: ReplayRouteDeps): void {
  app.route({
    method: 'GET',
    url: '/api/replay',
    config: { permission: 'feed' },
    schema: {
      tags: ['feed'],
      summary: 'WebSocket replay of stored history: snapshots as of a scenario time moving at speed×',
      security: [{ bearer: [] }, { token: [] }],
      querystring: replayQuery,
    },
    handler: askToUpgrade,
    wsHandler: (socket, request) => {
      const clickhouse = deps.clickhouse;
      // The route's schema has validated and converted the query before the upgrade.
      const params = request.query as ReplayParams;
      const refuse = (code: string, message: string, close: number) => {
        socket.send(JSON.stringify({ type: 'error', code, message }));
        socket.close(close, message);
      };
      if (clickhouse === undefined) {
        refuse('CLICKHOUSE_UNAVAILABLE', 'this server runs without ClickHouse', 1011);
        return;
      }
      const slot = deps.slots.acquire(request.principal?.key ?? request.ip);
      if (!slot.ok) {
        refuse('RATE_LIMITED', slot.message, 1013);
        return;
      }
      const session = new ReplaySession({
        params,
        read: (asOfMs) => channelsAsOf(clickhouse, asOfMs),
        socket,
        scheduler: deps.scheduler,
        logger: deps.logger,
        onEnd: () => {
          slot.release();
          deps.sessions.delete(session);
        },
      });
      deps.sessions.add(session);
      socket.on('message', (data: Buffer) => session.receive(data.toString('utf8')));
      socket.on('close', () => session.stop());
      session.start().catch((error: unknown) => {
        deps.logger.error({ err: error }, 'replay session failed');
        session.stop();
      });
    },
  });
}

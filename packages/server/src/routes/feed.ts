import type { FastifyInstance, FastifyReply } from 'fastify';
import { errorBody } from '../errors.ts';
import type { FeedServer } from '../feed/feed-server.ts';

/** A plain GET of a WebSocket route (the feed's, the replay's): 426, told to upgrade. */
export const askToUpgrade = async (_request: unknown, reply: FastifyReply) =>
  reply
    .code(426)
    .header('upgrade', 'websocket')
    .send({
      ...errorBody('BAD_REQUEST', 'this is a WebSocket endpoint: connect with ws:// or wss://'),
      statusCode: 426,
    });

/**
 * `GET /api/feed`: the WebSocket feed (protocol in the README). The token is checked before the
 * upgrade: without a valid one the upgrade is answered 401 or 403 and no socket opens. A plain
 * GET is told to upgrade.
 */
export function feedRoutes(app: FastifyInstance, feed: FeedServer): void {
  app.route({
    method: 'GET',
    url: '/api/feed',
    config: { permission: 'feed' },
    schema: {
      tags: ['feed'],
      summary: 'WebSocket feed: subscribe to channels, get a snapshot then deltas with a seq per channel',
      security: [{ bearer: [] }, { token: [] }],
    },
    handler: askToUpgrade,
    wsHandler: (socket) => feed.attach(socket),
  });
}

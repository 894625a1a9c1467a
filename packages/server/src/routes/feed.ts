import type { FastifyInstance } from 'fastify';
import { errorBody } from '../errors.ts';
import type { FeedServer } from '../feed/feed-server.ts';

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
    handler: async (_request, reply) =>
      reply
        .code(426)
        .header('upgrade', 'websocket')
        .send({
          ...errorBody('BAD_REQUEST', 'this is a WebSocket endpoint: connect with ws:// or wss://'),
          statusCode: 426,
        }),
    wsHandler: (socket) => feed.attach(socket),
  });
}

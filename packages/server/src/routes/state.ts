import { isoCstMillis } from '@onegrid/contracts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { feedChannel } from '../feed/channels.ts';
import type { LiveState } from '../feed/live-state.ts';
import { addRoute } from '../http/route.ts';

/** `GET /api/state/:channel`: a channel's snapshot, as the feed would send it on subscribe. */
export function stateRoutes(app: FastifyInstance, live: LiveState): void {
  addRoute(app, {
    method: 'GET',
    url: '/api/state/:channel',
    permission: 'state',
    tags: ['state'],
    summary: "A live channel's current content",
    params: z.object({ channel: feedChannel }),
    response: z.object({
      channel: z.string(),
      seq: z.int(),
      ts: z.string(),
      as_of: z.string().nullable(),
      data: z.record(z.string(), z.unknown()),
    }),
    handler: async ({ params }) => {
      const snapshot = live.snapshot(params.channel);
      return {
        channel: snapshot.channel,
        seq: snapshot.seq,
        ts: isoCstMillis(snapshot.ts),
        as_of: snapshot.asOf,
        data: snapshot.data,
      };
    },
  });
}

import { FeedClient, type FeedSocket, type FeedTimers } from './client.ts';
import type { ChannelStore } from './store.ts';

/** The token the wall screen was opened with (`?token=`), passed on to the feed and REST. */
export function tokenFromLocation(location: Location): string | null {
  return new URLSearchParams(location.search).get('token');
}

/** `ws(s)://<host>/api/feed?token=…` on the origin that served the page. */
export function feedUrl(location: Location, token: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  return `${scheme}//${location.host}/api/feed${query}`;
}

export const browserTimers: FeedTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
  clearTimeout: (handle) => window.clearTimeout(handle as number),
  random: () => Math.random(),
};

export function connectFeed(
  store: ChannelStore,
  channels: readonly string[],
  token: string | null,
): FeedClient {
  const client = new FeedClient({
    url: feedUrl(window.location, token),
    channels,
    store,
    timers: browserTimers,
    openSocket: (url) => new WebSocket(url) as unknown as FeedSocket,
  });
  client.start();
  return client;
}

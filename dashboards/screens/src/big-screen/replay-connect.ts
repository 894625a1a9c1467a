import { browserTimers, tokenFromLocation } from '../feed/browser.ts';
import type { FeedSocket, FeedStats } from '../feed/client.ts';
import type { ChannelStore } from '../feed/store.ts';
import { createReplayBanner } from './replay-banner.ts';
import { ReplayClient } from './replay-client.ts';
import type { ReplayRequest } from './replay-mode.ts';

/**
 * The big screen's data source in replay mode: a ReplayClient on `/api/replay` and its banner.
 * Gives what main.ts needs of a feed (its stats) and the banner's per-frame update.
 */
export function connectReplay(
  canvas: HTMLElement,
  store: ChannelStore,
  channels: readonly string[],
  asked: ReplayRequest | { error: string },
): { stats: FeedStats; update: (now: number) => void } {
  const request = 'error' in asked ? { from: '', to: '', speed: '' } : asked;
  const client = new ReplayClient({
    request,
    token: tokenFromLocation(window.location),
    location: window.location,
    channels,
    store,
    timers: browserTimers,
    openSocket: (url) => new WebSocket(url) as unknown as FeedSocket,
  });
  if ('error' in asked) {
    // A value that is not three parts never reaches the server: the banner says how to write it.
    client.progress.state = 'refused';
    client.progress.message = asked.error;
  } else client.start();
  const update = createReplayBanner(canvas, client);
  // For the browser tests: where the replay is.
  Object.assign(window, { onegridReplay: client.progress });
  return { stats: client.stats, update };
}

import { browserTimers, tokenFromLocation } from '../feed/browser.ts';
import type { FeedSocket, FeedStats } from '../feed/client.ts';
import type { ChannelStore } from '../feed/store.ts';
import { createReplayBanner } from './replay-banner.ts';
import { ReplayClient } from './replay-client.ts';
import type { ReplayRequest } from './replay-mode.ts';
import type { UpgradeAnswer } from './replay-refusal.ts';

/** A plain GET of the replay URL: the status and `{error, message}` the server gives (rejects offline). */
async function askWhy(url: string): Promise<UpgradeAnswer> {
  const response = await fetch(url, { cache: 'no-store' });
  const body: unknown = await response.json().catch(() => null);
  const field = (name: string) => {
    const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : null;
    return typeof value === 'string' ? value : '';
  };
  return { status: response.status, code: field('error'), message: field('message') };
}

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
    probe: askWhy,
  });
  // A value that is not three parts never reaches the server: the banner says how to write it.
  if ('error' in asked) client.refuse('BAD_REQUEST', asked.error);
  else client.start();
  const update = createReplayBanner(canvas, client);
  // For the browser tests: where the replay is.
  Object.assign(window, { onegridReplay: client.progress });
  return { stats: client.stats, update };
}

/** What `/?replay=<from>,<to>,<speed>` asks for; the server validates the values themselves. */
export interface ReplayRequest {
  readonly from: string;
  readonly to: string;
  readonly speed: string;
}

/**
 * The replay the screen was opened for: null for the live screen (no `replay`), the three
 * parts, or an error to show when the value is not three comma-separated parts.
 */
export function replayFromSearch(search: string): ReplayRequest | { error: string } | null {
  const value = new URLSearchParams(search).get('replay');
  if (value === null) return null;
  const parts = value.split(',').map((p) => p.trim());
  const [from, to, speed] = parts;
  if (parts.length !== 3 || !from || !to || !speed)
    return {
      error:
        'replay=<开始>,<结束>,<倍速>，例如 replay=2026-09-13T20:00:00+08:00,2026-09-14T08:00:00+08:00,600',
    };
  return { from, to, speed };
}

/** `ws(s)://<host>/api/replay?from&to&speed&token` on the origin that served the page. */
export function replayUrl(
  location: { protocol: string; host: string },
  request: ReplayRequest,
  token: string | null,
): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = new URLSearchParams({ from: request.from, to: request.to, speed: request.speed });
  if (token !== null) query.set('token', token);
  return `${scheme}//${location.host}/api/replay?${query.toString()}`;
}

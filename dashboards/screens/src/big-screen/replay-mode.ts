/** Where the replay is: the server's `replay` frame, and why it stopped when refused. */
export interface ReplayProgress {
  state: 'connecting' | 'playing' | 'paused' | 'ended' | 'refused';
  scenarioTime: string | null;
  from: string | null;
  to: string | null;
  speed: number | null;
  progress: number;
  message: string | null;
  /** Why the server refused the replay (`BAD_REQUEST`, `RATE_LIMITED`, …), shown with the message. */
  code: string | null;
}

/** A `replay` frame's fields, each checked (a field of the wrong type reads as unknown). */
export function progressOf(
  raw: Record<string, unknown>,
  previous: ReplayProgress['state'],
): Pick<ReplayProgress, 'state' | 'scenarioTime' | 'from' | 'to' | 'speed' | 'progress'> {
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  const state = raw.state;
  return {
    state: state === 'playing' || state === 'paused' || state === 'ended' ? state : previous,
    scenarioTime: text(raw.scenario_time),
    from: text(raw.from),
    to: text(raw.to),
    speed: typeof raw.speed === 'number' ? raw.speed : null,
    progress: typeof raw.progress === 'number' ? Math.min(1, Math.max(0, raw.progress)) : 0,
  };
}

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

/**
 * `ws(s)://<host>/api/replay?from&to&speed&token` on the origin that served the page; with
 * `http`, the same over plain HTTP (the server answers why it would refuse the upgrade).
 */
export function replayUrl(
  location: { protocol: string; host: string },
  request: ReplayRequest,
  token: string | null,
  kind: 'ws' | 'http' = 'ws',
): string {
  const secure = location.protocol === 'https:';
  const scheme = kind === 'http' ? location.protocol : secure ? 'wss:' : 'ws:';
  const query = new URLSearchParams({ from: request.from, to: request.to, speed: request.speed });
  if (token !== null) query.set('token', token);
  return `${scheme}//${location.host}/api/replay?${query.toString()}`;
}

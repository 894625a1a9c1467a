/*
 * The feed's frames (shared-spec B). The server owns the protocol; these types are the screens'
 * reading of it, checked at the boundary by `parseServerFrame` so that one bad frame is reported,
 * never applied.
 */

export interface SnapshotFrame {
  readonly type: 'snapshot';
  readonly channel: string;
  readonly seq: number;
  readonly ts: string;
  /** Newest data time behind the channel, when the server states it. */
  readonly as_of?: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface DeltaFrame {
  readonly type: 'delta';
  readonly channel: string;
  readonly seq: number;
  readonly ts: string;
  readonly as_of?: string | null;
  readonly upserts: Readonly<Record<string, unknown>>;
  readonly removes: readonly string[];
}

export interface HeartbeatFrame {
  readonly type: 'heartbeat';
  readonly ts: string;
  readonly channels: Readonly<Record<string, { readonly seq: number; readonly as_of: string | null }>>;
}

export interface ErrorFrame {
  readonly type: 'error';
  readonly code: string;
  readonly message: string;
}

export type ServerFrame = SnapshotFrame | DeltaFrame | HeartbeatFrame | ErrorFrame;

export type ParseResult =
  | { readonly ok: true; readonly frame: ServerFrame }
  | { readonly ok: false; readonly reason: string };

export interface SubscribeFrame {
  readonly type: 'subscribe';
  readonly channels: ReadonlyArray<{ readonly channel: string; readonly since?: number }>;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isSeq = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function parseHeartbeatChannels(v: unknown): HeartbeatFrame['channels'] | undefined {
  if (!isRecord(v)) return undefined;
  const out: Record<string, { seq: number; as_of: string | null }> = {};
  for (const [name, entry] of Object.entries(v)) {
    if (!isRecord(entry) || !isSeq(entry.seq)) return undefined;
    out[name] = { seq: entry.seq, as_of: typeof entry.as_of === 'string' ? entry.as_of : null };
  }
  return out;
}

/** Decodes one text frame; the reason names what was wrong. */
export function parseServerFrame(text: string): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `not JSON: ${(e as Error).message}` };
  }
  if (!isRecord(raw)) return { ok: false, reason: 'frame is not an object' };
  const ts = typeof raw.ts === 'string' ? raw.ts : '';
  const asOf = typeof raw.as_of === 'string' ? { as_of: raw.as_of } : {};
  switch (raw.type) {
    case 'snapshot':
      if (typeof raw.channel !== 'string' || !isSeq(raw.seq) || !isRecord(raw.data)) {
        return { ok: false, reason: 'snapshot needs channel, seq and data' };
      }
      return {
        ok: true,
        frame: { type: 'snapshot', channel: raw.channel, seq: raw.seq, ts, ...asOf, data: raw.data },
      };
    case 'delta': {
      const removes = raw.removes ?? [];
      const upserts = raw.upserts ?? {};
      if (
        typeof raw.channel !== 'string' ||
        !isSeq(raw.seq) ||
        !isRecord(upserts) ||
        !Array.isArray(removes)
      ) {
        return { ok: false, reason: 'delta needs channel, seq, upserts and removes' };
      }
      const keys = removes.filter((k): k is string => typeof k === 'string');
      return {
        ok: true,
        frame: { type: 'delta', channel: raw.channel, seq: raw.seq, ts, ...asOf, upserts, removes: keys },
      };
    }
    case 'heartbeat': {
      const channels = parseHeartbeatChannels(raw.channels ?? {});
      if (channels === undefined) return { ok: false, reason: 'heartbeat channels need a seq each' };
      return { ok: true, frame: { type: 'heartbeat', ts, channels } };
    }
    case 'error':
      return {
        ok: true,
        frame: { type: 'error', code: String(raw.code ?? 'UNKNOWN'), message: String(raw.message ?? '') },
      };
    default:
      return { ok: false, reason: `unknown frame type ${JSON.stringify(raw.type)}` };
  }
}

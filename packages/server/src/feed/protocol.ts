import { z } from 'zod';
import type { FeedErrorCode } from '../errors.ts';
import { feedChannel } from './channels.ts';
import type { Delta, Snapshot } from './live-state.ts';

// The feed's frames (shared-spec B). Client frames are validated; server frames are built here only.

const since = z.int({ error: 'since: expected the last seq seen, an integer ≥ 0' }).min(0, {
  error: 'since: expected the last seq seen, an integer ≥ 0',
});

export const clientMessage = z.discriminatedUnion(
  'type',
  [
    z.object({
      type: z.literal('subscribe'),
      channels: z
        .array(z.object({ channel: feedChannel, since: since.optional() }))
        .min(1, { error: 'channels: name at least one channel' })
        .max(32),
    }),
    z.object({
      type: z.literal('unsubscribe'),
      channels: z.array(feedChannel).min(1, { error: 'channels: name at least one channel' }).max(32),
    }),
  ],
  { error: 'type: expected "subscribe" or "unsubscribe"' },
);

export type ClientMessage = z.output<typeof clientMessage>;

/** Parses one client frame; the error text names the field and what was expected. */
export function parseClientMessage(
  text: string,
): { ok: true; message: ClientMessage } | { ok: false; code: FeedErrorCode; message: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, code: 'BAD_JSON', message: 'a frame must be one JSON object' };
  }
  const parsed = clientMessage.safeParse(raw);
  if (parsed.success) return { ok: true, message: parsed.data };
  const reasons = parsed.error.issues.map((issue) => {
    const path = issue.path.join('.');
    return path === '' || issue.message.startsWith(`${String(issue.path.at(-1))}:`)
      ? issue.message
      : `${path}: ${issue.message}`;
  });
  return { ok: false, code: 'BAD_MESSAGE', message: reasons.join('; ') };
}

const iso = (ms: number) => new Date(ms).toISOString();

export function snapshotFrame(snapshot: Snapshot): string {
  return JSON.stringify({
    type: 'snapshot',
    channel: snapshot.channel,
    seq: snapshot.seq,
    ts: iso(snapshot.ts),
    as_of: snapshot.asOf,
    data: snapshot.data,
  });
}

export function deltaFrame(delta: Delta): string {
  return JSON.stringify({
    type: 'delta',
    channel: delta.channel,
    seq: delta.seq,
    ts: iso(delta.ts),
    as_of: delta.asOf,
    upserts: delta.upserts,
    removes: delta.removes,
  });
}

export function heartbeatFrame(
  now: number,
  channels: Record<string, { seq: number; asOf: string | null }>,
): string {
  const out: Record<string, { seq: number; as_of: string | null }> = {};
  for (const [name, info] of Object.entries(channels)) out[name] = { seq: info.seq, as_of: info.asOf };
  return JSON.stringify({ type: 'heartbeat', ts: iso(now), channels: out });
}

export function errorFrame(code: string, message: string): string {
  return JSON.stringify({ type: 'error', code, message });
}

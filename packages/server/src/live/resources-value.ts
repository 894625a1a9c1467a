import { isoCstMillis, resourceState } from '@onegrid/contracts';
import type { ChannelValue } from '../feed/channels.ts';

type ByStatus = ChannelValue<'resources'>['by_status'];

/** Units of one type in one status, and when the newest of them changed (event time, epoch ms). */
export interface ResourceCount {
  readonly type: string;
  readonly status: string;
  readonly quantity: number;
  readonly ts: number;
}

/**
 * The `resources` channel's value from counts in type order: per type, the units in every known
 * status (0 when none; a status the contract does not know is left out), as of the newest change.
 * The poller (rows from ClickHouse) and the pushed model (messages from Kafka) both fold with it,
 * so the two cannot present the same units differently.
 */
export function resourcesByType(counts: Iterable<ResourceCount>): {
  data: Record<string, ChannelValue<'resources'>>;
  asOf: string | undefined;
} {
  const data: Record<string, ChannelValue<'resources'>> = {};
  let newest = Number.NEGATIVE_INFINITY;
  for (const c of counts) {
    const entry = data[c.type] ?? {
      type: c.type,
      by_status: Object.fromEntries(resourceState.options.map((s) => [s, 0])) as ByStatus,
    };
    data[c.type] = entry;
    if (c.status in entry.by_status) entry.by_status[c.status as keyof ByStatus] += c.quantity;
    newest = Math.max(newest, c.ts);
  }
  return { data, asOf: Number.isFinite(newest) ? isoCstMillis(newest) : undefined };
}

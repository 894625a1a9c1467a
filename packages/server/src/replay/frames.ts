import type { ClickHouseClient } from '@clickhouse/client';
import type { FeedChannel } from '../feed/channels.ts';
import type { Polled, Poller } from '../live/poll.ts';
import { CLICKHOUSE_POLLERS } from '../live/pollers.ts';
import { alertsAsOf, riskAsOf } from './risk-alerts-as-of.ts';

/** The channels a replay shows: every live one but `pipeline` (the processors' state now). */
export const REPLAY_POLLERS: readonly Poller[] = [
  (client, asOfMs) => riskAsOf(client, asOfMs ?? 0),
  (client, asOfMs) => alertsAsOf(client, asOfMs ?? 0),
  ...CLICKHOUSE_POLLERS,
];

/**
 * Every replayed channel's whole content as of `asOfMs`, read one query set at a time (an
 * embedded engine is one process, and the live pollers share it).
 */
export async function channelsAsOf(
  client: ClickHouseClient,
  asOfMs: number,
  pollers: readonly Poller[] = REPLAY_POLLERS,
): Promise<Polled<FeedChannel>[]> {
  const out: Polled<FeedChannel>[] = [];
  for (const poll of pollers) out.push(await poll(client, asOfMs));
  return out;
}

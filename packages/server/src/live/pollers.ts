import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from '@onegrid/logging';
import type { LiveState } from '../feed/live-state.ts';
import type { Scheduler } from '../feed/scheduler.ts';
import { pollEvacuation, pollResources } from './emergency.ts';
import { pollGauges } from './gauges.ts';
import type { Poller } from './poll.ts';
import { pollStorm } from './storm.ts';
import { pollTickets } from './tickets.ts';
import { pollWeather } from './weather.ts';

/**
 * Every channel as read from ClickHouse views: the store's reference for the pushed channels'
 * models (their tests compare the two on the same data), and what a server without Kafka polls.
 */
export const CLICKHOUSE_POLLERS: readonly Poller[] = [
  pollGauges,
  pollWeather,
  pollStorm,
  pollTickets,
  pollEvacuation,
  pollResources,
];

/**
 * What the main job still polls: the storm (advisories come a few an hour). Risk and alerts come
 * from Kafka, gauges, weather, evacuation, resources and tickets from the processors' Kafka
 * outputs (live/push), pipeline from the app.
 */
export const STORE_POLLED: readonly Poller[] = [pollStorm];

export interface PollingDeps {
  readonly live: LiveState;
  readonly clickhouse: ClickHouseClient;
  readonly logger: Logger;
  readonly scheduler: Scheduler;
  /** Pause between the end of one round and the start of the next. */
  readonly intervalMs: number;
  readonly pollers?: readonly Poller[];
}

export interface Polling {
  /** Runs one round now (tests, start-up). */
  pollOnce(): Promise<void>;
  /** Stops after the round in progress, if any. */
  stop(): Promise<void>;
}

/**
 * Refreshes channels from ClickHouse in rounds, one query set at a time (an embedded engine is
 * one process). Each poll replaces its channel's whole content, so the hub sends only what
 * changed. A failed poll is logged and its channel keeps its last content: its `as_of` stops
 * advancing and the screens show it stale.
 */
export function startPolling(deps: PollingDeps): Polling {
  const pollers = deps.pollers ?? CLICKHOUSE_POLLERS;
  let stopped = false;
  let cancel: (() => void) | undefined;
  let running: Promise<void> = Promise.resolve();

  const round = async () => {
    for (const poll of pollers) {
      if (stopped) return;
      try {
        const polled = await poll(deps.clickhouse);
        deps.live.replace(polled.channel, polled.data, polled.asOf);
      } catch (error) {
        deps.logger.warn(
          { err: error, poller: poll.name },
          'live poll failed; the channel keeps its last content',
        );
      }
    }
  };
  const loop = () => {
    running = round().finally(() => {
      if (!stopped) cancel = deps.scheduler.after(deps.intervalMs, loop);
    });
  };
  loop();

  return {
    pollOnce: async () => {
      await running;
      await round();
    },
    async stop() {
      stopped = true;
      cancel?.();
      await running;
    },
  };
}

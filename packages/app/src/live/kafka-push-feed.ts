import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { type KafkaClient, type TopicReader, worthAskingAgain } from '@onegrid/kafka';
import type { Logger } from '@onegrid/logging';
import { PUSH_TOPICS, type PushChannels, REGISTRY_PUSH_TOPICS } from '@onegrid/server';
import { untilAborted, waitFor } from '../wait-for.ts';
import { RegistryEnds } from './registry-ends.ts';

/**
 * How long a broker may hold a fetch that finds nothing new. Not a delay: a fetch is answered as
 * soon as one byte is there (min bytes 1), so this only sets how often an idle reader asks.
 * At 50 ms the server's readers asked each broker 20 times a second: a third of the server's
 * main thread went to writing those requests (socket writes, 21.6 of 74 s in the soak's first
 * window, as much when idle after the drain), the delay every screen change waited behind.
 * 500 ms is the Java consumer's default (fetch.max.wait.ms).
 */
export const FETCH_WAIT_MS = 500;

export interface KafkaPushFeed {
  /** Its readers' consumer groups: the server is ready once each is assigned (start.ts). */
  readonly groupIds: readonly string[];
  /**
   * True once the gauge and shelter registries are read to where they ended at start, false when
   * they were not within a bound (said in the log). Never rejects. Readiness waits on it
   * (start.ts); the feed itself runs from the start.
   */
  readonly registriesRead: Promise<boolean>;
  stop(): Promise<void>;
}

/** How long readiness waits for the registries already in Kafka before it says so and goes on. */
const REGISTRIES_WITHIN_MS = 60_000;

/**
 * Feeds the screens' gauges, weather, evacuation, resources and tickets from the processors'
 * Kafka outputs (the re-keyed observations and levels, the accepted emergency events, the
 * ticket rows) the moment they are published. Reading starts at the topics' ends, in a consumer
 * group of this server's own, deleted on stop; the store gives what came before (`push.start`,
 * after the reader, so nothing falls between the two: both merge by key). The gauge and shelter
 * registries are followed from their beginning (compacted, small), so a reading of a device
 * registered a moment ago shows at once instead of after the registry's archive and a store
 * catch-up (7-8 s at the soak's start).
 */
export async function startKafkaPushFeed(
  kafka: KafkaClient,
  push: PushChannels,
  logger: Logger,
): Promise<KafkaPushFeed> {
  const groupId = `onegrid.server-push.${randomUUID()}`;
  // The next offset expected per partition. The reader commits nothing, so after its consumer
  // crashed and rejoined (a broker down) it starts again at the end: a gap, read again from
  // where it was (the topics keep days) and caught up from the store as well.
  const next = new Map<string, number>();
  let reader: TopicReader | undefined;
  // Published once per turn of the loop, after the batches handled in it: not on PushChannels'
  // 20 ms timer (on a loaded host every timer is one more wait to be scheduled again; soak
  // 2026-12-07: the server's loop held 0.2-0.6 s per 2 s in the first minute), and not a whole
  // view rebuilt for each partition's batch of one fetch (review, session 14). The feed's
  // coalescing still sends ≤ 4 deltas/s a channel.
  let publishing: NodeJS.Immediate | undefined;
  const publishSoon = () => {
    publishing ??= setImmediate(() => {
      publishing = undefined;
      push.publishNow();
    });
  };
  reader = await kafka.read({
    groupId,
    topics: PUSH_TOPICS,
    fromBeginning: false,
    maxWaitMs: FETCH_WAIT_MS,
    deleteGroupOnStop: true,
    onBatch: async (batch) => {
      const first = batch.records[0]?.offset;
      const partition = `${batch.topic}:${batch.partition}`;
      const expected = next.get(partition);
      if (first !== undefined && expected !== undefined && first > expected && reader !== undefined) {
        logger.warn(
          { topic: batch.topic, partition: batch.partition, from: expected, to: first },
          'push feed gap; reading it again',
        );
        reader.seek(batch.topic, batch.partition, expected);
        push.requestCatchUp();
        return;
      }
      for (const message of batch.records) push.apply(batch.topic, message.value?.toString('utf8') ?? null);
      next.set(partition, batch.lastOffset + 1);
      publishSoon();
    },
  });
  // The registries as they stand at start are read before the server says ready (start.ts): a
  // command centre starts on a city whose gauges and shelters are registered, and a storm's first
  // reading of one must show at once, not wait for the registry behind it (`ends`). In the
  // background, after the port is open: where they end is asked again on a retriable error within
  // the bound, a failure is said (readiness degraded, `registriesRead` false) and never thrown, and
  // stop() ends the wait (review of session 16: the first admin call had only the client's retries
  // and its failure stopped the process). Their reader is started again until it starts, and stop()
  // ends that wait too (review of wip-edges17).
  const registryGroupId = `onegrid.server-registry.${randomUUID()}`;
  const stopping = new AbortController();
  let registries: TopicReader | undefined;
  const following = followRegistries(kafka, push, {
    groupId: registryGroupId,
    signal: stopping.signal,
    logger,
    started: (started) => {
      registries = started;
    },
  }).catch((error: unknown) => {
    if (!stopping.signal.aborted)
      logger.warn(
        { err: error },
        'push feed: the registries could not be read; ready anyway, degraded (a reading of a device not yet read waits for the next catch-up)',
      );
    return false;
  });
  // The bound holds whatever the client does meanwhile: an ask of the ends in flight past it, a
  // reader start tried again (a broker down); false then, and they are followed once they can be.
  const registriesRead = withinBound(following, REGISTRIES_WITHIN_MS, stopping.signal, () =>
    logger.warn(
      { ms: REGISTRIES_WITHIN_MS },
      'push feed: registries not read within the bound; ready anyway, degraded (following them once they can be)',
    ),
  );
  try {
    await push.start();
  } catch (error) {
    // The store down at start: the channels fill from Kafka now and from the store at the next catch-up.
    logger.warn({ err: error }, 'pushed channels could not read the store at start; catching up later');
  }
  return {
    groupIds: [groupId, registryGroupId],
    registriesRead,
    async stop() {
      if (publishing !== undefined) clearImmediate(publishing);
      stopping.abort(new Error('push feed stopped'));
      // Never held up by the client (every wait in followRegistries ends on the signal); a registry
      // reader that starts after this is stopped by followRegistries itself.
      await following;
      await push.stop();
      await registries?.stop().catch((error: unknown) => {
        logger.warn({ err: error }, 'could not stop the registry reader or delete its group');
      });
      await reader?.stop().catch((error: unknown) => {
        logger.warn({ err: error, groupId }, 'could not stop the push reader or delete its group');
      });
    },
  };
}

/**
 * Reads the registries to where they ended at start, then follows them: true once read within
 * the bound, false when not or when their ends could not be had (a permanent error, or retriable
 * ones past the bound: followed all the same), said in the log. A reader that cannot start is
 * started again until `signal` aborts (`startUntilStopped`); `started` is handed the reader while
 * the feed still runs, and a reader started after `signal` aborted is stopped here. Every wait
 * here ends when `signal` aborts.
 */
async function followRegistries(
  kafka: KafkaClient,
  push: PushChannels,
  options: {
    readonly groupId: string;
    readonly signal: AbortSignal;
    readonly logger: Logger;
    readonly started: (reader: TopicReader) => void;
  },
): Promise<boolean> {
  const { signal, logger } = options;
  const begun = performance.now();
  let at: RegistryEnds | undefined;
  try {
    await waitFor(
      async () => {
        // Not waited for once stopped: a broker down holds an admin call through the client's own
        // retries (it disconnects its admin itself when it ends).
        at = await untilAborted(RegistryEnds.at(kafka, REGISTRY_PUSH_TOPICS), signal);
        return true;
      },
      {
        deadlineMs: REGISTRIES_WITHIN_MS,
        intervalMs: 1_000,
        what: "the registries' ends",
        signal,
        // Unclassified errors are asked again too (not known to be permanent), and so is kafkajs's
        // "retries exceeded" around a broker away (before: taken as permanent, the ends of a
        // broker down for the client's ~50 s of retries were asked once and never again).
        retriable: worthAskingAgain,
      },
    );
  } catch (error) {
    if (signal.aborted) return false;
    // Followed all the same, only not known to be read to where they ended: a device registered
    // from now on still shows at once.
    logger.warn(
      { err: error },
      "push feed: the registries' ends could not be had; following them all the same, ready degraded",
    );
  }
  const reader = await startUntilStopped(
    () =>
      kafka.read({
        groupId: options.groupId,
        topics: REGISTRY_PUSH_TOPICS,
        fromBeginning: true,
        maxWaitMs: FETCH_WAIT_MS,
        deleteGroupOnStop: true,
        onBatch: async (batch) => {
          for (const m of batch.records)
            push.register(batch.topic, m.key?.toString('utf8') ?? null, m.value?.toString('utf8') ?? null);
          at?.read(batch);
        },
      }),
    signal,
    logger,
  );
  if (reader === undefined) return false;
  options.started(reader);
  if (at === undefined) return false;
  const within = Math.max(0, REGISTRIES_WITHIN_MS - (performance.now() - begun));
  // A feed stopped meanwhile is not held up by the bound.
  const stopped = new Promise<boolean>((resolve) =>
    signal.addEventListener('abort', () => resolve(false), { once: true }),
  );
  const ends = at;
  const read = await Promise.race([ends.reached(within), stopped]);
  if (signal.aborted) return false;
  if (!read)
    logger.warn(
      { ms: REGISTRIES_WITHIN_MS, left: ends.left() },
      'push feed: registries not read to their start-time end in time; ready anyway (a reading of a device not yet read waits for the next catch-up)',
    );
  return read;
}

/** First and longest pause between two starts of the registry reader. */
const RESTART_PAUSE_MS = { first: 1_000, most: 30_000 };

/**
 * Starts a reader, again after a failure (pauses doubling to RESTART_PAUSE_MS.most) until `signal`
 * aborts: undefined then, at once, not after the start in flight (a kafkajs start during a broker
 * outage waits minutes for a coordinator); a reader that starts after that is stopped here. Before:
 * one failed start left the registries unfollowed until the process restarted, and a stop waited
 * for the start.
 */
async function startUntilStopped(
  start: () => Promise<TopicReader>,
  signal: AbortSignal,
  logger: Logger,
): Promise<TopicReader | undefined> {
  for (let pause = RESTART_PAUSE_MS.first; ; pause = Math.min(pause * 2, RESTART_PAUSE_MS.most)) {
    if (signal.aborted) return undefined;
    const starting = start();
    try {
      return await untilAborted(starting, signal);
    } catch (error) {
      if (signal.aborted) {
        starting.then(
          (late) =>
            late.stop().catch((e: unknown) => {
              logger.warn({ err: e }, 'could not stop the registry reader or delete its group');
            }),
          () => undefined,
        );
        return undefined;
      }
      logger.warn(
        { err: error, againInMs: pause },
        'push feed: the registry reader could not start; starting it again',
      );
    }
    try {
      await untilAborted(delay(pause), signal);
    } catch {
      return undefined;
    }
  }
}

/** `work`'s value, or false once `ms` passed (`late` said) or `signal` aborted first. */
function withinBound(
  work: Promise<boolean>,
  ms: number,
  signal: AbortSignal,
  late: () => void,
): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const end = (value: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', stopped);
      resolve(value);
    };
    const stopped = () => end(false);
    const timer = setTimeout(() => {
      late();
      end(false);
    }, ms);
    // A server stopped before the bound is not held up by it.
    timer.unref();
    signal.addEventListener('abort', stopped, { once: true });
    void work.then(end);
  });
}

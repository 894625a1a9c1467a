import { randomUUID } from 'node:crypto';
import { decoderFor, REGISTRY_TOPICS, TOPICS } from '@onegrid/contracts';
import type { KafkaClient } from '@onegrid/kafka';
import type { Logger } from '@onegrid/logging';
import { ProcessorsError } from '../errors.ts';
import { RegistryState } from './registry-state.ts';

export interface RegistryFeed {
  readonly state: RegistryState;
  /**
   * Resolves once the state holds every registry record published before this call. A message
   * naming an id is produced after the record that registers it, so a processor that awaits
   * this before a batch never mistakes a new id for an unknown one.
   */
  current(): Promise<void>;
  /** Records decoded and applied, and records refused (their topic's archive dead-letters them). */
  counts(): { applied: number; refused: number };
  stop(): Promise<void>;
}

const decoders = {
  [TOPICS.households]: decoderFor(TOPICS.households),
  [TOPICS.gauges]: decoderFor(TOPICS.gauges),
  [TOPICS.stations]: decoderFor(TOPICS.stations),
  [TOPICS.shelters]: decoderFor(TOPICS.shelters),
};

/**
 * Reads the four compacted registry topics from the beginning into a RegistryState, resolves
 * once it has caught up with what they held at start, then keeps following them.
 *
 * Each process reads the whole registry (a throw-away consumer group, deleted on stop): every
 * processor instance needs every id, whichever partitions of its input it owns.
 */
export async function followRegistries(
  kafka: KafkaClient,
  logger: Logger,
  /** `topics`: the registries to follow (default all four; the live lane's worker needs no households). */
  options: { deadlineMs?: number; topics?: readonly (typeof REGISTRY_TOPICS)[number][] } = {},
): Promise<RegistryFeed> {
  const registryTopics = options.topics ?? REGISTRY_TOPICS;
  const state = new RegistryState();
  const groupId = `onegrid.registry-cache.${randomUUID()}`;
  const admin = kafka.admin();
  await admin.connect();
  const targets = new Map<string, number>();
  for (const topic of registryTopics) {
    for (const p of await admin.topicOffsets(topic)) {
      if (p.high > p.low) targets.set(`${topic}/${p.partition}`, p.high);
    }
  }
  const consumed = new Map<string, number>();
  const waiting = new Set<() => void>();
  let applied = 0;
  let refused = 0;
  let caughtUp: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    caughtUp = resolve;
  });
  const check = () => {
    if (targets.size === 0) caughtUp();
  };
  check();

  const reader = await kafka.read({
    groupId,
    topics: registryTopics,
    maxWaitMs: 250,
    onBatch: async (batch) => {
      const topic = batch.topic as (typeof REGISTRY_TOPICS)[number];
      for (const message of batch.records) {
        const key = message.key?.toString('utf8') ?? '';
        if (message.value === null || message.value.length === 0) {
          state.remove(kindOf(topic), key);
          continue;
        }
        if (apply(state, topic, message.value)) applied++;
        else refused++;
      }
      const id = `${batch.topic}/${batch.partition}`;
      consumed.set(id, batch.lastOffset + 1);
      for (const wait of waiting) wait();
      const target = targets.get(id);
      if (target !== undefined && batch.lastOffset + 1 >= target) {
        targets.delete(id);
        check();
      }
    },
  });

  const deadlineMs = options.deadlineMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ProcessorsError(
            'DEADLINE_PASSED',
            `registries not loaded within ${deadlineMs} ms: ${[...targets.keys()].join(', ')}`,
            { retriable: true },
          ),
        ),
      deadlineMs,
    );
  });
  try {
    await Promise.race([ready, timeout]);
  } finally {
    clearTimeout(timer);
  }
  logger.info(
    {
      households: state.households.size,
      gauges: state.gauges.size,
      stations: state.stations.size,
      shelters: state.shelters.size,
      refused,
    },
    'registries loaded',
  );

  const behind = (highs: Map<string, number>) =>
    [...highs].some(([id, high]) => (consumed.get(id) ?? 0) < high);
  // One offsets request serves every caller that arrived before it was sent.
  let next: Promise<Map<string, number>> | undefined;
  const fetchHighs = async () => {
    const highs = new Map<string, number>();
    for (const topic of registryTopics) {
      for (const p of await admin.topicOffsets(topic)) {
        if (p.high > p.low) highs.set(`${topic}/${p.partition}`, p.high);
      }
    }
    return highs;
  };
  const current = async () => {
    next ??= Promise.resolve().then(() => {
      next = undefined;
      return fetchHighs();
    });
    const highs = await next;
    while (behind(highs)) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          waiting.delete(wake);
          resolve();
        };
        waiting.add(wake);
      });
    }
  };

  return {
    state,
    current,
    counts: () => ({ applied, refused }),
    async stop() {
      await reader.stop();
      await admin.deleteGroups([groupId]).catch((error: unknown) => {
        logger.warn({ err: error, groupId }, 'could not delete the registry cache group');
      });
      await admin.disconnect();
    },
  };
}

function kindOf(topic: (typeof REGISTRY_TOPICS)[number]): 'households' | 'gauges' | 'stations' | 'shelters' {
  switch (topic) {
    case TOPICS.households:
      return 'households';
    case TOPICS.gauges:
      return 'gauges';
    case TOPICS.stations:
      return 'stations';
    case TOPICS.shelters:
      return 'shelters';
  }
}

function apply(state: RegistryState, topic: (typeof REGISTRY_TOPICS)[number], value: Buffer): boolean {
  switch (topic) {
    case TOPICS.households: {
      const r = decoders[topic](value);
      if (r.ok) state.upsertHousehold(r.value);
      return r.ok;
    }
    case TOPICS.gauges: {
      const r = decoders[topic](value);
      if (r.ok) state.upsertGauge(r.value);
      return r.ok;
    }
    case TOPICS.stations: {
      const r = decoders[topic](value);
      if (r.ok) state.upsertStation(r.value);
      return r.ok;
    }
    case TOPICS.shelters: {
      const r = decoders[topic](value);
      if (r.ok) state.upsertShelter(r.value);
      return r.ok;
    }
  }
}

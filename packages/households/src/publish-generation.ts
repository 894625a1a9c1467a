/**
 * The publish step of the household generators' CLIs (this package's and
 * packages/enduse-generator's): a generation's records replayed to Kafka, or counted on a dry
 * run, with progress lines, then the counts and the truth's summary. One place, so the feeds a
 * script swaps are published and reported alike. Its lines go to `print` (the CLI's stdout).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { isoCstSeconds } from '@onegrid/contracts';
import { openPublishTarget, type TruthOutput, topicCountLines } from '@onegrid/feed-io';
import type { Logger } from '@onegrid/logging';
import type { StreamRecord } from './record.ts';
import { replay } from './replay.ts';
import type { CountsTruth } from './truth.ts';

export interface PublishOptions {
  /** The feed's name in the first line, and its Kafka client id's tail (`onegrid-<name>`). */
  readonly name: string;
  /** Stream time per wall time; null: as fast as the broker takes it. */
  readonly speedup: number | null;
  readonly batchSize: number;
  readonly dryRun: boolean;
  readonly logger: Logger;
  readonly print: (line: string) => void;
}

/** What of a generation the publish step reads (both generators' `createGeneration` give it). */
export interface Publishable {
  readonly config: { readonly seed: number; readonly households: number };
  readonly streamStart: number;
  readonly end: number;
  records(): Iterable<StreamRecord>;
  counts(): CountsTruth;
}

export async function publishGeneration(
  generation: Publishable,
  truth: Pick<TruthOutput<never>, 'finish'>,
  options: PublishOptions,
): Promise<void> {
  const { config } = generation;
  const { print } = options;
  const pace = options.speedup === null ? 'as fast as possible' : `×${options.speedup}`;
  print(
    `${options.name} seed ${config.seed}: ${config.households} households, ${isoCstSeconds(generation.streamStart)} → ${isoCstSeconds(generation.end)}, ${pace}${options.dryRun ? ', dry run' : ''}`,
  );
  const { publisher, sink } = await openPublishTarget(
    options.dryRun,
    options.logger,
    `onegrid-${options.name}`,
  );
  if (publisher) print(`publishing to ${publisher.brokers.join(',')}`);
  try {
    const result = await replay(
      generation.records(),
      sink,
      { now: () => performance.now(), sleep: (ms) => sleep(ms) },
      {
        speedup: options.speedup,
        batchSize: options.batchSize,
        progressEveryMs: 5000,
        onProgress: (p) =>
          print(
            `[${(p.elapsedMs / 1000).toFixed(1)}s] ${p.sent} records, stream at ${p.simulatedTime > 0 ? isoCstSeconds(p.simulatedTime) : '-'}`,
          ),
      },
    );
    const counts = generation.counts();
    print(
      `sent ${result.sent} records (${result.registry} registry) in ${(result.elapsedMs / 1000).toFixed(1)} s: ${Math.round(result.rate)} records/s`,
    );
    for (const line of topicCountLines(counts.topics)) print(line);
    const truthPath = truth.finish({ counts, replay: result });
    if (truthPath) print(`truth in ${truthPath}`);
  } finally {
    await publisher?.close();
  }
}

import {
  type DetectorDeps,
  FixedThresholdRule,
  type HourlyDetector,
  type HouseholdUsageHour,
  parseUtilityConfig,
  TwoDayRule,
  type UtilityConfigInput,
} from '@onegrid/analytics/utility';
import { type HouseholdReading, householdReadingSchema, INTERNAL_TOPICS, TOPICS } from '@onegrid/contracts';
import { alertRow, type DeadLetterRow, deadLetterRow, TABLES } from '@onegrid/store';
import type { ProcessorDefinition, Sink } from '@onegrid/stream';
import { lateSink, type ProcessorContext, tableSink } from '../context.ts';
import { decodeHouseholdReadings } from '../internal/household-readings.ts';
import { DetectorOperator } from '../operators/detector-operator.ts';
import { alertSink } from '../outputs.ts';
import { routedSink } from '../sinks/routed-sink.ts';
import {
  type HouseholdPartition,
  loadUtilityRestartState,
  type UtilityRestartState,
} from './restart-state.ts';
import { encodeSnapshotBlocks, type SnapshotBlock } from './snapshot-blocks.ts';
import { hourlySnapshotSink } from './snapshot-sink.ts';
import { SNAPSHOT_TABLE } from './snapshot-state.ts';
import {
  householdReadingTime,
  UTILITY_OUT_OF_ORDERNESS_MS,
  UtilityModel,
  type UtilityOutput,
} from './utility-model.ts';

/**
 * Snapshots are written at most once per this many commit intervals (30 s at the default 5 s):
 * a backlog's snapshots cost the chain per household and interval, not per commit (snapshot-sink.ts).
 */
const SNAPSHOT_COMMITS = 6;

/**
 * Utility inactivity (独居老人水电异常): reads meter readings re-keyed by household, writes hourly
 * usage to `household_usage_hourly` and `utility_inactivity`, `water_running` and
 * `meter_offline` alerts to `onegrid.alerts`.
 */
export function utilityProcessor(
  ctx: ProcessorContext,
  config: UtilityConfigInput = {},
): ProcessorDefinition<typeof householdReadingSchema, UtilityOutput> {
  return utilityDefinition(ctx, config, 'utility-inactivity', undefined, [
    hourlySnapshotSink(
      tableSink<HouseholdUsageHour>(ctx, 'household_usage_hourly'),
      tableSink<SnapshotBlock>(ctx, SNAPSHOT_TABLE, encodeSnapshotBlocks),
      {
        everyMs: SNAPSHOT_COMMITS * ctx.commitIntervalMs,
        unstorable: (households) =>
          ctx.logger.warn(
            { processor: 'utility-inactivity', households },
            'utility snapshots not taken: household ids with a lone UTF-16 surrogate have no stored form; they restore from their hourly rows',
          ),
        slowTake: (took) =>
          ctx.logger.warn(
            { processor: 'utility-inactivity', ...took },
            'utility snapshots taken at a flush held the thread: no heartbeat meanwhile',
          ),
      },
    ),
    routedSink(alertSink(ctx), (o: UtilityOutput) => (o.kind === 'alert' ? o.alert : undefined)),
  ]);
}

export type BaselineName = 'two_day' | 'fixed_threshold';

/**
 * A baseline inactivity rule on the same input, for measuring onegrid's detector against: its
 * alerts go to the `baseline_alerts` table only, never to the gateway's topic.
 */
export function baselineProcessor(
  ctx: ProcessorContext,
  baseline: BaselineName,
  config: UtilityConfigInput = {},
): ProcessorDefinition<typeof householdReadingSchema, UtilityOutput> {
  const create =
    baseline === 'two_day'
      ? (c: UtilityConfigInput, deps: DetectorDeps) => new TwoDayRule(c, deps)
      : (c: UtilityConfigInput, deps: DetectorDeps) => new FixedThresholdRule(c, deps);
  return utilityDefinition(
    ctx,
    config,
    `utility-baseline-${baseline.replace('_', '-')}`,
    create,
    [
      routedSink(
        tableSink<ReturnType<typeof alertRow> & { detector: string }>(ctx, 'baseline_alerts'),
        (o: UtilityOutput) => (o.kind === 'alert' ? { detector: baseline, ...alertRow(o.alert) } : undefined),
      ),
    ],
    baseline,
  );
}

/**
 * How long a slice of an hour's close may hold the processor's thread (issue 17): between slices
 * the runtime heartbeats the group, and the process's other processors and fetches run. Short
 * against the 10 s session timeout and the 2 s heartbeat, long against a turn of the event loop.
 */
const CLOSE_SLICE_MS = 100;

function utilityDefinition(
  ctx: ProcessorContext,
  config: UtilityConfigInput,
  name: string,
  detector: ((c: UtilityConfigInput, deps: DetectorDeps) => HourlyDetector<unknown>) | undefined,
  sinks: readonly Sink<UtilityOutput>[],
  /** A baseline rule's name: it restores its own alerts, from `baseline_alerts`. */
  baseline?: BaselineName,
): ProcessorDefinition<typeof householdReadingSchema, UtilityOutput> {
  const sources = Array.from({ length: ctx.partitions(TOPICS.meterReadings) }, (_, p) => `meter/${p}`);
  const partitions = ctx.partitions(INTERNAL_TOPICS.meterReadingsByHousehold);
  const historyDays = parseUtilityConfig(config).historyDays;
  return {
    name,
    topic: INTERNAL_TOPICS.meterReadingsByHousehold,
    schema: householdReadingSchema,
    eventTime: (h: HouseholdReading) => householdReadingTime(h),
    // Read at every assignment, not once per process: after a rebalance the partition resumes
    // with the hours and alerts its previous owner stored up to its last commit, so it neither
    // rewrites a closed hour from a partial replay nor raises an open alert again under another id.
    operator: async (partition) => {
      const started = Date.now();
      const restart = await restartState(ctx, historyDays, { partition, partitions }, name, baseline);
      const households = restart.snapshots.size + restart.history.size;
      return new DetectorOperator(
        new UtilityModel({
          ...(detector !== undefined ? { detector } : {}),
          config,
          household: (id) => ctx.registry.households.get(id),
          restart,
          // Every household read has had a reading since and holds its state: the restore is done.
          restored: () =>
            ctx.logger.info(
              { processor: name, partition, households, ms: Date.now() - started },
              'utility state ready: every household read is seeded',
            ),
          // Once per close, however many slices: a warning only if one slice held the thread long.
          slowAdvance: (took) =>
            took.longestSliceMs >= 1000
              ? ctx.logger.warn(
                  { processor: name, partition, ...took },
                  'utility detector held the thread closing hours: no heartbeat meanwhile',
                )
              : ctx.logger.info(
                  { processor: name, partition, ...took },
                  'utility detector closed hours in slices, yielding the thread between them',
                ),
          sliceMs: CLOSE_SLICE_MS,
          // The processor that writes the hourly rows writes the snapshots; the baselines read them.
          snapshots: detector === undefined,
          sources,
          sourceIdleMs: ctx.sourceIdleMs,
          now: Date.now,
          // Both labels every time: a household moving to its learnt model leaves the default one.
          reportModels: (counts) => {
            if (detector !== undefined) return; // the baselines have no model to report
            for (const model of ['learnt', 'default'])
              ctx.metrics.keysByModel.set(
                { processor: name, partition: String(partition), model },
                counts[model] ?? 0,
              );
          },
        }),
      );
    },
    decodeMany: decodeHouseholdReadings,
    outOfOrdernessMs: UTILITY_OUT_OF_ORDERNESS_MS,
    idleTimeoutMs: 60_000,
    sinks,
    late: lateSink(ctx),
    // The topic carries only what the archives checked, packed; bytes that do not unpack (written
    // by something else, or damaged) are dead-lettered by onegrid's detector, counted by the baselines.
    ...(detector === undefined
      ? {
          deadLetters: 'publish' as const,
          deadLetterLog: routedSink(tableSink<DeadLetterRow>(ctx, TABLES.deadLetters), deadLetterRow),
        }
      : { deadLetters: 'count' as const }),
    commitIntervalMs: ctx.commitIntervalMs,
  };
}

/** Reads a partition's restart state, saying what it read and which snapshots it could not. */
async function restartState(
  ctx: ProcessorContext,
  historyDays: number,
  scope: HouseholdPartition,
  processor: string,
  baseline: BaselineName | undefined,
): Promise<UtilityRestartState> {
  const started = Date.now();
  const state = await loadUtilityRestartState(
    ctx.clickhouse,
    historyDays,
    scope,
    baseline === undefined ? {} : { baseline },
  );
  if (state.unreadSnapshots.length > 0)
    ctx.logger.warn(
      { processor, partition: scope.partition, households: state.unreadSnapshots.length },
      'utility snapshots of another layout or damaged: those households restored from their hourly rows',
    );
  ctx.logger.info(
    {
      processor,
      partition: scope.partition,
      snapshots: state.snapshots.size,
      householdsFromRows: state.history.size,
      ms: Date.now() - started,
    },
    'utility restart state read',
  );
  return state;
}

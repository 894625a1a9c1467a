import { retriableOf } from '@onegrid/errors';
import type { BatchControl, RawBatch } from '@onegrid/kafka';
import type { z } from 'zod';
import type { Rejection } from '../codec.ts';
import type { SourceRecord } from '../core/operator.ts';
import { type CommitPoint, PartitionTasks } from '../core/partition-tasks.ts';
import { Serial } from '../core/serial.ts';
import { StreamError } from '../errors.ts';
import { Holding } from '../holding.ts';
import { type DeadLetter, publishDeadLetters } from '../kafka/dead-letters.ts';
import type { Sink } from '../sinks/sink.ts';
import { decodeBatch, decodeSorted, eventsRead, sortBatch } from './classify-batch.ts';
import { encodeMark, parseMark } from './commit-marks.ts';
import type {
  DeadLetterRecord,
  ProcessorDefinition,
  ProcessorDeps,
  ProcessorFailure,
  RunningProcessor,
} from './definition.ts';
import { whileWaiting } from './heartbeat.ts';
import { type LateEvent, lateEvent } from './late-event.ts';

type Provenance = { partition: number; fromOffset: number; toOffset: number };

/**
 * Runs one processor: reads its topic in a consumer group, decodes each message with the
 * codec's decoder of the topic's schema (dead-lettering what fails), runs the operator per
 * partition, writes results to the sinks, and commits offsets only once the sinks hold
 * everything emitted so far and only up to the oldest input still needed by open state. So a
 * crash at any point replays input that rebuilds state and re-emits identical results:
 * nothing lost, nothing counted twice.
 *
 * A failure that says it cannot succeed on retry (`retriable: false`, e.g. a sink whose table
 * refuses the rows) stops the processor: it commits nothing more, leaves the group, logs the
 * failure, sets `onegrid_stream_processor_failed` and reports it in `progress().failure`, so
 * health checks show it. Its input stays uncommitted: once the cause is fixed, a restart
 * replays it and loses nothing.
 */
export async function runProcessor<S extends z.ZodType, O>(
  def: ProcessorDefinition<S, O>,
  deps: ProcessorDeps,
): Promise<RunningProcessor> {
  type E = z.output<S>;
  if (def.decodeMany !== undefined && (def.check !== undefined || def.hold !== undefined))
    throw new StreamError(
      'INVALID_DEFINITION',
      `processor ${def.name}: decodeMany cannot be combined with check or hold`,
    );
  const log = deps.logger.child({ processor: def.name });
  const labels = { processor: def.name };
  const tasks = new PartitionTasks<E, O>({
    outOfOrdernessMs: def.outOfOrdernessMs,
    idleTimeoutMs: def.idleTimeoutMs,
  });
  const decode = deps.codec.decoder(def.schema);
  const serial = new Serial();
  let assigned = new Set<number>();
  let lastCommitAt = deps.now();
  /** The commit under way in the background, if any: one at a time. */
  let committing: Promise<void> | undefined;
  /** Bumped at every assignment: a background commit is dropped if the partitions moved meanwhile. */
  let generation = 0;
  let rebalanceStartedAt: number | undefined;
  let reassigned = false;
  /**
   * Partitions newly assigned whose batches have given the sinks nothing yet: when the assignment
   * came and the process's CPU then (`onegrid_stream_assignment_first_output_seconds`, issue 17).
   */
  const awaitingFirstOutput = new Map<number, { readonly at: number; readonly cpu: NodeJS.CpuUsage }>();
  let stopped = false;
  let failure: ProcessorFailure | undefined;
  /** The consumer leaving the group after a failure. */
  let leaving: Promise<void> | undefined;
  let processed = 0;
  const lagByPartition = new Map<number, number>();
  const holding =
    def.hold !== undefined && def.check !== undefined
      ? new Holding<E>({ name: def.name, topic: def.topic, hold: def.hold, check: def.check }, deps.metrics)
      : undefined;
  /** The oldest offset held per partition: the commit stops there (see ProcessorDefinition.hold). */
  const held = (partition: number) => holding?.oldestOffset(partition);

  const allSinks: Sink<never>[] = [
    ...def.sinks,
    def.late,
    ...(def.deadLetterLog !== undefined ? [def.deadLetterLog] : []),
  ] as Sink<never>[];
  const emitted: O[] = [];
  const out = { emit: (row: O) => emitted.push(row) };
  const onLate = (late: LateEvent[]) => (record: SourceRecord<E>) =>
    late.push(lateEvent(def, record, tasks.watermark(record.partition)));

  async function writeOutputs(provenance: Provenance, control?: BatchControl) {
    const rows = emitted.splice(0, emitted.length);
    if (rows.length === 0) return;
    await whileWaiting(
      Promise.all(def.sinks.map((sink) => sink.write(rows, { topic: def.topic, ...provenance }))),
      control,
    );
  }

  /**
   * Finishes the work operators left after their watermark (a detector closing an hour for every
   * household: seconds), a slice at a time, yielding the thread between slices: the group hears
   * from the member meanwhile (`whileWaiting`: heartbeats, the batch's partition paused), the
   * process's other work runs, and the partitions are given no event, no watermark and no commit
   * until it is done (issue 17: one such close held the thread 8–20 s and the member was evicted).
   */
  async function drain(control?: BatchControl): Promise<void> {
    if (tasks.pending().length === 0) return;
    await whileWaiting(drainSlices(), control);
  }

  async function drainSlices(): Promise<void> {
    for (let pending = tasks.pending(); pending.length > 0; pending = tasks.pending()) {
      for (const partition of pending) {
        // setImmediate: after the timers and the sockets' I/O of this turn of the event loop.
        await new Promise<void>((resolve) => setImmediate(resolve));
        tasks.resume(partition, out);
      }
    }
  }

  async function ensureAssigned(partition: number, control: BatchControl): Promise<boolean> {
    if (tasks.partitions().includes(partition)) return true;
    if (!assigned.has(partition)) return false;
    // Heartbeating meanwhile: an operator that loads its state from the store may take longer
    // than the session timeout, and the member must not be taken for dead while it does.
    const asked = deps.now();
    const committed = await whileWaiting(deps.consumer.committed(partition), control);
    const operator = await whileWaiting(Promise.resolve(def.operator(partition)), control);
    // A rebalance during the await may have taken the partition again.
    if (!assigned.has(partition)) return false;
    const mark = parseMark(committed?.metadata ?? null);
    tasks.assign(partition, committed?.offset ?? 0, mark, deps.now(), operator);
    // operatorMs: its state loaded (a detector's restore); sinceAssignmentMs: that and the first fetch.
    const assignedAt = awaitingFirstOutput.get(partition)?.at;
    log.info(
      {
        partition,
        from: committed?.offset ?? 0,
        operatorMs: deps.now() - asked,
        ...(assignedAt === undefined ? {} : { sinceAssignmentMs: deps.now() - assignedAt }),
      },
      'partition assigned',
    );
    return true;
  }

  /** The first output of a partition's batches since its assignment: observed and logged once. */
  function firstOutput(partition: number, rows: number): void {
    const since = awaitingFirstOutput.get(partition);
    if (since === undefined) return;
    awaitingFirstOutput.delete(partition);
    const seconds = (deps.now() - since.at) / 1000;
    const cpu = process.cpuUsage(since.cpu);
    deps.metrics.assignmentFirstOutputSeconds.observe(labels, seconds);
    // processCpuS: every thread of the process meanwhile, other processors' included.
    log.info(
      { partition, seconds, processCpuS: (cpu.user + cpu.system) / 1e6, rows },
      'first output after assignment',
    );
  }

  /**
   * Decodes, checks and sorts a batch of one event per message; undefined when a rebalance took
   * the partition while reference data was awaited (its next owner replays the batch).
   */
  async function classify(batch: RawBatch, control: BatchControl, now: number) {
    const classified = decodeBatch<E>(batch.messages, {
      status: (offset) => tasks.status(batch.partition, offset),
      decode: decode as (value: string | Uint8Array | null) => ReturnType<typeof decode>,
      check: def.check?.bind(def),
    });
    // A message the check refuses may name an id its reference data has not caught up with:
    // once ready() says it holds everything published before now (so before this batch), the
    // refused ones are checked again. Asked only when something is refused: not on every batch.
    if (
      def.ready !== undefined &&
      (classified.some((d) => d.rejected !== undefined) || holding?.expiring(batch.partition, now))
    ) {
      await whileWaiting(def.ready(), control);
      for (const d of classified) {
        if (d.rejected !== undefined && d.decoded?.ok) d.rejected = def.check?.(d.decoded.value);
      }
      // A rebalance during the wait took the partition: its next owner replays the batch (and
      // nothing may be held for a partition this process no longer owns).
      if (control.isStale() || !tasks.partitions().includes(batch.partition)) return undefined;
    }
    return sortBatch(classified, batch, {
      eventTime: (event) => def.eventTime(event),
      hold:
        holding &&
        ((message, event, rejected) => {
          if (!holding.holds(batch.partition, message, rejected)) return false;
          // A held message was never dead-lettered (nor processed): a replay holds it again.
          holding.add(batch.partition, message, event, rejected, now);
          return true;
        }),
    });
  }

  async function handleBatch(batch: RawBatch, control: BatchControl): Promise<void> {
    if (stopped || control.isStale() || !(await ensureAssigned(batch.partition, control))) return;
    // Batches fetched before the rebalance may still be running; the pause ends with the
    // first batch after the new assignment.
    if (rebalanceStartedAt !== undefined && reassigned) {
      deps.metrics.rebalancePauseSeconds.observe(labels, (deps.now() - rebalanceStartedAt) / 1000);
      rebalanceStartedAt = undefined;
      reassigned = false;
    }
    const now = deps.now();
    const status = (offset: number) => tasks.status(batch.partition, offset);
    const eventTime = (event: E) => def.eventTime(event);
    // One pass, no object per message besides its record, unless the check refuses a message
    // or the partition holds some: then the long way (reference data awaited, holding).
    const check = def.check?.bind(def);
    const sorted =
      def.decodeMany !== undefined
        ? decodeSorted(batch.messages, batch, { status, eventTime, many: true, decode: def.decodeMany })
        : ((holding?.oldestOffset(batch.partition) === undefined
            ? decodeSorted(batch.messages, batch, { status, eventTime, decode, check })
            : undefined) ?? (await classify(batch, control, now)));
    if (sorted === undefined) return;
    const { records, letters } = sorted;
    for (const letter of letters) countDeadLetter(letter.error);
    // The awaits before (reference data, the operator's state loaded) may have lost the partition.
    if (!owned(batch.partition)) return;
    const late: LateEvent[] = [];
    // Held messages first: what their ids waited for may have come; older offsets go first.
    const swept = holding?.sweep(batch.partition, now, def.eventTime);
    for (const letter of swept?.letters ?? []) countDeadLetter(letter.error);
    const first = batch.messages[0]?.offset ?? 0;
    const last = batch.messages.at(-1)?.offset ?? first;
    const provenance = { partition: batch.partition, fromOffset: first, toOffset: last };
    const releasedCounts =
      swept === undefined
        ? undefined
        : tasks.release(batch.partition, swept.released, now, out, onLate(late));
    await drain(control);
    if (!owned(batch.partition)) return await revokedMidBatch(provenance, control);
    const counts = tasks.process(batch.partition, records, now, out, onLate(late));
    await drain(control);
    if (!owned(batch.partition)) return await revokedMidBatch(provenance, control);
    tasks.skipTo(batch.partition, last);

    await publishLetters([...(swept?.letters ?? []), ...letters], provenance, control);
    const outputs = emitted.length;
    await writeOutputs(provenance, control);
    if (outputs > 0) firstOutput(batch.partition, outputs);
    if (late.length > 0)
      await whileWaiting(def.late.write(late, { topic: def.topic, ...provenance }), control);
    if (releasedCounts !== undefined) observeDispositions(releasedCounts);
    observe(batch, def.decodeMany === undefined ? batch.messages.length : eventsRead(batch, records), counts);
    if (deps.now() - lastCommitAt >= def.commitIntervalMs) commitInBackground();
  }

  /** Whether this process still owns the partition: an await (a drain lasts seconds) may have lost it. */
  function owned(partition: number): boolean {
    return tasks.partitions().includes(partition);
  }

  /**
   * A rebalance during the batch's drain took its partition (kafkajs' rejoin, platformatic's join
   * event): its next owner replays the batch from the last commit, so its dead letters, late events
   * and progress are left to it (publishing them here would publish them twice). The rows emitted
   * so far are written all the same: the other partitions' drained work is among them (their
   * tasks have moved past it: dropped, it would be lost), and the revoked partition's are the rows
   * its next owner computes again from the same input, which the sinks take as the replays a crash
   * after a write leaves (the same rows, written again).
   */
  async function revokedMidBatch(provenance: Provenance, control: BatchControl): Promise<void> {
    await writeOutputs(provenance, control);
  }

  async function publishLetters(
    letters: readonly DeadLetter[],
    provenance: Provenance,
    control?: BatchControl,
  ): Promise<void> {
    if (def.deadLetters !== 'publish' || letters.length === 0) return;
    await whileWaiting(
      publishDeadLetters(deps.producer, def.name, letters, (topic) => deps.codec.deadLetterTopic(topic)),
      control,
    );
    if (def.deadLetterLog === undefined) return;
    const receivedAt = deps.now();
    const records = letters.map(
      (l): DeadLetterRecord => ({
        topic: l.topic,
        partition: l.partition,
        offset: l.offset,
        receivedAt,
        error: l.error,
        bytes: l.value?.length ?? 0,
        processor: def.name,
      }),
    );
    await whileWaiting(def.deadLetterLog.write(records, { topic: def.topic, ...provenance }), control);
  }

  /**
   * Releases or dead-letters held messages between batches: a silent feed's held messages must
   * not wait for its next message. Reference data is refreshed first when one would expire.
   */
  async function sweepHeld(): Promise<void> {
    if (holding === undefined) return;
    const now = deps.now();
    const partitions = holding.partitions().filter(owned);
    if (def.ready !== undefined && partitions.some((p) => holding.expiring(p, now))) await def.ready();
    for (const partition of partitions) {
      // The wait for reference data, or the drain of the partition before, may have lost it. Its
      // held messages went with it (holding.revoke: the sweep would find none), and its next
      // owner holds them again; said here so the release below never rests on that alone.
      if (!owned(partition)) continue;
      const { released, letters } = holding.sweep(partition, now, def.eventTime);
      if (released.length === 0 && letters.length === 0) continue;
      const offsets = [...released, ...letters].map((r) => r.offset);
      const provenance = { partition, fromOffset: Math.min(...offsets), toOffset: Math.max(...offsets) };
      for (const letter of letters) countDeadLetter(letter.error);
      const late: LateEvent[] = [];
      const counts = tasks.release(partition, released, now, out, onLate(late));
      await drain();
      // Lost during the drain: as in a batch (revokedMidBatch), its next owner holds and
      // dead-letters these messages again; the rows emitted so far are written.
      if (!owned(partition)) {
        await writeOutputs(provenance);
        continue;
      }
      await publishLetters(letters, provenance);
      await writeOutputs(provenance);
      if (late.length > 0) await def.late.write(late, { topic: def.topic, ...provenance });
      observeDispositions(counts);
    }
  }

  function observeDispositions(counts: Record<string, number>) {
    for (const [disposition, n] of Object.entries(counts)) {
      if (n > 0) deps.metrics.dispositions.inc({ ...labels, disposition }, n);
    }
  }

  function countDeadLetter(error: Rejection) {
    deps.metrics.deadLetters.inc({ ...labels, topic: def.topic, code: error.code });
  }

  function observe(batch: RawBatch, read: number, counts: Record<string, number>) {
    deps.metrics.eventsIn.inc({ ...labels, topic: def.topic }, read);
    observeDispositions(counts);
    const last = batch.messages.at(-1)?.offset ?? 0;
    const lag = batch.highWatermark - last - 1;
    processed += read;
    lagByPartition.set(batch.partition, lag);
    deps.metrics.lag.set({ ...labels, topic: def.topic, partition: String(batch.partition) }, lag);
    const watermark = tasks.watermark(batch.partition);
    if (Number.isFinite(watermark)) {
      deps.metrics.watermarkDelay.set(
        { ...labels, partition: String(batch.partition) },
        (deps.now() - watermark) / 1000,
      );
    }
    deps.metrics.openWindows.set(labels, tasks.openWindows());
  }

  /**
   * Stops the processor on a failure no retry can cure: nothing more is read or committed (the
   * uncommitted input is replayed by the next start), the group is left so that the failure is
   * not hidden by a rebalance loop, and the failure is logged, counted and reported.
   * Retriable or unclassified failures are rethrown: their callers retry or log them.
   */
  function failOn(error: unknown, during: string): void {
    if (retriableOf(error) !== false) throw error;
    if (failure !== undefined) return;
    const code =
      typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'FAILED';
    const message = error instanceof Error ? error.message : String(error);
    failure = { code, message, at: deps.now() };
    stopped = true;
    clearInterval(ticker);
    deps.metrics.processorFailed.set({ ...labels, code }, 1);
    log.error(
      { err: error, code, during },
      'processor stopped: a failure that cannot succeed on retry; nothing past it is committed, fix the cause and restart',
    );
    // Not awaited here: the consumer's stop waits for the batch handler this may run in.
    leaving = Promise.resolve()
      .then(() => deps.consumer.stop())
      .catch((stopError: unknown) =>
        log.error({ err: stopError }, 'leaving the group after a failure failed'),
      );
  }

  /**
   * Commits what the sinks hold now, without holding up the batches: a slow target (ClickHouse
   * down) must not stop results flowing to the others (alerts to Kafka, then the screens).
   * The commit points are taken before the flush, and the flush covers every row written
   * before it, so offsets never run ahead of what the sinks hold. Reading goes on until a
   * sink's bounded buffer is full (its `write` then waits): memory stays bounded.
   */
  function commitInBackground(): void {
    if (committing !== undefined) return;
    lastCommitAt = deps.now();
    const points = tasks.commitPoints(held).filter((p) => assigned.has(p.partition));
    const since = generation;
    committing = Promise.all(allSinks.map((sink) => sink.flush()))
      .then(() => {
        // Partitions moved meanwhile, or a sink failed for good: commit nothing.
        if (since === generation && failure === undefined) return commitPoints(points);
      })
      .catch((error: unknown) => {
        try {
          failOn(error, 'commit');
        } catch {
          log.error({ err: error }, 'background commit failed');
        }
      })
      .finally(() => {
        committing = undefined;
      });
  }

  /** Flush, then commit, waiting for both (stopping): offsets never run ahead of what the sinks hold. */
  async function commit(): Promise<void> {
    await committing;
    await Promise.all(allSinks.map((sink) => sink.flush()));
    await commitPoints(tasks.commitPoints(held).filter((p) => assigned.has(p.partition)));
  }

  async function commitPoints(points: readonly CommitPoint[]): Promise<void> {
    try {
      await deps.consumer.commit(
        points.map((p) => ({ partition: p.partition, offset: p.offset, metadata: encodeMark(p.mark) })),
      );
      deps.metrics.commits.inc({ ...labels, outcome: 'ok' });
    } catch (error) {
      // A rebalance took the partitions: their next owner replays from the last commit.
      deps.metrics.commits.inc({ ...labels, outcome: 'failed' });
      log.warn({ err: error }, 'commit failed; the next owner replays from the previous commit');
    }
    lastCommitAt = deps.now();
  }

  const ticker = setInterval(
    () => {
      serial
        .run(async () => {
          if (stopped) return;
          await sweepHeld();
          tasks.tick(deps.now(), out);
          await drain();
          await writeOutputs({ partition: -1, fromOffset: -1, toOffset: -1 });
          if (deps.now() - lastCommitAt >= def.commitIntervalMs) commitInBackground();
        })
        .catch((error: unknown) => {
          try {
            failOn(error, 'idle tick');
          } catch {
            log.error({ err: error }, 'idle tick failed');
          }
        });
    },
    Math.max(250, Math.min(def.idleTimeoutMs, def.commitIntervalMs)),
  );

  await deps.consumer.start({
    onRebalancing: () => {
      rebalanceStartedAt ??= deps.now();
    },
    onAssignment: (partitions) => {
      deps.metrics.assignments.inc(labels);
      const next = new Set(partitions);
      const added = partitions.filter((partition) => !assigned.has(partition));
      for (const partition of awaitingFirstOutput.keys())
        if (!next.has(partition)) awaitingFirstOutput.delete(partition);
      const at = deps.now();
      const cpu = process.cpuUsage();
      for (const partition of added) awaitingFirstOutput.set(partition, { at, cpu });
      if (added.length > 0) log.info({ partitions: added }, 'partitions assigned to this member');
      for (const partition of tasks.partitions()) {
        if (!next.has(partition)) {
          tasks.revoke(partition);
          holding?.revoke(partition);
          lagByPartition.delete(partition);
          log.info({ partition }, 'partition revoked');
        }
      }
      assigned = next;
      generation++;
      reassigned = rebalanceStartedAt !== undefined;
    },
    onBatch: (batch, control) => {
      let begin = () => {};
      const turn = new Promise<void>((resolve) => {
        begin = resolve;
      });
      const done = serial.run(async () => {
        begin();
        try {
          await handleBatch(batch, control);
        } catch (error) {
          failOn(error, 'batch');
        }
      });
      // A batch waiting for its turn behind an idle tick's work (a drained close, a slow sink)
      // keeps the member in the group: the tick has no batch to heartbeat with.
      return whileWaiting(turn, control).then(() => done);
    },
  });
  log.info({ topic: def.topic }, 'processor started');

  return {
    progress: () => ({
      processed,
      held: holding?.size ?? 0,
      partitions: [...assigned].map((partition) => ({
        partition,
        lag: lagByPartition.get(partition) ?? Number.POSITIVE_INFINITY,
        watermark: tasks.partitions().includes(partition)
          ? tasks.watermark(partition)
          : Number.NEGATIVE_INFINITY,
      })),
      failure,
    }),
    async stop() {
      clearInterval(ticker);
      if (failure !== undefined) {
        // Nothing to flush or commit: a sink refused its rows, and the input stays uncommitted.
        await leaving;
        return;
      }
      try {
        await serial.run(async () => {
          await commit();
          stopped = true;
        });
      } catch (error) {
        failOn(error, 'stop');
        await leaving;
        return;
      }
      await deps.consumer.stop();
      await Promise.all(allSinks.map((sink) => sink.close()));
      log.info('processor stopped');
    },
  };
}

import { isUtf8 } from 'node:buffer';
import { type DecodeError, decode } from '@onegrid/contracts';
import type { BatchControl, ConsumerClient, KafkaProducer as Producer, RawBatch } from '@onegrid/kafka';
import type { Logger } from '@onegrid/logging';
import { z } from 'zod';
import type { PartitionOperator, SourceRecord } from './core/operator.ts';
import { type CommitMark, type CommitPoint, PartitionTasks } from './core/partition-tasks.ts';
import { Serial } from './core/serial.ts';
import { Holding, type HoldSpec } from './holding.ts';
import { type DeadLetter, publishDeadLetters } from './kafka/dead-letters.ts';
import type { StreamMetrics } from './metrics.ts';
import type { Sink } from './sinks/sink.ts';

/** A dead letter as recorded for analysts: where it came from and why, never its bytes. */
export interface DeadLetterRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** Processing time it was read, epoch ms. */
  readonly receivedAt: number;
  readonly error: DecodeError;
  readonly bytes: number;
  readonly processor: string;
}

/** An event too late for every window it belongs to, kept for people to look at. */
export interface LateEvent {
  readonly processor: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** ISO-8601 UTC. */
  readonly event_time: string;
  /** ISO-8601 UTC; null before the partition's first on-time event. */
  readonly watermark: string | null;
  readonly payload: string;
}

export interface ProcessorDefinition<S extends z.ZodType, O> {
  /** Names the consumer group (`onegrid.<name>`) and labels metrics and logs. */
  readonly name: string;
  readonly topic: string;
  readonly schema: S;
  eventTime(event: z.output<S>): number;
  /**
   * Rejects a message that decodes but cannot be used (e.g. it names an id no registry knows):
   * it goes to the dead-letter topic like a malformed one, original bytes and reason kept.
   */
  check?(event: z.output<S>): DecodeError | undefined;
  /**
   * Awaited when `check` refuses a message of a batch, before checking it again: e.g. until the
   * reference data `check` looks ids up in holds everything published before the batch was.
   */
  ready?(): Promise<void>;
  /**
   * Holds a message `check` refuses for a reason `hold.curable` accepts (its reference data may be late)
   * instead of dead-lettering it at once: it is checked again at each batch and tick, released
   * in offset order once it passes, and dead-lettered with the reason once held `graceMs` of
   * processing time (or pushed out by the bounds). A later message with the same key waits
   * behind it. No offset is committed past a held message. Released messages reach the operator
   * behind the partition's newer offsets: for operators that do not mind order (stores keyed on
   * the message's id), which is what the archives are.
   */
  readonly hold?: HoldSpec;
  /**
   * A partition's operator, built when the partition is assigned (again after every
   * rebalance). It may load what it needs first (e.g. state its previous owner stored):
   * the partition's records wait for it, and its committed offset is read before it is called.
   */
  operator(partition: number): PartitionOperator<z.output<S>, O> | Promise<PartitionOperator<z.output<S>, O>>;
  readonly outOfOrdernessMs: number;
  readonly idleTimeoutMs: number;
  readonly sinks: readonly Sink<O>[];
  readonly late: Sink<LateEvent>;
  /** Where the dead letters this processor publishes are also recorded (reason and size, not bytes). */
  readonly deadLetterLog?: Sink<DeadLetterRecord>;
  /** `publish`: this processor owns the topic's dead letters; `count`: another one publishes them. */
  readonly deadLetters: 'publish' | 'count';
  readonly commitIntervalMs: number;
}

export interface ProcessorDeps {
  readonly consumer: ConsumerClient;
  readonly producer: Producer;
  readonly logger: Logger;
  readonly metrics: StreamMetrics;
  /** Processing time (idle detection, lag metrics). Event time always comes from events. */
  readonly now: () => number;
}

export interface PartitionProgress {
  readonly partition: number;
  /** Messages between the last one processed and the end of the partition, at the last batch. */
  readonly lag: number;
  readonly watermark: number;
}

export interface RunningProcessor {
  /** Where each owned partition stands: for readiness checks and for tests to wait on. */
  progress(): {
    readonly processed: number;
    /** Messages held while reference data catches up (see ProcessorDefinition.hold). */
    readonly held: number;
    readonly partitions: readonly PartitionProgress[];
  };
  /** Flushes every sink, commits, and leaves the group. */
  stop(): Promise<void>;
}

/**
 * Runs one processor: reads its topic in a consumer group, decodes each message with the
 * topic's schema (dead-lettering what fails), runs the operator per partition, writes results
 * to the sinks, and commits offsets only once the sinks hold everything emitted so far and
 * only up to the oldest input still needed by open state. So a crash at any point replays
 * input that rebuilds state and re-emits identical results: nothing lost, nothing counted twice.
 */
export async function runProcessor<S extends z.ZodType, O>(
  def: ProcessorDefinition<S, O>,
  deps: ProcessorDeps,
): Promise<RunningProcessor> {
  type E = z.output<S>;
  const log = deps.logger.child({ processor: def.name });
  const labels = { processor: def.name };
  const tasks = new PartitionTasks<E, O>({
    outOfOrdernessMs: def.outOfOrdernessMs,
    idleTimeoutMs: def.idleTimeoutMs,
  });
  // Compiled once: about twice as fast on valid messages, identical results (see contracts).
  const schema: z.ZodType = z.compile(def.schema);
  const serial = new Serial();
  let assigned = new Set<number>();
  let lastCommitAt = deps.now();
  /** The commit under way in the background, if any: one at a time. */
  let committing: Promise<void> | undefined;
  /** Bumped at every assignment: a background commit is dropped if the partitions moved meanwhile. */
  let generation = 0;
  let rebalanceStartedAt: number | undefined;
  let reassigned = false;
  let stopped = false;
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

  async function writeOutputs(
    provenance: { partition: number; fromOffset: number; toOffset: number },
    control?: BatchControl,
  ) {
    const rows = emitted.splice(0, emitted.length);
    if (rows.length === 0) return;
    await whileWaiting(
      Promise.all(def.sinks.map((sink) => sink.write(rows, { topic: def.topic, ...provenance }))),
      control,
    );
  }

  async function ensureAssigned(partition: number, control: BatchControl): Promise<boolean> {
    if (tasks.partitions().includes(partition)) return true;
    if (!assigned.has(partition)) return false;
    // Heartbeating meanwhile: an operator that loads its state from the store may take longer
    // than the session timeout, and the member must not be taken for dead while it does.
    const committed = await whileWaiting(deps.consumer.committed(partition), control);
    const operator = await whileWaiting(Promise.resolve(def.operator(partition)), control);
    // A rebalance during the await may have taken the partition again.
    if (!assigned.has(partition)) return false;
    const mark = parseMark(committed?.metadata ?? null);
    tasks.assign(partition, committed?.offset ?? 0, mark, deps.now(), operator);
    log.info({ partition, from: committed?.offset ?? 0 }, 'partition assigned');
    return true;
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
    const records: SourceRecord<E>[] = [];
    const letters: DeadLetter[] = [];
    const decodedBatch = batch.messages.map((message) => {
      const status = tasks.status(batch.partition, message.offset);
      if (status === 'seen') return { message, status, decoded: undefined, rejected: undefined };
      // Node's native UTF-8 check + toString is faster than a fatal TextDecoder; bytes that are
      // not UTF-8 go to decode as they are, which reports them as malformed.
      const value = message.value;
      const decoded = decode(schema, value !== null && isUtf8(value) ? value.toString('utf8') : value);
      const rejected = decoded.ok ? def.check?.(decoded.value as E) : undefined;
      return { message, status, decoded, rejected };
    });
    // A message the check refuses may name an id its reference data has not caught up with:
    // once ready() says it holds everything published before now (so before this batch), the
    // refused ones are checked again. Asked only when something is refused: not on every batch.
    const now = deps.now();
    if (
      def.ready !== undefined &&
      (decodedBatch.some((d) => d.rejected !== undefined) || holding?.expiring(batch.partition, now))
    ) {
      await whileWaiting(def.ready(), control);
      for (const d of decodedBatch) {
        if (d.rejected !== undefined && d.decoded?.ok) d.rejected = def.check?.(d.decoded.value as E);
      }
      // A rebalance during the wait took the partition: its next owner replays the batch (and
      // nothing may be held for a partition this process no longer owns).
      if (control.isStale() || !tasks.partitions().includes(batch.partition)) return;
    }
    for (const { message, status, decoded, rejected } of decodedBatch) {
      if (decoded === undefined) continue;
      // A held message was never dead-lettered (nor processed): a replay holds it again.
      if (decoded.ok && holding?.holds(batch.partition, message, rejected)) {
        holding.add(batch.partition, message, decoded.value as E, rejected, now);
      } else if (decoded.ok && rejected !== undefined) {
        if (status === 'new') {
          letters.push({ ...message, topic: batch.topic, partition: batch.partition, error: rejected });
          countDeadLetter(rejected);
        }
      } else if (decoded.ok) {
        const event = decoded.value as E;
        records.push({
          event,
          eventTime: def.eventTime(event),
          partition: batch.partition,
          offset: message.offset,
        });
      } else if (status === 'new') {
        letters.push({ ...message, topic: batch.topic, partition: batch.partition, error: decoded.error });
        countDeadLetter(decoded.error);
      }
    }
    const late: LateEvent[] = [];
    const onLate = (record: SourceRecord<E>) =>
      late.push(lateEvent(def, record, tasks.watermark(record.partition)));
    // Held messages first: what their ids waited for may have come; older offsets go first.
    const swept = holding?.sweep(batch.partition, now, def.eventTime);
    for (const letter of swept?.letters ?? []) countDeadLetter(letter.error);
    const releasedCounts =
      swept === undefined ? undefined : tasks.release(batch.partition, swept.released, now, out, onLate);
    const counts = tasks.process(batch.partition, records, now, out, onLate);
    const first = batch.messages[0]?.offset ?? 0;
    const last = batch.messages.at(-1)?.offset ?? first;
    tasks.skipTo(batch.partition, last);
    const provenance = { partition: batch.partition, fromOffset: first, toOffset: last };

    await publishLetters([...(swept?.letters ?? []), ...letters], provenance, control);
    await writeOutputs(provenance, control);
    if (late.length > 0)
      await whileWaiting(def.late.write(late, { topic: def.topic, ...provenance }), control);
    if (releasedCounts !== undefined) observeDispositions(releasedCounts);
    observe(batch, counts);
    if (deps.now() - lastCommitAt >= def.commitIntervalMs) commitInBackground();
  }

  async function publishLetters(
    letters: readonly DeadLetter[],
    provenance: { partition: number; fromOffset: number; toOffset: number },
    control?: BatchControl,
  ): Promise<void> {
    if (def.deadLetters !== 'publish' || letters.length === 0) return;
    await whileWaiting(publishDeadLetters(deps.producer, def.name, letters), control);
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
    const partitions = holding.partitions().filter((p) => tasks.partitions().includes(p));
    if (def.ready !== undefined && partitions.some((p) => holding.expiring(p, now))) await def.ready();
    for (const partition of partitions) {
      const { released, letters } = holding.sweep(partition, now, def.eventTime);
      if (released.length === 0 && letters.length === 0) continue;
      const offsets = [...released, ...letters].map((r) => r.offset);
      const provenance = { partition, fromOffset: Math.min(...offsets), toOffset: Math.max(...offsets) };
      for (const letter of letters) countDeadLetter(letter.error);
      const late: LateEvent[] = [];
      const counts = tasks.release(partition, released, now, out, (record) =>
        late.push(lateEvent(def, record, tasks.watermark(record.partition))),
      );
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

  function countDeadLetter(error: DecodeError) {
    deps.metrics.deadLetters.inc({ ...labels, topic: def.topic, code: error.code });
  }

  function observe(batch: RawBatch, counts: Record<string, number>) {
    deps.metrics.eventsIn.inc({ ...labels, topic: def.topic }, batch.messages.length);
    observeDispositions(counts);
    const last = batch.messages.at(-1)?.offset ?? 0;
    const lag = batch.highWatermark - last - 1;
    processed += batch.messages.length;
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
        // Partitions moved meanwhile: their next owner replays from the previous commit.
        if (since === generation) return commitPoints(points);
      })
      .catch((error: unknown) => log.error({ err: error }, 'background commit failed'))
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
          await writeOutputs({ partition: -1, fromOffset: -1, toOffset: -1 });
          if (deps.now() - lastCommitAt >= def.commitIntervalMs) commitInBackground();
        })
        .catch((error: unknown) => log.error({ err: error }, 'idle tick failed'));
    },
    Math.max(250, Math.min(def.idleTimeoutMs, def.commitIntervalMs)),
  );

  await deps.consumer.start({
    onRebalancing: () => {
      rebalanceStartedAt ??= deps.now();
    },
    onAssignment: (partitions) => {
      const next = new Set(partitions);
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
    onBatch: (batch, control) => serial.run(() => handleBatch(batch, control)),
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
    }),
    async stop() {
      clearInterval(ticker);
      await serial.run(async () => {
        await commit();
        stopped = true;
      });
      await deps.consumer.stop();
      await Promise.all(allSinks.map((sink) => sink.close()));
      log.info('processor stopped');
    },
  };
}

/** Offset-commit metadata: `{"w":<watermark or null before the first event>,"p":<processed through>}`. */
export function encodeMark(mark: CommitMark): string {
  return JSON.stringify({
    w: Number.isFinite(mark.watermark) ? mark.watermark : null,
    p: mark.processedThrough,
  });
}

export function parseMark(metadata: string | null): CommitMark | undefined {
  if (metadata === null || metadata === '') return undefined;
  let mark: { w?: unknown; p?: unknown };
  try {
    mark = JSON.parse(metadata) as { w?: unknown; p?: unknown };
  } catch {
    return undefined; // metadata written by another tool: resume from the offset alone
  }
  if (typeof mark.p !== 'number' || !(typeof mark.w === 'number' || mark.w === null)) return undefined;
  return { watermark: mark.w ?? Number.NEGATIVE_INFINITY, processedThrough: mark.p };
}

function lateEvent<E>(
  def: { name: string; topic: string },
  record: SourceRecord<E>,
  watermark: number,
): LateEvent {
  return {
    processor: def.name,
    topic: def.topic,
    partition: record.partition,
    offset: record.offset,
    event_time: new Date(record.eventTime).toISOString(),
    watermark: Number.isFinite(watermark) ? new Date(watermark).toISOString() : null,
    payload: JSON.stringify(record.event),
  };
}

/** Awaits `work`, heartbeating the group meanwhile and pausing the partition if it takes long. */
async function whileWaiting<T>(work: Promise<T>, control: BatchControl | undefined): Promise<T> {
  if (control === undefined) return work;
  let resume: (() => void) | undefined;
  const slow = setTimeout(() => {
    resume = control.pause();
  }, 1_000);
  const beat = setInterval(() => {
    // A failed heartbeat means the group is rebalancing; kafkajs rejoins by itself and
    // isStale() tells the batch, so there is nothing to do with the error here.
    control.heartbeat().catch(() => undefined);
  }, 2_000);
  try {
    return await work;
  } finally {
    clearTimeout(slow);
    clearInterval(beat);
    resume?.();
  }
}

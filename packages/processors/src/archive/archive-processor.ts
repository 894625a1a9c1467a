import type { DecodeError } from '@onegrid/contracts';
import { type DeadLetterRow, deadLetterRow, TABLES } from '@onegrid/store';
import type { HoldSpec, ProcessorDefinition, Sink, SourceRecord } from '@onegrid/stream';
import type { z } from 'zod';
import { lateSink, type ProcessorContext, tableSink } from '../context.ts';
import { PassThroughOperator } from '../operators/pass-through-operator.ts';
import { routedSink } from '../sinks/routed-sink.ts';

export interface ArchiveSpec<S extends z.ZodType, Row> {
  readonly name: string;
  readonly topic: string;
  readonly schema: S;
  /** The raw table and the row a message becomes in it (`eventTime`: the message's, parsed once). */
  readonly table: string;
  toRow(message: z.output<S>, eventTime: number): Row;
  /**
   * The table's block body built from the records themselves, in place of `toRow` and the
   * default JSON: no row object per message (the raw meter rows: TabSeparated, issue 17).
   */
  encodeRecords?(records: readonly SourceRecord<z.output<S>>[]): { format: string; body: string };
  eventTime(message: z.output<S>): number;
  /** Refuses messages naming unknown ids: they are held a while (`hold`), then dead-lettered. */
  check?(message: z.output<S>): DecodeError | undefined;
  readonly hold?: HoldSpec;
  /** More places each accepted message goes (a re-keyed internal topic). */
  readonly also?: readonly Sink<SourceRecord<z.output<S>>>[];
  /** `publish` for the one processor that owns the topic's dead letters. */
  readonly deadLetters: 'publish' | 'count';
}

/**
 * A processor that stores every valid message of a topic in its raw table (and, optionally,
 * re-keys it onto an internal topic), dead-lettering what cannot be used. It is the one place
 * a topic's bad messages are published from.
 */
export function archiveProcessor<S extends z.ZodType, Row>(
  ctx: ProcessorContext,
  spec: ArchiveSpec<S, Row>,
): ProcessorDefinition<S, SourceRecord<z.output<S>>> {
  type E = z.output<S>;
  return {
    name: spec.name,
    topic: spec.topic,
    schema: spec.schema,
    eventTime: spec.eventTime,
    ...(spec.check !== undefined ? { check: spec.check } : {}),
    ...(spec.hold !== undefined ? { hold: spec.hold } : {}),
    operator: () => new PassThroughOperator<E>(),
    outOfOrdernessMs: 0,
    idleTimeoutMs: 60_000,
    sinks: [
      spec.encodeRecords !== undefined
        ? tableSink<SourceRecord<E>>(ctx, spec.table, spec.encodeRecords)
        : routedSink<SourceRecord<E>, Row>(tableSink<Row>(ctx, spec.table), (r) =>
            spec.toRow(r.event, r.eventTime),
          ),
      ...(spec.also ?? []),
    ],
    late: lateSink(ctx),
    deadLetters: spec.deadLetters,
    ...(spec.deadLetters === 'publish'
      ? { deadLetterLog: routedSink(tableSink<DeadLetterRow>(ctx, TABLES.deadLetters), deadLetterRow) }
      : {}),
    commitIntervalMs: ctx.commitIntervalMs,
  };
}

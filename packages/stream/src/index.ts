export type { Codec, Decoded, Rejection } from './codec.ts';
export { backoffDelay } from './core/backoff.ts';
export type { Disposition, Emitter, PartitionOperator, SourceRecord } from './core/operator.ts';
export {
  type CommitMark,
  type CommitPoint,
  type DispositionCounts,
  PartitionTasks,
} from './core/partition-tasks.ts';
export {
  type MergingAggregator,
  SessionAggregation,
  type SessionAggregationSpec,
} from './core/session-aggregation.ts';
export { Watermarks } from './core/watermarks.ts';
export {
  type Aggregator,
  WindowedAggregation,
  type WindowedAggregationSpec,
  type WindowResult,
} from './core/windowed-aggregation.ts';
export { hoppingWindows, type TimeWindow, tumblingWindows, type WindowAssigner } from './core/windows.ts';
export { StreamError, type StreamErrorCode } from './errors.ts';
export type { HoldSpec } from './holding.ts';
export { type DeadLetter, DLQ_HEADERS, publishDeadLetters } from './kafka/dead-letters.ts';
export { type SinkMetrics, type StreamMetrics, streamMetrics } from './metrics.ts';
export { encodeMark, parseMark } from './processor/commit-marks.ts';
export type {
  DeadLetterRecord,
  PartitionProgress,
  ProcessorDefinition,
  ProcessorDeps,
  ProcessorFailure,
  RunningProcessor,
} from './processor/definition.ts';
export type { LateEvent } from './processor/late-event.ts';
export { runProcessor } from './processor/run-processor.ts';
export { BufferedSink, type BufferedSinkOptions } from './sinks/buffered-sink.ts';
export { clickHouseSink, serialise } from './sinks/clickhouse-sink.ts';
export { kafkaSink } from './sinks/kafka-sink.ts';
export type { Provenance, Sink } from './sinks/sink.ts';

export {
  numberFlag,
  openPublishTarget,
  type PublishTarget,
  plantRates,
  topicCountLines,
} from './cli-support.ts';
export { type Counts, countRecord, emptyCounts, type TopicCounts } from './counts.ts';
export { FeedIoError, type FeedIoErrorCode } from './errors.ts';
export { type FeedKafka, feedKafka } from './feed-kafka.ts';
export { connectPublisher, type KafkaPublisher, topicMessageCounts } from './publish.ts';
export { FAULTS, type Fault, INVALID_FAULTS, type RecordSink, type StreamRecord } from './record.ts';
export { type CliRun, runCli } from './run-cli.ts';
export { openTruthFile, type TruthFile, type TruthOutput, truthOutput } from './truth-file.ts';

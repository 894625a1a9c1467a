export type {
  GroupDescription,
  GroupOffset,
  GroupSourceOptions,
  KafkaAdmin,
  KafkaClient,
  KafkaClientName,
  KafkaProducer,
  KafkaRecord,
  NewTopic,
  OutgoingMessage,
  PartitionInfo,
  PartitionOffsets,
  ProducerOptions,
  ReadOptions,
  RecordBatch,
  TopicMessages,
  TopicReader,
  Written,
} from './adapter.ts';
export { worthAskingAgain } from './ask-again.ts';
export { createKafka } from './client.ts';
export { type KafkaConfig, kafkaConfigSchema, loadKafkaConfig } from './config.ts';
export { KafkaAdapterError, type KafkaErrorCode } from './errors.ts';
export type {
  BatchControl,
  CommittedOffset,
  ConsumerClient,
  ConsumerHandlers,
  RawBatch,
  RawMessage,
} from './group-source.ts';
export { checkKafka, type KafkaHealth } from './health.ts';
export { type ProvisionReport, provisionTopics } from './provision.ts';
export { declareTopics, type TopicDeclaration, topicConfigEntries } from './topics.ts';
export { warmProducer } from './warm.ts';

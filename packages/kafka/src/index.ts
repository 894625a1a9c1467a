export { createKafka } from './client.ts';
export { type KafkaConfig, kafkaConfigSchema, loadKafkaConfig } from './config.ts';
export { KafkaAdapterError, type KafkaErrorCode } from './errors.ts';
export { checkKafka, type KafkaHealth } from './health.ts';
export { type ProvisionReport, provisionTopics } from './provision.ts';
export { declareTopics, type TopicDeclaration, topicConfigEntries } from './topics.ts';

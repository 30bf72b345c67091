export {
  checkKafkaEnv,
  kafkaConfigFromEnv,
  kafkaConfigSchema,
  kafkaEnvShape,
  type KafkaConfig,
  type KafkaEnv,
  type ResolvedKafkaConfig,
} from './config.js';
export { createKafkaClient, kafkajsConnectionOf, type KafkaClient } from './client.js';
export {
  isStreamfoldError,
  StreamfoldError,
  toStreamfoldError,
  type StreamfoldErrorCode,
} from './errors.js';
export {
  KafkaAdmin,
  type CleanupPolicy,
  type EnsureTopicsReport,
  type TopicSpec,
} from './admin.js';
export { Producer, type AtomicSendOptions, type ProducerOptions } from './producer.js';
export {
  Consumer,
  type ConsumerOptions,
  type HandlerResult,
  type OutputRecord,
  type RecordHandler,
} from './consumer.js';
export {
  deadLetter,
  deadLetterFor,
  deadLetterHeaders,
  deadLetterRecord,
  defaultDeadLetterTopic,
  isDeadLetter,
  viewDeadLetter,
  type DeadLetter,
  type DeadLetterView,
  type DeadLetterContext,
  type DeadLetterCounter,
  type DeadLetterOptions,
} from './dead-letters.js';
export { readToEnd, type ReadToEndOptions } from './read-to-end.js';
export { readPartitions, type ReadPartitionsOptions } from './read-partitions.js';
export {
  assignPartitions,
  TaskConsumer,
  type DropReason,
  type TaskConsumerOptions,
  type TaskEvent,
  type TaskHandlers,
} from './tasks.js';
export type { ConsumedRecord, HeaderValue, ProducedBatch, ProducedRecord } from './records.js';

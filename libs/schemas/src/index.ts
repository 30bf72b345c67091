export * from './generated/index.js';
export { registryConfigFromEnv, registryEnvShape } from './config.js';
export {
  SchemaRegistryClient,
  subjectFor,
  type RecordSchema,
  type SchemaRegistryConfig,
} from './registry.js';
export { systemTopics, topics, type TopologyOptions } from './topics.js';
export { initCluster, initEnvSchema, topicSchemas } from './init.js';

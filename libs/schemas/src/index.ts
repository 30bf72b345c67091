export * from './generated/index.js';
export { registryConfigFromEnv, registryEnvShape } from './config.js';
export {
  buildCatalog,
  CatalogError,
  subjectOf,
  versionsOf,
  type AvroNamed,
  type Catalog,
  type CatalogEntry,
} from './catalog/catalog.js';
export { loadCatalog, schemasDir } from './catalog/load-catalog.js';
export {
  checkCatalog,
  checkVersion,
  compatibilityLevels,
  subjectCompatibility,
  type CompatibilityLevel,
  type Refusal,
  type SchemaVersion,
} from './compatibility/check.js';
export {
  SchemaRegistryClient,
  type CompatibilityAnswer,
  type RegistrySchema,
  type SchemaRegistryConfig,
} from './registry/client.js';
export {
  checkWithRegistry,
  registerSubjects,
  type RegisteredSubject,
  type RegistryRefusal,
} from './registry/register.js';
export {
  subjectsOf,
  type SubjectVersions,
  type VersionedRecordSchema,
} from './registry/subjects.js';
export { SerdeError, type SerdeFailure } from './serde/errors.js';
export { fromWireFormat, toWireFormat } from './serde/wire-format.js';
export {
  serdeFor,
  TopicSerde,
  type Decoded,
  type NamedRecord,
  type RecordSchemaJson,
} from './serde/topic-serde.js';
export {
  systemTopics,
  topicNames,
  topicPrefixEnv,
  topics,
  type TopicNames,
  type TopologyOptions,
} from './topics.js';
export { initCluster, initEnvSchema, systemSubjects } from './init.js';

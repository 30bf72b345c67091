export {
  kafkaBrokersOf,
  registryUrlOf,
  stackEnvironment,
  StackError,
  stackOptionsFromEnv,
  type StackOptions,
} from './options.js';
export {
  restartKafka,
  stackDown,
  stackReset,
  stackStatus,
  stackUp,
  startKafka,
  stopKafka,
  type ComponentStatus,
  type Say,
  type StackEndpoints,
  type StackUpResult,
} from './stack.js';
export { APICURIO_VERSION, KAFKA_VERSION } from './versions.js';

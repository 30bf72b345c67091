export {
  kafkaTestEnv,
  readCommitted,
  restartBroker,
  startBroker,
  stopBroker,
  testKafkaClient,
  testLogger,
  testRegistry,
} from './environment.js';
export type { KafkaSource, KafkaTestEnvironment } from './find-kafka.js';
export { uniqueName } from './names.js';
export { toMs, until, type Duration, type UntilOptions } from './until.js';
export { startProcess, waitForOk, type ServiceProcess } from './process.js';
export { freePort } from './ports.js';
export { allCommitted, committedCount } from './committed.js';
export { freshSystemTopics } from './system-topics.js';
export { configProblems } from './config-problems.js';

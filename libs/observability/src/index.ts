export { ConfigError, configOrExit, parseEnv, serviceEnvShape } from './config.js';
export { createLogger, type Logger, type LoggerOptions } from './logger.js';
export {
  Counter,
  Gauge,
  Histogram,
  createMetricsRegistry,
  deadLetterCounter,
  type Registry,
} from './metrics.js';
export {
  createApp,
  listen,
  mountOpsEndpoints,
  probe,
  type CheckResult,
  type OpsEndpointsOptions,
  type Probe,
  type ReadinessCheck,
} from './health.js';
export { onShutdownSignal, type ShutdownOptions, type ShutdownStep } from './shutdown.js';
export { startService, type ServiceOptions } from './service.js';

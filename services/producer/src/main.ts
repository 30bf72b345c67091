#!/usr/bin/env node
import {
  ConfigError,
  createLogger,
  createMetricsRegistry,
  onShutdownSignal,
} from '@streamfold/observability';
import { startProducer } from './app.js';
import { loadConfig, type Config } from './config.js';

function configOrExit(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`producer: ${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
}

const config = configOrExit();
const logger = createLogger({ service: config.service, level: config.logLevel });

try {
  const producer = await startProducer(config, {
    logger,
    metrics: createMetricsRegistry(config.service),
  });
  onShutdownSignal({ logger, deadlineMs: config.shutdownTimeoutMs, steps: producer.shutdownSteps });
} catch (error) {
  logger.fatal({ err: error }, 'the producer did not start');
  process.exit(1);
}

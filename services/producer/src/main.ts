#!/usr/bin/env node
import {
  configOrExit,
  createLogger,
  createMetricsRegistry,
  onShutdownSignal,
} from '@streamfold/observability';
import { startProducer } from './app.js';
import { loadConfig } from './config.js';

const config = configOrExit('producer', loadConfig);
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

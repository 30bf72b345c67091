#!/usr/bin/env node
import { createKafkaClient, KafkaAdmin } from '@streamfold/kafka';
import {
  ConfigError,
  createLogger,
  createMetricsRegistry,
  startService,
} from '@streamfold/observability';
import { SchemaRegistryClient } from '@streamfold/schemas';
import { loadConfig, type Config } from './config.js';

function configOrExit(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`projection: ${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
}

const config = configOrExit();
const logger = createLogger({ service: config.service, level: config.logLevel });
const kafka = createKafkaClient(config.kafka, logger);
const admin = new KafkaAdmin(kafka);
const registry = new SchemaRegistryClient(config.registry);

await startService({
  name: config.service,
  http: config.http,
  logger,
  metrics: createMetricsRegistry(config.service),
  shutdownTimeoutMs: config.shutdownTimeoutMs,
  readiness: [
    {
      name: 'kafka',
      check: async () => {
        await admin.ping();
      },
    },
    { name: 'schema-registry', check: () => registry.ping() },
  ],
  stop: [{ name: 'kafka admin', run: () => admin.disconnect() }],
});

#!/usr/bin/env node
import { createKafkaClient, KafkaAdmin } from '@streamfold/kafka';
import {
  configOrExit,
  createLogger,
  createMetricsRegistry,
  deadLetterCounter,
  startService,
} from '@streamfold/observability';
import { SchemaRegistryClient, topicNames } from '@streamfold/schemas';
import { loadConfig } from './config.js';
import { AggregatorMetrics, consumerLagGauge } from './metrics.js';
import { startAggregator } from './processing/aggregator.js';

const config = configOrExit('aggregator', loadConfig);
const logger = createLogger({ service: config.service, level: config.logLevel });
const kafka = createKafkaClient(config.kafka, logger);
const admin = new KafkaAdmin(kafka);
const registry = new SchemaRegistryClient(config.registry);
const names = topicNames(config.topicPrefix);
const processorName = `${config.topicPrefix}aggregator`;
const metricsRegistry = createMetricsRegistry(config.service);
const metrics = new AggregatorMetrics(metricsRegistry);
consumerLagGauge(metricsRegistry, admin, processorName, [names.commands, names.readings]);

const aggregator = await startAggregator({
  client: kafka,
  registry,
  names,
  processorName,
  windows: config.windows,
  maxAheadMs: config.maxAheadMs,
  logger,
  sessionTimeoutMs: config.sessionTimeoutMs,
  deadLetters: deadLetterCounter(metricsRegistry),
  onEvent: (event) => metrics.onProcessorEvent(event),
  observer: {
    command: (outcome, _command, partition) => metrics.commandHandled(partition, outcome.kind),
    refused: (reason, partition) => metrics.readingRefused(partition, reason),
  },
  produced: (partition, topic, count) => metrics.produced(partition, topic, count),
});

// A processor that gave up (10 failed attempts in a row) leaves the group: exit, so the
// orchestrator restarts the process and the group hands its partitions to a healthy member.
aggregator.failed.catch((error: unknown) => {
  logger.fatal({ err: error }, 'the processor gave up; exiting');
  process.exit(1);
});

await startService({
  name: config.service,
  http: config.http,
  logger,
  metrics: metricsRegistry,
  shutdownTimeoutMs: config.shutdownTimeoutMs,
  readiness: [
    {
      name: 'kafka',
      check: async () => {
        await admin.ping();
      },
    },
    { name: 'schema-registry', check: () => registry.ping() },
    {
      name: 'processor',
      check: () => {
        if (!aggregator.tasks().joined) throw new Error('not a member of its group yet');
        return Promise.resolve();
      },
    },
  ],
  stop: [
    { name: 'processor', run: () => aggregator.stop() },
    { name: 'kafka admin', run: () => admin.disconnect() },
  ],
});

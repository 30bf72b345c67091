#!/usr/bin/env node
/**
 * seat-reservation <setup | processor | projection | rebuild [--verify]>
 *
 * setup       creates the topics and registers the schemas
 * processor   runs the SeatAvailability aggregate, exactly once (health on HTTP_PORT)
 * projection  serves GET /v1/conferences/:id/availability (and health) on HTTP_PORT
 * rebuild     folds reservations.events into state; --verify compares it with the snapshots
 */
import { createKafkaClient, KafkaAdmin } from '@streamfold/kafka';
import {
  ConfigError,
  createLogger,
  createMetricsRegistry,
  deadLetterCounter,
  startService,
} from '@streamfold/observability';
import { SchemaRegistryClient } from '@streamfold/schemas';
import { rebuildCommand } from '@streamfold/streams';
import { loadConfig, type Config } from './config.js';
import { AvailabilityProjection } from './handlers/projection.js';
import { seatProcessing, startSeatProcessor } from './handlers/processor.js';
import { registerSeatSubjects, seatNames, seatTopics } from './topics.js';

const [command = '', ...flags] = process.argv.slice(2);
const roles = ['setup', 'processor', 'projection', 'rebuild'];
if (!roles.includes(command)) {
  console.error(`usage: seat-reservation <${roles.join(' | ')}> [--verify]`);
  process.exit(2);
}

let config: Config;
try {
  config = loadConfig(process.env, command);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
const logger = createLogger({ service: config.service, level: config.logLevel });
const client = createKafkaClient(config.kafka, logger);
const registry = new SchemaRegistryClient(config.registry);
const names = seatNames(config.prefix);

async function setup(): Promise<void> {
  const admin = new KafkaAdmin(client);
  try {
    const report = await admin.ensureTopics(seatTopics(names, config.partitions));
    await registerSeatSubjects(registry, names);
    logger.info(
      { created: report.created, unchanged: report.unchanged },
      'topics and schemas ready',
    );
  } finally {
    await admin.disconnect();
  }
}

async function processor(): Promise<void> {
  const metrics = createMetricsRegistry(config.service);
  const running = await startSeatProcessor({
    client,
    registry,
    names,
    logger,
    sessionTimeoutMs: config.sessionTimeoutMs,
    deadLetters: deadLetterCounter(metrics),
  });
  void running.failed.catch((error: unknown) => {
    logger.fatal({ err: error }, 'the processor stopped on a failure it could not get past');
    process.exit(1);
  });
  await startService({
    name: config.service,
    http: config.http,
    logger,
    metrics,
    readiness: [
      {
        // Ready once the group gave it its share: a partition's state is restored on its
        // first batch, so an idle partition never waits on anything.
        name: 'group',
        check: () =>
          running.tasks().joined
            ? Promise.resolve()
            : Promise.reject(new Error('not yet assigned partitions by the group')),
      },
    ],
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    stop: [{ name: 'processor', run: () => running.stop() }],
  });
}

async function projection(): Promise<void> {
  const view = new AvailabilityProjection(client, registry, names);
  await view.start();
  await startService({
    name: config.service,
    http: config.http,
    logger,
    metrics: createMetricsRegistry(config.service),
    readiness: [],
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    routes: (app) => view.routes(app),
    stop: [{ name: 'projection', run: () => view.stop() }],
  });
}

async function rebuild(): Promise<void> {
  const { rebuild: fromEvents, codec } = seatProcessing(registry, names);
  const report = await rebuildCommand({
    client,
    rebuild: fromEvents,
    snapshots: { topic: names.snapshots, codec },
    verify: flags.includes('--verify'),
    out: process.stderr,
  });
  process.exitCode = report.differing.length === 0 ? 0 : 1;
}

const run = { setup, processor, projection, rebuild }[command as 'setup'];
try {
  await run();
} catch (error) {
  logger.fatal({ err: error }, `${command} failed`);
  process.exit(1);
}

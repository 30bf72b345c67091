#!/usr/bin/env node
/**
 * streamfold-projection [serve]                          the read side (HTTP_PORT, default 8083)
 * streamfold-projection rebuild [--verify-against <url>] replay the topics into fresh read models
 */
import { createKafkaClient, KafkaAdmin } from '@streamfold/kafka';
import {
  configOrExit,
  createLogger,
  createMetricsRegistry,
  startService,
} from '@streamfold/observability';
import { SchemaRegistryClient, topicNames } from '@streamfold/schemas';
import { loadConfig } from './config.js';
import { startProjection } from './projection.js';
import { rebuildCommand } from './rebuild.js';
import { MemoryStore } from './store/memory-store.js';

const usage =
  'usage: streamfold-projection [serve] | streamfold-projection rebuild [--verify-against <projection URL>]';

function parseArgs(args: readonly string[]): {
  command: 'serve' | 'rebuild';
  verifyAgainst?: string;
} {
  const [command = 'serve', ...rest] = args;
  if (command === 'serve' && rest.length === 0) return { command };
  if (command !== 'rebuild') return exitWith(2, usage);
  if (rest.length === 0) return { command };
  const [flag, value] =
    rest[0]?.startsWith('--verify-against=') === true
      ? ['--verify-against', rest[0].slice('--verify-against='.length), ...rest.slice(1)]
      : rest;
  if (
    flag !== '--verify-against' ||
    value === undefined ||
    rest.length > 2 ||
    !URL.canParse(value)
  ) {
    return exitWith(2, usage);
  }
  return { command, verifyAgainst: value };
}

function exitWith(code: number, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

const args = parseArgs(process.argv.slice(2));
const config = configOrExit('projection', loadConfig);
const logger = createLogger({ service: config.service, level: config.logLevel });
const kafka = createKafkaClient(config.kafka, logger);
const registry = new SchemaRegistryClient(config.registry);

async function serve(): Promise<void> {
  const admin = new KafkaAdmin(kafka);
  const metrics = createMetricsRegistry(config.service);
  const projection = await startProjection({ config, client: kafka, registry, logger, metrics });
  void projection.failed.catch((error: unknown) => {
    logger.fatal({ err: error }, 'ingestion stopped on a failure it could not get past');
    process.exit(1);
  });
  await startService({
    name: config.service,
    http: config.http,
    logger,
    metrics,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    routes: (app) => projection.routes(app),
    readiness: [
      {
        name: 'kafka',
        check: async () => {
          await admin.ping();
        },
      },
      { name: 'schema-registry', check: () => registry.ping() },
      ...projection.readiness,
    ],
    stop: [
      { name: 'projection', run: () => projection.stop() },
      { name: 'kafka admin', run: () => admin.disconnect() },
    ],
  });
  // Streams and read-your-writes waits never end by themselves, and the HTTP server's close
  // waits for every open response: end them as soon as the signal arrives. startService's own
  // handler runs first (it was registered first) and has already turned /readyz to 503.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => projection.closeStreams());
  }
  logger.info({ groupId: config.groupId, prefix: config.topicPrefix }, 'projection consuming');
}

async function rebuild(verifyAgainst: string | undefined): Promise<void> {
  const report = await rebuildCommand({
    client: kafka,
    registry,
    names: topicNames(config.topicPrefix),
    store: new MemoryStore({ windowRetentionMs: config.windowRetentionMs }),
    out: process.stderr,
    ...(verifyAgainst === undefined ? {} : { verifyAgainst }),
  });
  process.exitCode = report.differing.length === 0 ? 0 : 1;
}

try {
  if (args.command === 'serve') await serve();
  else await rebuild(args.verifyAgainst);
} catch (error) {
  logger.fatal({ err: error }, `${args.command} failed`);
  process.exit(1);
}

/**
 * The seat processor with one addition for the fencing test: a command carrying the header
 * `test.pause` is held in its handler, after it was handled and before the batch's
 * transaction is written, until the process gets SIGUSR2. The test freezes the process there
 * (SIGSTOP) so that another instance takes its partitions, then lets it go on to commit.
 */
import { once } from 'node:events';
import { createKafkaClient } from '@streamfold/kafka';
import { createLogger } from '@streamfold/observability';
import { SchemaRegistryClient } from '@streamfold/schemas';
import { runProcessor } from '@streamfold/streams';
import { loadConfig } from '../config.js';
import { seatProcessing } from '../handlers/processor.js';
import { seatNames } from '../topics.js';

const config = loadConfig(process.env, 'processor');
const logger = createLogger({ service: 'pausable-processor', level: config.logLevel });
const client = createKafkaClient(config.kafka, logger);
const registry = new SchemaRegistryClient(config.registry);
const names = seatNames(config.prefix);
const { handle, rebuild, codec } = seatProcessing(registry, names);

const processor = await runProcessor(client, {
  name: names.processor,
  consumed: { topics: [names.commands] },
  materialized: { snapshotTopic: names.snapshots, codec, rebuild },
  sessionTimeoutMs: config.sessionTimeoutMs,
  logger,
  handle: async (record, state) => {
    const result = await handle(record, state);
    if (record.headers['test.pause'] !== undefined) {
      const resumed = once(process, 'SIGUSR2');
      logger.info({ partition: record.partition, offset: record.offset }, 'paused');
      await resumed;
      logger.info({ partition: record.partition }, 'resumed');
    }
    return result;
  },
});
void processor.failed.catch((error: unknown) => {
  logger.fatal({ err: error }, 'failed');
  process.exit(1);
});
process.once('SIGTERM', () => {
  void processor.stop().then(() => process.exit(0));
});

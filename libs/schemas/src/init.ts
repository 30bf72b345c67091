/**
 * Prepares a cluster for the system: ensures every topic of `systemTopics` and registers the
 * schemas. Idempotent; a topic that drifted from its spec stops it with the difference named.
 * Run by `npm start` and by the Docker topic-init job.
 */
import {
  checkKafkaEnv,
  createKafkaClient,
  kafkaConfigFromEnv,
  kafkaEnvShape,
  KafkaAdmin,
} from '@streamfold/kafka';
import { createLogger, parseEnv } from '@streamfold/observability';
import { z } from 'zod';
import { registryConfigFromEnv, registryEnvShape } from './config.js';
import { SensorReadingV1Schema } from './generated/index.js';
import { SchemaRegistryClient } from './registry.js';
import { systemTopics, topics } from './topics.js';

export const initEnvSchema = z
  .object({
    ...kafkaEnvShape,
    ...registryEnvShape,
    TOPIC_PARTITIONS: z.coerce.number().int().positive().default(6),
    TOPIC_REPLICATION_FACTOR: z.coerce.number().int().positive().default(1),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
  })
  .superRefine(checkKafkaEnv);

/** The schemas each topic carries, by record. */
export const topicSchemas = [{ topic: topics.readings, schema: SensorReadingV1Schema }] as const;

export async function initCluster(
  env: Readonly<Record<string, string | undefined>>,
): Promise<void> {
  const config = parseEnv(initEnvSchema, env);
  const logger = createLogger({ service: 'init', level: config.LOG_LEVEL });
  const admin = new KafkaAdmin(
    createKafkaClient(kafkaConfigFromEnv(config, 'streamfold-init'), logger),
  );
  try {
    const report = await admin.ensureTopics(
      systemTopics({
        partitions: config.TOPIC_PARTITIONS,
        replicationFactor: config.TOPIC_REPLICATION_FACTOR,
      }),
    );
    for (const warning of report.warnings) logger.warn(warning);
    logger.info({ created: report.created, unchanged: report.unchanged }, 'topics ensured');
  } finally {
    await admin.disconnect();
  }
  const registry = new SchemaRegistryClient(registryConfigFromEnv(config));
  for (const { topic, schema } of topicSchemas) {
    const { subject, id } = await registry.register(topic, schema);
    logger.info({ subject, id }, 'schema registered');
  }
}

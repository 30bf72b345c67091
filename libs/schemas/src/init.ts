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
import { schemaCatalog, topicRecords } from './generated/catalog.js';
import { SchemaRegistryClient } from './registry/client.js';
import { registerSubjects } from './registry/register.js';
import { subjectsOf, type SubjectVersions } from './registry/subjects.js';
import { systemTopics, topicPrefixEnv, topics } from './topics.js';

export const initEnvSchema = z
  .object({
    ...kafkaEnvShape,
    ...registryEnvShape,
    TOPIC_PARTITIONS: z.coerce.number().int().positive().default(6),
    TOPIC_REPLICATION_FACTOR: z.coerce.number().int().positive().default(1),
    TOPIC_PREFIX: topicPrefixEnv,
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
  })
  .superRefine(checkKafkaEnv);

/**
 * The subjects of the telemetry system's topics, every version of each: what init registers.
 * (The seat-reservation example registers its own.)
 */
export function systemSubjects(prefix = ''): SubjectVersions[] {
  const system = new Set<string>(Object.values(topics));
  const carried = Object.fromEntries(
    Object.entries(topicRecords).filter(([topic]) => system.has(topic)),
  );
  return subjectsOf(carried, schemaCatalog, { topicName: (topic) => `${prefix}${topic}` });
}

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
        prefix: config.TOPIC_PREFIX,
      }),
    );
    for (const warning of report.warnings) logger.warn(warning);
    logger.info({ created: report.created, unchanged: report.unchanged }, 'topics ensured');
  } finally {
    await admin.disconnect();
  }
  const registry = new SchemaRegistryClient(registryConfigFromEnv(config));
  for (const { subject, level, ids } of await registerSubjects(
    registry,
    systemSubjects(config.TOPIC_PREFIX),
  )) {
    logger.info({ subject, level, ids }, 'schema registered');
  }
}

import { initCluster, topicNames, type TopicNames } from '@streamfold/schemas';
import { kafkaTestEnv } from './environment.js';
import { uniqueName } from './names.js';

/**
 * Every topic of the telemetry system under a prefix no other test uses (`<name>.<unique>.`),
 * with `partitions` partitions each, and their subjects registered: a test's own cluster.
 */
export async function freshSystemTopics(
  name: string,
  partitions = 3,
): Promise<{ prefix: string; names: TopicNames }> {
  const { kafkaBrokers, schemaRegistryUrl } = kafkaTestEnv();
  const prefix = `${uniqueName(name)}.`;
  await initCluster({
    KAFKA_BROKERS: kafkaBrokers,
    SCHEMA_REGISTRY_URL: schemaRegistryUrl,
    TOPIC_PREFIX: prefix,
    TOPIC_PARTITIONS: String(partitions),
    LOG_LEVEL: 'warn',
  });
  return { prefix, names: topicNames(prefix) };
}

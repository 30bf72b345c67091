import { stackOptionsFromEnv, stackUp } from '@streamfold/local-stack';
import { createKafkaClient, KafkaAdmin } from '@streamfold/kafka';
import { createLogger } from '@streamfold/observability';
import { SchemaRegistryClient } from '@streamfold/schemas';
import { startContainers } from './containers.js';
import { dockerEngineAnswers } from './docker.js';

/** Where the tests' Kafka and registry came from; only a local stack can be restarted by a test. */
export type KafkaSource = 'environment' | 'testcontainers' | 'local-stack';

export interface KafkaTestEnvironment {
  source: KafkaSource;
  kafkaBrokers: string;
  schemaRegistryUrl: string;
}

const howToGetOne =
  'Start one with `npm run stack:up` (Kafka and a schema registry on 127.0.0.1, no Docker needed), ' +
  'or point the tests at yours with KAFKA_BROKERS and SCHEMA_REGISTRY_URL.';

async function verify(found: KafkaTestEnvironment): Promise<KafkaTestEnvironment> {
  const logger = createLogger({ service: 'test-harness', level: 'silent' });
  const client = createKafkaClient(
    { brokers: found.kafkaBrokers.split(','), clientId: 'test-harness' },
    logger,
  );
  const admin = new KafkaAdmin(client);
  try {
    await admin.ping();
    await new SchemaRegistryClient({ url: found.schemaRegistryUrl }).ping();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(
      `The tests need Kafka at ${found.kafkaBrokers} and a schema registry at ${found.schemaRegistryUrl} ` +
        `(from ${found.source}), and they do not answer: ${why}. ${howToGetOne}`,
      { cause: error },
    );
  } finally {
    await admin.disconnect();
  }
  return found;
}

/**
 * Finds the Kafka and schema registry the tests run against, in this order: KAFKA_BROKERS and
 * SCHEMA_REGISTRY_URL from the environment; else Testcontainers when a Docker engine answers;
 * else the infra/local stack, started if it is not running. Never skips: when none can be had
 * the error says how to get one.
 */
export async function findKafka(
  env: NodeJS.ProcessEnv,
): Promise<{ found: KafkaTestEnvironment; stop?: () => Promise<void> }> {
  const brokers = env.KAFKA_BROKERS;
  const registry = env.SCHEMA_REGISTRY_URL;
  if (brokers !== undefined && registry !== undefined) {
    return {
      found: await verify({
        source: 'environment',
        kafkaBrokers: brokers,
        schemaRegistryUrl: registry,
      }),
    };
  }
  if (brokers !== undefined || registry !== undefined) {
    throw new Error(
      `KAFKA_BROKERS and SCHEMA_REGISTRY_URL go together; only ${brokers === undefined ? 'SCHEMA_REGISTRY_URL' : 'KAFKA_BROKERS'} is set.`,
    );
  }
  if (await dockerEngineAnswers(env.DOCKER_HOST)) {
    const containers = await startContainers();
    const found = await verify({
      source: 'testcontainers',
      kafkaBrokers: containers.kafkaBrokers,
      schemaRegistryUrl: containers.schemaRegistryUrl,
    });
    return { found, stop: containers.stop };
  }
  let started;
  try {
    started = await stackUp(stackOptionsFromEnv(env), (line: string) =>
      console.log(`[stack] ${line}`),
    );
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(
      `The tests need Kafka and a schema registry, and the local stack did not start: ${why}. ${howToGetOne}`,
      {
        cause: error,
      },
    );
  }
  return {
    found: await verify({
      source: 'local-stack',
      kafkaBrokers: started.kafkaBrokers,
      schemaRegistryUrl: started.schemaRegistryUrl,
    }),
  };
}

import { restartKafka, stackOptionsFromEnv, startKafka, stopKafka } from '@streamfold/local-stack';
import {
  createKafkaClient,
  readToEnd,
  type ConsumedRecord,
  type KafkaClient,
} from '@streamfold/kafka';
import { createLogger, type Logger } from '@streamfold/observability';
import { SchemaRegistryClient } from '@streamfold/schemas';
import { inject } from 'vitest';
import type { KafkaTestEnvironment } from './find-kafka.js';
import './provided.js';

/** The Kafka and registry of this test run. Only the int and e2e tiers have one. */
export function kafkaTestEnv(): KafkaTestEnvironment {
  const found = inject('streamfoldKafka');
  if (found === undefined) {
    throw new Error(
      'No Kafka in this tier: tests that need Kafka are *.int.test.ts or *.e2e.test.ts files.',
    );
  }
  return found;
}

/** Quiet unless STREAMFOLD_TEST_LOG_LEVEL asks otherwise, so failures stand out. */
export function testLogger(service = 'test'): Logger {
  const level = process.env.STREAMFOLD_TEST_LOG_LEVEL ?? 'warn';
  return createLogger({ service, level: level as 'warn' });
}

export function testKafkaClient(clientId = 'test'): KafkaClient {
  return createKafkaClient(
    { brokers: kafkaTestEnv().kafkaBrokers.split(','), clientId },
    testLogger(clientId),
  );
}

export function testRegistry(): SchemaRegistryClient {
  return new SchemaRegistryClient({ url: kafkaTestEnv().schemaRegistryUrl });
}

/** Every committed record of a topic, read to the end it has now, as read_committed sees it. */
export function readCommitted(
  client: KafkaClient,
  topic: string,
  withinMs = 30_000,
): Promise<ConsumedRecord[]> {
  return readToEnd(client, topic, { withinMs });
}

/** The local stack's options; a test that needs to stop or start the broker fails elsewhere. */
function localStack(what: string) {
  const found = kafkaTestEnv();
  if (found.source !== 'local-stack') {
    throw new Error(
      `${what} the broker needs the local stack; these tests run against ${found.source}`,
    );
  }
  return stackOptionsFromEnv(process.env);
}

/**
 * Stops the broker gracefully and starts it again on the same data. Only a local stack can be
 * restarted this way; elsewhere the test fails saying so rather than passing untested.
 */
export async function restartBroker(): Promise<void> {
  await restartKafka(localStack('restarting'));
}

/**
 * Stops the broker gracefully (local stack only), for a test of what a client does while Kafka
 * is away. Other tests share the broker: start it again in a `finally` with `startBroker()`.
 */
export async function stopBroker(): Promise<void> {
  await stopKafka(localStack('stopping'));
}

/** Starts the stopped broker on its data and waits until it is ready (local stack only). */
export async function startBroker(): Promise<void> {
  await startKafka(localStack('starting'));
}

import { checkKafkaEnv, kafkaConfigFromEnv, kafkaEnvShape } from '@streamfold/kafka';
import { parseEnv, serviceEnvShape } from '@streamfold/observability';
import { registryConfigFromEnv, registryEnvShape, topicPrefixEnv } from '@streamfold/schemas';
import { z } from 'zod';

const ms = (fallback: number, min: number) => z.coerce.number().int().min(min).default(fallback);

/** Every environment variable the aggregator reads; nothing else in the service reads process.env. */
export const envSchema = z
  .object({
    ...serviceEnvShape(8082),
    ...kafkaEnvShape,
    ...registryEnvShape,
    TOPIC_PREFIX: topicPrefixEnv,
    /** Tumbling event-time window length. */
    WINDOW_SIZE_MS: ms(60_000, 1),
    /** How far behind the newest event time of a device a reading may arrive and still count. */
    ALLOWED_LATENESS_MS: ms(10_000, 0),
    /** How far a reading's event time may be ahead of when it reached Kafka. */
    MAX_EVENT_TIME_AHEAD_MS: ms(300_000, 0),
    /** The broker refuses sessions under its group.min.session.timeout.ms (6 s by default). */
    KAFKA_SESSION_TIMEOUT_MS: ms(10_000, 6_000),
  })
  .superRefine(checkKafkaEnv);

export type Config = ReturnType<typeof loadConfig>;

/** Parses and freezes the configuration; throws ConfigError naming each bad variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>) {
  const e = parseEnv(envSchema, env);
  return Object.freeze({
    service: 'aggregator',
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT },
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    kafka: kafkaConfigFromEnv(e, 'streamfold-aggregator'),
    registry: registryConfigFromEnv(e),
    topicPrefix: e.TOPIC_PREFIX,
    windows: { sizeMs: e.WINDOW_SIZE_MS, allowedLatenessMs: e.ALLOWED_LATENESS_MS },
    sessionTimeoutMs: e.KAFKA_SESSION_TIMEOUT_MS,
    maxAheadMs: e.MAX_EVENT_TIME_AHEAD_MS,
  });
}

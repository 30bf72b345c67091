import { randomUUID } from 'node:crypto';
import { checkKafkaEnv, kafkaConfigFromEnv, kafkaEnvShape } from '@streamfold/kafka';
import { parseEnv, serviceEnvShape } from '@streamfold/observability';
import { registryConfigFromEnv, registryEnvShape, topicPrefixEnv } from '@streamfold/schemas';
import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

/** Every environment variable the projection reads; nothing else in the service reads process.env. */
export const envSchema = z
  .object({
    ...serviceEnvShape(8083),
    ...kafkaEnvShape,
    ...registryEnvShape,
    TOPIC_PREFIX: topicPrefixEnv,
    /**
     * Names this instance's consumer group (`<prefix>streamfold-projection.<id>`); a random id
     * per start when absent. Each instance reads every partition, so no two may share it.
     */
    PROJECTION_INSTANCE_ID: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,100}$/, 'only letters, digits, ".", "_" and "-" (1 to 100)')
      .optional(),
    /** The longest a read may wait for `?minVersion` (its `?timeoutMs` is capped to it). */
    PROJECTION_WAIT_MAX_MS: positiveInt.max(300_000).default(30_000),
    /** The most items a page of devices or alerts holds (`?limit` is capped to it). */
    PROJECTION_PAGE_MAX: positiveInt.max(10_000).default(500),
    /** A device keeps the windows ending within this of its latest window's end. */
    PROJECTION_WINDOW_RETENTION_MS: positiveInt.default(86_400_000),
    /** How many applied records /v1/stream keeps for clients resuming with Last-Event-ID. */
    STREAM_HISTORY: z.coerce.number().int().min(0).max(1_000_000).default(10_000),
    /** A comment line to every stream client this often, so proxies keep the connection. */
    STREAM_HEARTBEAT_MS: positiveInt.min(100).default(15_000),
    /** Stream clients beyond this are answered 503. */
    STREAM_MAX_CLIENTS: positiveInt.default(200),
    /** Where the dashboard's acknowledge hint sends the command (the producer's base URL). */
    DASHBOARD_PRODUCER_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:8080'),
  })
  .superRefine(checkKafkaEnv);

export type Config = ReturnType<typeof loadConfig>;

/** Parses and freezes the configuration; throws ConfigError naming each bad variable. */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  makeInstanceId: () => string = randomUUID,
) {
  const e = parseEnv(envSchema, env);
  const instanceId = e.PROJECTION_INSTANCE_ID ?? makeInstanceId();
  return Object.freeze({
    service: 'projection',
    http: Object.freeze({ host: e.HTTP_HOST, port: e.HTTP_PORT }),
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    kafka: kafkaConfigFromEnv(e, 'streamfold-projection'),
    registry: registryConfigFromEnv(e),
    topicPrefix: e.TOPIC_PREFIX,
    /** Its own group: every instance holds the whole read model, so it reads every partition. */
    groupId: `${e.TOPIC_PREFIX}streamfold-projection.${instanceId}`,
    wait: Object.freeze({
      maxMs: e.PROJECTION_WAIT_MAX_MS,
      defaultMs: Math.min(5_000, e.PROJECTION_WAIT_MAX_MS),
    }),
    page: Object.freeze({
      max: e.PROJECTION_PAGE_MAX,
      default: Math.min(50, e.PROJECTION_PAGE_MAX),
    }),
    windowRetentionMs: e.PROJECTION_WINDOW_RETENTION_MS,
    stream: Object.freeze({
      history: e.STREAM_HISTORY,
      heartbeatMs: e.STREAM_HEARTBEAT_MS,
      maxClients: e.STREAM_MAX_CLIENTS,
    }),
    dashboard: Object.freeze({ producerUrl: e.DASHBOARD_PRODUCER_URL }),
  });
}

import { hostname } from 'node:os';
import { checkKafkaEnv, kafkaConfigFromEnv, kafkaEnvShape } from '@streamfold/kafka';
import { parseEnv, serviceEnvShape } from '@streamfold/observability';
import { registryConfigFromEnv, registryEnvShape, topicPrefixEnv } from '@streamfold/schemas';
import { z } from 'zod';

/** An optional variable: unset and empty (`MQTT_URL=` in a compose file) both mean "not set". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const positiveInt = z.coerce.number().int().positive();

/** An MQTT topic level, or several: no wildcards, no empty level, no leading or trailing slash. */
const topicRoot = z
  .string()
  .regex(/^[^/+#]+(\/[^/+#]+)*$/, 'an MQTT topic without wildcards (+, #) or empty levels');

/** Every environment variable the producer reads; nothing else in the service reads process.env. */
export const envSchema = z
  .object({
    ...serviceEnvShape(8080),
    ...kafkaEnvShape,
    ...registryEnvShape,
    TOPIC_PREFIX: topicPrefixEnv,
    READINGS_MAX_BATCH: positiveInt.max(100_000).default(1_000),
    HTTP_BODY_LIMIT_BYTES: positiveInt.max(64 * 1024 * 1024).default(1024 * 1024),
    KAFKA_SEND_TIMEOUT_MS: positiveInt.max(600_000).default(5_000),
    /** Each request is written in one transaction under this id; unique per running instance. */
    PRODUCER_TRANSACTIONAL_ID: optional(
      z.string().regex(/^[\x21-\x7e]{1,200}$/, '1 to 200 visible ASCII characters'),
    ),
    RETRY_AFTER_SECONDS: positiveInt.max(3_600).default(5),
    PROJECTION_URL: optional(z.url({ protocol: /^https?$/ })),
    MQTT_URL: optional(z.url({ protocol: /^(mqtts?|wss?|tcp|ssl)$/ })),
    MQTT_TOPIC_ROOT: topicRoot.default('devices'),
    MQTT_CLIENT_ID: z
      .string()
      .regex(/^[\x21-\x7e]{1,256}$/, '1 to 256 visible ASCII characters')
      .default('streamfold-producer'),
    MQTT_SESSION_EXPIRY_SECONDS: z.coerce.number().int().min(0).max(0xffff_ffff).default(86_400),
    // Below Kafka's default message.max.bytes (1 MiB), so that a refused payload fits the DLQ.
    MQTT_MAX_PAYLOAD_BYTES: positiveInt.max(1_000_000).default(256 * 1024),
    MQTT_USERNAME: optional(z.string()),
    MQTT_PASSWORD: optional(z.string()),
  })
  .superRefine(checkKafkaEnv);

export type Config = ReturnType<typeof loadConfig>;
export type MqttConfig = NonNullable<Config['mqtt']>;

/** Parses and freezes the configuration; throws ConfigError naming each bad variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>) {
  const e = parseEnv(envSchema, env);
  const mqtt =
    e.MQTT_URL === undefined
      ? null
      : Object.freeze({
          url: e.MQTT_URL,
          topicRoot: e.MQTT_TOPIC_ROOT,
          clientId: e.MQTT_CLIENT_ID,
          sessionExpirySeconds: e.MQTT_SESSION_EXPIRY_SECONDS,
          maxPayloadBytes: e.MQTT_MAX_PAYLOAD_BYTES,
          ...(e.MQTT_USERNAME === undefined ? {} : { username: e.MQTT_USERNAME }),
          ...(e.MQTT_PASSWORD === undefined ? {} : { password: e.MQTT_PASSWORD }),
        });
  return Object.freeze({
    service: 'producer',
    http: Object.freeze({ host: e.HTTP_HOST, port: e.HTTP_PORT }),
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    kafka: kafkaConfigFromEnv(e, 'streamfold-producer'),
    registry: registryConfigFromEnv(e),
    topicPrefix: e.TOPIC_PREFIX,
    readings: Object.freeze({ maxBatch: e.READINGS_MAX_BATCH }),
    bodyLimitBytes: e.HTTP_BODY_LIMIT_BYTES,
    sendTimeoutMs: e.KAFKA_SEND_TIMEOUT_MS,
    // Host and process make it unique per instance (a shared id would fence the other instance).
    transactionalId:
      e.PRODUCER_TRANSACTIONAL_ID ?? `${e.TOPIC_PREFIX}producer-${hostname()}-${process.pid}`,
    retryAfterSeconds: e.RETRY_AFTER_SECONDS,
    projectionUrl: e.PROJECTION_URL ?? null,
    mqtt,
  });
}

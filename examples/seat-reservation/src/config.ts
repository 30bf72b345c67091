import { checkKafkaEnv, kafkaConfigFromEnv, kafkaEnvShape } from '@streamfold/kafka';
import { parseEnv, serviceEnvShape } from '@streamfold/observability';
import { registryConfigFromEnv, registryEnvShape } from '@streamfold/schemas';
import { z } from 'zod';

/** Every environment variable the example reads; nothing else in it reads process.env. */
export const envSchema = z
  .object({
    ...serviceEnvShape(8090),
    ...kafkaEnvShape,
    ...registryEnvShape,
    SEATS_TOPIC_PREFIX: z.string().default(''),
    SEATS_PARTITIONS: z.coerce.number().int().min(1).default(6),
    SEATS_SESSION_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(10_000),
  })
  .superRefine(checkKafkaEnv);

export type Config = ReturnType<typeof loadConfig>;

export function loadConfig(env: Readonly<Record<string, string | undefined>>, role: string) {
  const e = parseEnv(envSchema, env);
  return Object.freeze({
    service: `seat-reservation-${role}`,
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT },
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    kafka: kafkaConfigFromEnv(e, `seat-reservation-${role}`),
    registry: registryConfigFromEnv(e),
    prefix: e.SEATS_TOPIC_PREFIX,
    partitions: e.SEATS_PARTITIONS,
    sessionTimeoutMs: e.SEATS_SESSION_TIMEOUT_MS,
  });
}

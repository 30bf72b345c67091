import { checkKafkaEnv, kafkaConfigFromEnv, kafkaEnvShape } from '@streamfold/kafka';
import { parseEnv, serviceEnvShape } from '@streamfold/observability';
import { registryConfigFromEnv, registryEnvShape } from '@streamfold/schemas';
import { z } from 'zod';

/** Every environment variable the projection reads; nothing else in the service reads process.env. */
export const envSchema = z
  .object({ ...serviceEnvShape(8083), ...kafkaEnvShape, ...registryEnvShape })
  .superRefine(checkKafkaEnv);

export type Config = ReturnType<typeof loadConfig>;

/** Parses and freezes the configuration; throws ConfigError naming each bad variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>) {
  const e = parseEnv(envSchema, env);
  return Object.freeze({
    service: 'projection',
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT },
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    kafka: kafkaConfigFromEnv(e, 'streamfold-projection'),
    registry: registryConfigFromEnv(e),
  });
}

import { z } from 'zod';
import type { SchemaRegistryConfig } from './registry/client.js';

/** The SCHEMA_REGISTRY_* variables every service reads, to spread into its environment schema. */
export const registryEnvShape = {
  SCHEMA_REGISTRY_URL: z.url({ protocol: /^https?$/ }),
  SCHEMA_REGISTRY_USERNAME: z.string().optional(),
  SCHEMA_REGISTRY_PASSWORD: z.string().optional(),
};

export function registryConfigFromEnv(
  env: z.output<z.ZodObject<typeof registryEnvShape>>,
): SchemaRegistryConfig {
  const {
    SCHEMA_REGISTRY_URL: url,
    SCHEMA_REGISTRY_USERNAME: username,
    SCHEMA_REGISTRY_PASSWORD: password,
  } = env;
  return username === undefined ? { url } : { url, auth: { username, password: password ?? '' } };
}

import { z } from 'zod';

const hostPort = z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port');

const saslSchema = z.discriminatedUnion('mechanism', [
  z.object({
    mechanism: z.literal('plain'),
    username: z.string().min(1),
    password: z.string().min(1),
  }),
  z.object({
    mechanism: z.literal('scram-sha-256'),
    username: z.string().min(1),
    password: z.string().min(1),
  }),
  z.object({
    mechanism: z.literal('scram-sha-512'),
    username: z.string().min(1),
    password: z.string().min(1),
  }),
]);

const tlsSchema = z.object({
  /** PEM of the CA that signed the brokers' certificates; the system CAs when absent. */
  ca: z.string().optional(),
  /** PEM client certificate and key, for mutual TLS. */
  cert: z.string().optional(),
  key: z.string().optional(),
  rejectUnauthorized: z.boolean().default(true),
});

/** How to reach a Kafka cluster. */
export const kafkaConfigSchema = z.object({
  brokers: z.array(hostPort).min(1),
  clientId: z.string().min(1),
  tls: tlsSchema.optional(),
  sasl: saslSchema.optional(),
  connectionTimeoutMs: z.number().int().positive().default(3_000),
  requestTimeoutMs: z.number().int().positive().default(30_000),
});

export type KafkaConfig = z.input<typeof kafkaConfigSchema>;
export type ResolvedKafkaConfig = z.output<typeof kafkaConfigSchema>;

const commaList = z
  .string()
  .min(1)
  .transform((s) =>
    s
      .split(',')
      .map((b) => b.trim())
      .filter((b) => b.length > 0),
  );

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * The KAFKA_* environment variables every service reads, as a zod shape to spread into a
 * service's own environment schema. Each key is the variable's name, so a bad value is
 * reported under the variable that holds it.
 */
export const kafkaEnvShape = {
  KAFKA_BROKERS: commaList.pipe(z.array(hostPort).min(1)),
  KAFKA_CLIENT_ID: z.string().min(1).optional(),
  KAFKA_TLS: flag.default(false),
  KAFKA_TLS_CA: z.string().optional(),
  KAFKA_TLS_CERT: z.string().optional(),
  KAFKA_TLS_KEY: z.string().optional(),
  KAFKA_TLS_REJECT_UNAUTHORIZED: flag.default(true),
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
};

export type KafkaEnv = z.output<z.ZodObject<typeof kafkaEnvShape>>;

/** Turns parsed KAFKA_* variables into a KafkaConfig; `clientId` falls back to the service's name. */
export function kafkaConfigFromEnv(env: KafkaEnv, defaultClientId: string): ResolvedKafkaConfig {
  const tls = env.KAFKA_TLS
    ? {
        ...(env.KAFKA_TLS_CA === undefined ? {} : { ca: env.KAFKA_TLS_CA }),
        ...(env.KAFKA_TLS_CERT === undefined ? {} : { cert: env.KAFKA_TLS_CERT }),
        ...(env.KAFKA_TLS_KEY === undefined ? {} : { key: env.KAFKA_TLS_KEY }),
        rejectUnauthorized: env.KAFKA_TLS_REJECT_UNAUTHORIZED,
      }
    : undefined;
  const sasl =
    env.KAFKA_SASL_MECHANISM === undefined
      ? undefined
      : {
          mechanism: env.KAFKA_SASL_MECHANISM,
          username: env.KAFKA_SASL_USERNAME ?? '',
          password: env.KAFKA_SASL_PASSWORD ?? '',
        };
  return kafkaConfigSchema.parse({
    brokers: env.KAFKA_BROKERS,
    clientId: env.KAFKA_CLIENT_ID ?? defaultClientId,
    ...(tls === undefined ? {} : { tls }),
    ...(sasl === undefined ? {} : { sasl }),
  });
}

/** Cross-field rules of the KAFKA_* variables, for a service schema's `superRefine`. */
export function checkKafkaEnv(
  env: Pick<KafkaEnv, 'KAFKA_SASL_MECHANISM' | 'KAFKA_SASL_USERNAME' | 'KAFKA_SASL_PASSWORD'>,
  ctx: z.RefinementCtx,
): void {
  if (env.KAFKA_SASL_MECHANISM === undefined) return;
  for (const key of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
    if (env[key] === undefined || env[key] === '') {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `required when KAFKA_SASL_MECHANISM is ${env.KAFKA_SASL_MECHANISM}`,
      });
    }
  }
}

import kafkajs from 'kafkajs';
import type { Logger } from 'pino';
import { kafkaConfigSchema, type KafkaConfig, type ResolvedKafkaConfig } from './config.js';
import { kafkajsLevelFor, kafkajsLogCreator } from './logging.js';

/** A configured connection to one Kafka cluster; cheap to create, nothing connects until used. */
export interface KafkaClient {
  readonly config: ResolvedKafkaConfig;
  readonly logger: Logger;
}

// The kafkajs instance behind each client stays inside this lib: nothing outside sees its types.
const underlying = new WeakMap<KafkaClient, kafkajs.Kafka>();

export function kafkajsOf(client: KafkaClient): kafkajs.Kafka {
  const kafka = underlying.get(client);
  if (kafka === undefined) throw new TypeError('not a client made by createKafkaClient');
  return kafka;
}

function tlsOptions(
  tls: NonNullable<ResolvedKafkaConfig['tls']>,
): NonNullable<kafkajs.KafkaConfig['ssl']> {
  const { ca, cert, key, rejectUnauthorized } = tls;
  return {
    rejectUnauthorized,
    ...(ca === undefined ? {} : { ca: [ca] }),
    ...(cert === undefined ? {} : { cert }),
    ...(key === undefined ? {} : { key }),
  };
}

/**
 * The kafkajs connection settings of a configuration (brokers, timeouts, TLS, SASL), without
 * logging. Exported for the benchmarks' reference, which measures kafkajs itself.
 */
export function kafkajsConnectionOf(resolved: ResolvedKafkaConfig): kafkajs.KafkaConfig {
  const sasl = resolved.sasl;
  return {
    clientId: resolved.clientId,
    brokers: resolved.brokers,
    connectionTimeout: resolved.connectionTimeoutMs,
    requestTimeout: resolved.requestTimeoutMs,
    ...(resolved.tls === undefined ? {} : { ssl: tlsOptions(resolved.tls) }),
    ...(sasl === undefined ? {} : { sasl }),
  };
}

export function createKafkaClient(config: KafkaConfig, logger: Logger): KafkaClient {
  const resolved = kafkaConfigSchema.parse(config);
  const kafkaLogger = logger.child({ ns: 'kafka', clientId: resolved.clientId });
  const client = new kafkajs.Kafka({
    ...kafkajsConnectionOf(resolved),
    logLevel: kafkajsLevelFor(kafkaLogger),
    logCreator: kafkajsLogCreator(kafkaLogger),
  });
  const handle: KafkaClient = Object.freeze({ config: resolved, logger: kafkaLogger });
  underlying.set(handle, client);
  return handle;
}

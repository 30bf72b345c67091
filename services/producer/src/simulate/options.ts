/**
 * The `simulate` command line, parsed and checked once: each problem names its option (and
 * the environment variable it falls back to). The values' own problems come all at once, then
 * those of the plan they make.
 */
import { parseArgs } from 'node:util';
import {
  checkKafkaEnv,
  kafkaConfigFromEnv,
  kafkaEnvShape,
  type ResolvedKafkaConfig,
} from '@streamfold/kafka';
import { ConfigError, parseEnv } from '@streamfold/observability';
import {
  registryConfigFromEnv,
  registryEnvShape,
  topicPrefixEnv,
  type SchemaRegistryConfig,
} from '@streamfold/schemas';
import { z } from 'zod';
import { planProblems, scenarioNames, type PlanOptions } from './plan.js';

export const usage = `usage: simulate [options]
  --devices N            devices (default 5)
  --rate R               readings per second per device, event time (default 1)
  --duration S           event-time seconds of readings per device (default 600)
  --seed N               decides everything random; same seed, same plan (default 1)
  --scenario LIST        normal,spikes,late,out-of-order,garbage (default normal)
  --start TIME           first event time, ISO 8601 or epoch ms (default now; with --fast,
                         the span that ends now)
  --via http|mqtt|kafka  how to send (default http)
  --fast                 as fast as possible instead of R readings a second per device
  --batch-size N         most readings per HTTP request or per device per wave (default 100)
  --producer-url URL     the producer (PRODUCER_URL; default http://127.0.0.1:8080 with --via http)
  --mqtt-url URL         the MQTT broker (MQTT_URL; default mqtt://127.0.0.1:1883)
  --mqtt-topic-root R    devices publish to R/<id>/readings (MQTT_TOPIC_ROOT; default devices)
  --kafka-brokers LIST   host:port,… (KAFKA_BROKERS), for --via kafka
  --schema-registry-url URL  (SCHEMA_REGISTRY_URL), for --via kafka
  --topic-prefix P       before every topic name (TOPIC_PREFIX), for --via kafka
  --projection-url URL   wait here until every command is handled before sending readings
                         (PROJECTION_URL; default http://127.0.0.1:8083)
  --no-wait              send readings as soon as the commands are accepted
  --plan-json            print the plan as JSON instead of sending it
  --help                 this text`;

export type Via = 'http' | 'mqtt' | 'kafka';

export interface CliOptions {
  readonly plan: PlanOptions;
  readonly via: Via;
  readonly fast: boolean;
  readonly planJson: boolean;
  readonly batchSize: number;
  /** With --via http always; with --via mqtt, commands go here when set, else to Kafka. */
  readonly producerUrl: string | undefined;
  readonly mqttUrl: string;
  /** Devices publish to `<root>/<deviceId>/readings`, as the producer's MQTT_TOPIC_ROOT. */
  readonly mqttTopicRoot: string;
  readonly topicPrefix: string;
  /**
   * Where to wait for the commands' outcomes before sending readings (the aggregator does not
   * order readings against commands: decision 0012); undefined with --no-wait.
   */
  readonly projectionUrl: string | undefined;
  /** Set when something goes straight to Kafka. */
  readonly kafka: { config: ResolvedKafkaConfig; registry: SchemaRegistryConfig } | undefined;
}

/** The command line cannot run: every problem, each naming its option. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

const flags = {
  devices: { type: 'string' },
  rate: { type: 'string' },
  duration: { type: 'string' },
  seed: { type: 'string' },
  scenario: { type: 'string' },
  start: { type: 'string' },
  via: { type: 'string' },
  fast: { type: 'boolean', default: false },
  'batch-size': { type: 'string' },
  'producer-url': { type: 'string' },
  'mqtt-url': { type: 'string' },
  'mqtt-topic-root': { type: 'string' },
  'kafka-brokers': { type: 'string' },
  'schema-registry-url': { type: 'string' },
  'topic-prefix': { type: 'string' },
  'plan-json': { type: 'boolean', default: false },
  'projection-url': { type: 'string' },
  'no-wait': { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

/** The environment variable each option falls back to. */
const fallbacks = {
  'producer-url': 'PRODUCER_URL',
  'mqtt-url': 'MQTT_URL',
  'mqtt-topic-root': 'MQTT_TOPIC_ROOT',
  'kafka-brokers': 'KAFKA_BROKERS',
  'schema-registry-url': 'SCHEMA_REGISTRY_URL',
  'topic-prefix': 'TOPIC_PREFIX',
  'projection-url': 'PROJECTION_URL',
} as const;

const numberText = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, `expected ${what}`)
    .transform(Number);

const startText = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: 'expected an ISO 8601 time or epoch milliseconds' });
      return z.NEVER;
    }
    return ms;
  });

const cliSchema = z.object({
  devices: numberText('a whole number of devices').default(5),
  rate: numberText('readings per second, e.g. 2 or 0.5').default(1),
  duration: numberText('seconds, e.g. 600').default(600),
  seed: numberText('a whole number').default(1),
  scenario: z
    .string()
    .default('normal')
    .transform((list) =>
      list
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    )
    .pipe(
      z.array(
        z.enum(scenarioNames, { error: `expected scenarios among ${scenarioNames.join(', ')}` }),
      ),
    ),
  start: startText.optional(),
  via: z.enum(['http', 'mqtt', 'kafka'], { error: 'expected http, mqtt or kafka' }).default('http'),
  fast: z.boolean(),
  'batch-size': numberText('a whole number from 1 to 10000')
    .pipe(z.number().int().min(1).max(10_000))
    .default(100),
  'producer-url': z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
  'mqtt-url': z
    .url({ protocol: /^(mqtts?|tcp|ssl|wss?)$/, error: 'expected an mqtt:// or mqtts:// URL' })
    .default('mqtt://127.0.0.1:1883'),
  'mqtt-topic-root': z
    .string()
    .regex(/^[^#+]+$/, 'expected a topic prefix without wildcards, e.g. devices')
    .default('devices'),
  'kafka-brokers': z.string().optional(),
  'schema-registry-url': z.string().optional(),
  'topic-prefix': topicPrefixEnv,
  'plan-json': z.boolean(),
  'projection-url': z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
    .default('http://127.0.0.1:8083'),
  'no-wait': z.boolean(),
});

const planFlags: Record<keyof PlanOptions, string> = {
  seed: 'seed',
  devices: 'devices',
  ratePerSecond: 'rate',
  durationSeconds: 'duration',
  start: 'start',
  scenarios: 'scenario',
};

const named = (flag: string) => {
  const variable = (fallbacks as Record<string, string | undefined>)[flag];
  return variable === undefined ? `--${flag}` : `--${flag} (${variable})`;
};

/**
 * The options of a command line, with the environment's fallbacks; `help` when asked for.
 * Throws UsageError listing every problem.
 */
export function parseCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  now: number,
): CliOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options: flags, strict: true }));
  } catch (error) {
    // parseArgs names the unknown option or the one missing its value.
    throw new UsageError([error instanceof Error ? error.message : String(error)]);
  }
  if (values.help === true) return 'help';
  for (const [flag, variable] of Object.entries(fallbacks)) {
    values[flag] ??= env[variable] === '' ? undefined : env[variable];
  }
  const parsed = cliSchema.safeParse(values);
  if (!parsed.success) {
    throw new UsageError(
      parsed.error.issues.map((i) => `${named(String(i.path[0] ?? ''))}: ${i.message}`),
    );
  }
  const o = parsed.data;
  const plan: PlanOptions = {
    seed: o.seed,
    devices: o.devices,
    ratePerSecond: o.rate,
    durationSeconds: o.duration,
    // As fast as possible, a run from now would send event times minutes ahead of the clock
    // (which the aggregator refuses as future): it replays the span that ends now instead.
    start: o.start ?? (o.fast ? now - o.duration * 1000 : now),
    scenarios: o.scenario.length === 0 ? ['normal'] : o.scenario,
  };
  const problems = planProblems(plan).map((p) => `--${planFlags[p.option]}: ${p.message}`);
  const producerUrl = o['producer-url'] ?? (o.via === 'http' ? 'http://127.0.0.1:8080' : undefined);
  const needsKafka = o.via === 'kafka' || (o.via === 'mqtt' && producerUrl === undefined);
  let kafka: CliOptions['kafka'];
  if (needsKafka && !o['plan-json']) {
    const why = o.via === 'kafka' ? 'with --via kafka' : 'with --via mqtt and no --producer-url';
    for (const flag of ['kafka-brokers', 'schema-registry-url'] as const) {
      if (o[flag] === undefined) problems.push(`${named(flag)}: required ${why}`);
    }
    if (problems.length === 0)
      kafka = kafkaOf(env, o['kafka-brokers'], o['schema-registry-url'], problems);
  }
  if (problems.length > 0) throw new UsageError(problems);
  return {
    plan,
    via: o.via,
    fast: o.fast,
    planJson: o['plan-json'],
    batchSize: o['batch-size'],
    producerUrl,
    mqttUrl: o['mqtt-url'],
    mqttTopicRoot: o['mqtt-topic-root'],
    topicPrefix: o['topic-prefix'],
    kafka,
    projectionUrl: o['no-wait'] ? undefined : o['projection-url'],
  };
}

/** Kafka as the services configure it (TLS and SASL included), with the flags' values. */
function kafkaOf(
  env: Readonly<Record<string, string | undefined>>,
  brokers: string | undefined,
  registryUrl: string | undefined,
  problems: string[],
): CliOptions['kafka'] {
  try {
    const e = parseEnv(
      z.object({ ...kafkaEnvShape, ...registryEnvShape }).superRefine(checkKafkaEnv),
      { ...env, KAFKA_BROKERS: brokers, SCHEMA_REGISTRY_URL: registryUrl },
    );
    return {
      config: kafkaConfigFromEnv(e, 'streamfold-simulate'),
      registry: registryConfigFromEnv(e),
    };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(
      ...error.problems.map((p) =>
        p
          .replace(/^KAFKA_BROKERS/, named('kafka-brokers'))
          .replace(/^SCHEMA_REGISTRY_URL/, named('schema-registry-url')),
      ),
    );
    return undefined;
  }
}

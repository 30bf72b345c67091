/**
 * `npm run bench:kernel [-- --commands N --conferences N --entities N --events N
 *   --partitions N --only throughput|restore --json --keep]`
 *
 * The kernel's benchmarks, each beside its reference in the same run: commands/s through the
 * seat processor exactly once vs at least once vs a no-op kafkajs consumer, and restoring state
 * from snapshots vs replaying every event. Prints a Markdown table (progress goes to stderr);
 * `--json` also writes it to bench/results/. Kafka and the registry are KAFKA_BROKERS and
 * SCHEMA_REGISTRY_URL, else the local stack's. A person runs this; `npm test` never does.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  checkKafkaEnv,
  createKafkaClient,
  KafkaAdmin,
  kafkaConfigFromEnv,
  kafkaEnvShape,
  Producer,
} from '@streamfold/kafka';
import { kafkaBrokersOf, registryUrlOf, stackOptionsFromEnv } from '@streamfold/local-stack';
import { createLogger, parseEnv } from '@streamfold/observability';
import { registryConfigFromEnv, registryEnvShape, SchemaRegistryClient } from '@streamfold/schemas';
import { z } from 'zod';
import { BenchFailure, type Bench } from './kernel/context.js';
import { environment, markdown, type Results } from './kernel/report.js';
import { restoreVsReplay, type RestoreResult } from './kernel/restore.js';
import { throughput, type ThroughputResult } from './kernel/throughput.js';

const defaults = {
  commands: 100_000,
  conferences: 1_000,
  entities: 100_000,
  events: 1_000_000,
  partitions: 6,
};

function usage(problem: string): never {
  console.error(
    `${problem}\nusage: npm run bench:kernel -- [--commands ${defaults.commands}] [--conferences ${defaults.conferences}] [--entities ${defaults.entities}] [--events ${defaults.events}] [--partitions ${defaults.partitions}] [--only throughput|restore] [--json] [--keep]`,
  );
  process.exit(2);
}

function parseFlags() {
  const { values } = parseArgs({
    options: {
      commands: { type: 'string' },
      conferences: { type: 'string' },
      entities: { type: 'string' },
      events: { type: 'string' },
      partitions: { type: 'string' },
      only: { type: 'string' },
      json: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  const whole = (name: keyof typeof defaults): number => {
    const text = values[name];
    const n = text === undefined ? defaults[name] : Number(text);
    if (!Number.isInteger(n) || n <= 0)
      usage(`--${name} takes a positive whole number, not ${text}`);
    return n;
  };
  const sizes = {
    commands: whole('commands'),
    conferences: whole('conferences'),
    entities: whole('entities'),
    events: whole('events'),
    partitions: whole('partitions'),
  };
  if (sizes.commands <= sizes.conferences) usage('--commands must exceed --conferences');
  if (sizes.events % sizes.entities !== 0) {
    usage('--events must be a whole multiple of --entities (each entity gets as many events)');
  }
  const only = values.only;
  if (only !== undefined && only !== 'throughput' && only !== 'restore') {
    usage(`--only takes throughput or restore, not ${only}`);
  }
  return { sizes, only, json: values.json, keep: values.keep };
}

const flags = (() => {
  try {
    return parseFlags();
  } catch (error) {
    // parseArgs refuses unknown flags and missing values with a message naming them.
    return usage(error instanceof Error ? error.message : String(error));
  }
})();
const { sizes } = flags;
const args = process.argv.slice(2).join(' ');
const command =
  process.env.npm_lifecycle_event === 'bench:kernel'
    ? `npm run bench:kernel${args === '' ? '' : ` -- ${args}`}`
    : `tsx --conditions=@streamfold/source bench/kernel.ts ${args}`.trim();

let bench: Bench | undefined;
let failed = false;
try {
  // The services' own variables (TLS, SASL included), checked the same way; the local stack's
  // addresses when they are not set.
  const stack = stackOptionsFromEnv(process.env);
  const env = parseEnv(
    z.object({ ...kafkaEnvShape, ...registryEnvShape }).superRefine(checkKafkaEnv),
    {
      ...process.env,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? kafkaBrokersOf(stack),
      SCHEMA_REGISTRY_URL: process.env.SCHEMA_REGISTRY_URL ?? registryUrlOf(stack),
    },
  );
  const logger = createLogger({
    service: 'bench-kernel',
    level: 'warn',
    destination: process.stderr,
  });
  const client = createKafkaClient(kafkaConfigFromEnv(env, 'streamfold-bench'), logger);
  const admin = new KafkaAdmin(client);
  try {
    await admin.ping();
  } catch (error) {
    throw new BenchFailure(
      `no Kafka at ${env.KAFKA_BROKERS.join(',')} (${error instanceof Error ? error.message : String(error)}); start the local one with \`npm run stack:up\``,
      { cause: error },
    );
  }
  const producer = new Producer(client);
  await producer.connect();
  bench = {
    client,
    admin,
    registry: new SchemaRegistryClient(registryConfigFromEnv(env)),
    producer,
    logger,
    prefix: `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.`,
    partitions: sizes.partitions,
    topics: [],
  };
  console.error(`bench: topics, groups and subjects of this run start with ${bench.prefix}`);

  let throughputResult: ThroughputResult | undefined;
  let restoreResult: RestoreResult | undefined;
  if (flags.only !== 'restore') throughputResult = await throughput(bench, sizes);
  if (flags.only !== 'throughput') restoreResult = await restoreVsReplay(bench, sizes);
  const results: Results = {
    environment: environment(command, process.env.KAFKA_BROKERS !== undefined),
    sizes,
    ...(throughputResult === undefined ? {} : { throughput: throughputResult }),
    ...(restoreResult === undefined ? {} : { restore: restoreResult }),
  };
  console.log(markdown(results));
  if (flags.json) {
    const folder = new URL('results/', import.meta.url);
    mkdirSync(folder, { recursive: true });
    const file = new URL(`kernel-${bench.prefix.slice('bench-'.length, -1)}.json`, folder);
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    console.error(`bench: wrote ${file.pathname}`);
  }
} catch (error) {
  failed = true;
  if (error instanceof BenchFailure) {
    console.error(`\n!!!!!!!!!! BENCHMARK FAILED: NO RESULT !!!!!!!!!!\n${error.message}\n`);
  } else {
    console.error(error);
  }
} finally {
  if (bench !== undefined) await cleanUp(bench, flags.keep || failed);
}
process.exitCode = failed ? 1 : 0;

/** Deletes the run's topics, unless asked to keep them or the run failed (to look into them). */
async function cleanUp(run: Bench, keep: boolean): Promise<void> {
  await run.producer.disconnect();
  if (keep) {
    console.error(`bench: kept the topics starting with ${run.prefix}`);
  } else if (run.topics.length > 0) {
    await run.admin.deleteTopics(run.topics);
  }
  await run.admin.disconnect();
}

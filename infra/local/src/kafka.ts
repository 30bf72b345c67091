import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureKafkaDownloaded } from './downloads.js';
import { exists } from './files.js';
import { findJava, type Java } from './java.js';
import { layout, packageRoot, StackError, type StackOptions } from './options.js';
import { startDetached, type ManagedProcess } from './processes.js';
import { KAFKA_MIN_JAVA } from './versions.js';

const run = promisify(execFile);
type Say = (line: string) => void;

export function kafkaProcess(options: StackOptions): ManagedProcess {
  const { run: runDir, logs, kafkaData } = layout(options);
  return {
    name: 'kafka',
    pidFile: join(runDir, 'kafka.pid'),
    logFile: join(logs, 'kafka.log'),
    mark: join(kafkaData, 'server.properties'),
  };
}

/**
 * One node that is both broker and controller (KRaft), with the semantics of production where
 * they matter to us: topics are created on purpose only, transactions work on a single node
 * (replication factor and min ISR of 1 for the internal topics), and retention is a week
 * unless a topic says otherwise.
 */
export function serverProperties(options: StackOptions): string {
  const { kafkaData } = layout(options);
  const settings: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${options.controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${options.kafkaPort},CONTROLLER://127.0.0.1:${options.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${options.kafkaPort}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': join(kafkaData, 'logs'),
    'auto.create.topics.enable': false,
    'num.partitions': 6,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'offsets.topic.replication.factor': 1,
    // Fewer than the default 50: each is a log to create and load, and one node gains nothing.
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 10,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'log.retention.hours': 168,
    'log.segment.bytes': 256 * 1024 * 1024,
    'log.cleaner.enable': true,
    // A joining consumer should not wait 3 s for others that are not coming.
    'group.initial.rebalance.delay.ms': 0,
    'unclean.leader.election.enable': false,
  };
  return Object.entries(settings)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join('\n')
    .concat('\n');
}

// Properties format, not YAML, so that no YAML parser has to be among the broker's jars.
const LOG4J2 = `status = warn
appender.out.type = Console
appender.out.name = out
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d{ISO8601}] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.out.ref = out
logger.request.name = kafka.request.logger
logger.request.level = warn
logger.state.name = state.change.logger
logger.state.level = warn
logger.cleaner.name = kafka.log.LogCleaner
logger.cleaner.level = warn
`;

export async function prepareKafka(
  options: StackOptions,
  say: Say,
): Promise<{ java: Java; home: string }> {
  const java = await findJava(
    'Kafka',
    KAFKA_MIN_JAVA,
    { variable: 'STREAMFOLD_KAFKA_JAVA_HOME', home: options.kafkaJavaHome },
    process.env,
  );
  const home = await ensureKafkaDownloaded(options, say);
  const { kafkaData } = layout(options);
  await mkdir(kafkaData, { recursive: true });
  await writeFile(join(kafkaData, 'server.properties'), serverProperties(options));
  await writeFile(join(kafkaData, 'log4j2.properties'), LOG4J2);
  if (!(await exists(join(kafkaData, 'logs', 'meta.properties')))) {
    say('formatting the Kafka data folder (first start)');
    try {
      await run(
        java.executable,
        [
          '-cp',
          join(home, 'lib', '*'),
          `-Dlog4j2.configurationFile=${join(kafkaData, 'log4j2.properties')}`,
          'kafka.tools.StorageTool',
          'format',
          '-t',
          randomUUID(),
          '-c',
          join(kafkaData, 'server.properties'),
        ],
        { timeout: 120_000 },
      );
    } catch (error) {
      const output = error instanceof Error && 'stdout' in error ? String(error.stdout) : '';
      throw new StackError(`formatting Kafka's storage failed: ${output}`, { cause: error });
    }
  }
  return { java, home };
}

export async function launchKafka(
  options: StackOptions,
  java: Java,
  home: string,
): Promise<number> {
  const { kafkaData } = layout(options);
  return startDetached(
    kafkaProcess(options),
    java.executable,
    [
      '-Xms256m',
      '-Xmx1g',
      '-XX:+UseG1GC',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${join(kafkaData, 'log4j2.properties')}`,
      '-cp',
      join(home, 'lib', '*'),
      'kafka.Kafka',
      join(kafkaData, 'server.properties'),
    ],
    { cwd: kafkaData },
  );
}

/** Compiles the readiness probe once per change of its source, into the stack's own folder. */
async function compiledProbe(options: StackOptions, java: Java, home: string): Promise<string> {
  const source = join(packageRoot, 'probe', 'StackProbe.java');
  const classes = join(layout(options).downloads, 'probe-classes');
  const compiled = join(classes, 'StackProbe.class');
  if ((await exists(compiled)) && (await stat(compiled)).mtimeMs >= (await stat(source)).mtimeMs)
    return classes;
  const javac = java.executable.replace(/java$/, 'javac');
  await mkdir(classes, { recursive: true });
  try {
    await run(javac, ['-cp', join(home, 'lib', '*'), '-d', classes, source], { timeout: 120_000 });
  } catch (error) {
    throw new StackError(
      `compiling the broker's readiness probe failed (${javac}); a JDK, not only a JRE, is needed: ${String(error)}`,
      { cause: error },
    );
  }
  return classes;
}

/**
 * Waits until the broker answers metadata, takes an acks=all produce and commits a
 * transaction with offsets (see probe/StackProbe.java for why the last). Resolves to the
 * reason it is not ready, or undefined once it is.
 */
export async function probeKafka(
  options: StackOptions,
  deadline: number,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const java = await findJava(
    'Kafka',
    KAFKA_MIN_JAVA,
    { variable: 'STREAMFOLD_KAFKA_JAVA_HOME', home: options.kafkaJavaHome },
    process.env,
  );
  const home = await ensureKafkaDownloaded(options, () => undefined);
  const classes = await compiledProbe(options, java, home);
  try {
    await run(
      java.executable,
      [
        '-Xmx128m',
        '-XX:TieredStopAtLevel=1',
        '-Dorg.slf4j.simpleLogger.defaultLogLevel=off',
        '-Dlog4j2.level=OFF',
        `-Dlog4j2.configurationFile=${join(packageRoot, 'probe', 'log4j2-quiet.properties')}`,
        '-cp',
        `${join(home, 'lib', '*')}:${classes}`,
        'StackProbe',
        `127.0.0.1:${options.kafkaPort}`,
        String(deadline),
      ],
      {
        timeout: Math.max(1_000, deadline - Date.now() + 15_000),
        ...(signal === undefined ? {} : { signal }),
      },
    );
    return undefined;
  } catch (error) {
    const stderr = error instanceof Error && 'stderr' in error ? String(error.stderr).trim() : '';
    return stderr.split('\n').at(-1) ?? String(error);
  }
}

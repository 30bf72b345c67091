import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { lastLines } from './files.js';
import { kafkaProcess, launchKafka, prepareKafka, probeKafka } from './kafka.js';
import { withLock } from './lock.js';
import { kafkaBrokersOf, layout, registryUrlOf, StackError, type StackOptions } from './options.js';
import { portIsHeld, runningPid, stopProcess, type ManagedProcess } from './processes.js';
import { launchRegistry, prepareRegistry, probeRegistry, registryProcess } from './registry.js';

export type Say = (line: string) => void;

export interface StackEndpoints {
  readonly kafkaBrokers: string;
  readonly schemaRegistryUrl: string;
}

export interface StackUpResult extends StackEndpoints {
  /** True when both were already running and healthy, so nothing was started. */
  readonly alreadyRunning: boolean;
}

export interface ComponentStatus {
  readonly name: 'kafka' | 'registry';
  readonly pid: number | undefined;
  /** Undefined when ready; otherwise why not. */
  readonly notReady: string | undefined;
  readonly address: string;
  readonly logFile: string;
}

const LOG_LINES_ON_FAILURE = 40;
const lockFile = (options: StackOptions) => join(layout(options).run, 'stack.lock');
const endpoints = (options: StackOptions): StackEndpoints => ({
  kafkaBrokers: kafkaBrokersOf(options),
  schemaRegistryUrl: registryUrlOf(options),
});

async function failure(component: ManagedProcess, why: string): Promise<StackError> {
  const lines = await lastLines(component.logFile, LOG_LINES_ON_FAILURE);
  const tail =
    lines.length === 0 ? '(its log is empty)' : lines.map((line) => `  | ${line}`).join('\n');
  return new StackError(
    `${component.name} did not become ready: ${why}\nlast lines of ${component.logFile}:\n${tail}`,
  );
}

async function requirePortsFree(ports: readonly (readonly [string, number])[]): Promise<void> {
  for (const [variable, port] of ports) {
    if (await portIsHeld(port)) {
      throw new StackError(
        `port ${port} on 127.0.0.1 is held by another process, not by this stack. ` +
          `Stop that process, or give the stack another port with ${variable}=<port>.`,
      );
    }
  }
}

/** Rejects as soon as the process exits, so a crash is reported now rather than at the deadline. */
async function watchAlive(component: ManagedProcess, signal: AbortSignal): Promise<never> {
  while (!signal.aborted) {
    if ((await runningPid(component)) === undefined) {
      throw await failure(component, 'the process exited');
    }
    await sleep(500);
  }
  throw new Error('watch ended');
}

async function untilKafkaReady(options: StackOptions, deadline: number): Promise<void> {
  const component = kafkaProcess(options);
  const done = new AbortController();
  try {
    const notReady = await Promise.race([
      probeKafka(options, deadline, done.signal),
      watchAlive(component, done.signal),
    ]);
    if (notReady !== undefined)
      throw await failure(component, `${notReady} (within ${options.timeoutSeconds}s)`);
  } finally {
    done.abort();
  }
}

async function untilRegistryReady(options: StackOptions, deadline: number): Promise<void> {
  const component = registryProcess(options);
  let notReady = await probeRegistry(options);
  while (notReady !== undefined) {
    if ((await runningPid(component)) === undefined)
      throw await failure(component, 'the process exited');
    if (Date.now() > deadline)
      throw await failure(component, `${notReady} (within ${options.timeoutSeconds}s)`);
    await sleep(250);
    notReady = await probeRegistry(options);
  }
}

async function startKafkaUnlocked(
  options: StackOptions,
  say: Say,
  deadline: number,
): Promise<void> {
  await requirePortsFree([
    ['STREAMFOLD_KAFKA_PORT', options.kafkaPort],
    ['STREAMFOLD_KAFKA_CONTROLLER_PORT', options.controllerPort],
  ]);
  const { java, home } = await prepareKafka(options, say);
  const pid = await launchKafka(options, java, home);
  say(`kafka starting (pid ${pid}, Java ${java.major}) on ${kafkaBrokersOf(options)}`);
  await untilKafkaReady(options, deadline);
}

/**
 * Brings Kafka and the registry up and returns once both are really ready: the broker answers
 * metadata, takes an acks=all produce and commits a transaction; the registry answers its
 * API. Idempotent: parts already running are left alone. The first run downloads both.
 */
export async function stackUp(
  options: StackOptions,
  say: Say = () => undefined,
): Promise<StackUpResult> {
  const started = Date.now();
  const deadline = started + options.timeoutSeconds * 1000;
  return withLock(lockFile(options), deadline, async () => {
    let kafkaPid = await runningPid(kafkaProcess(options));
    let registryPid = await runningPid(registryProcess(options));
    if (kafkaPid !== undefined && registryPid !== undefined) {
      const [kafkaNotReady, registryNotReady] = await Promise.all([
        probeKafka(options, Date.now() + 10_000),
        probeRegistry(options),
      ]);
      if (kafkaNotReady === undefined && registryNotReady === undefined) {
        say(
          `already up and healthy: kafka ${kafkaBrokersOf(options)}, registry ${registryUrlOf(options)}`,
        );
        return { ...endpoints(options), alreadyRunning: true };
      }
    }

    // Check ports, Java and downloads before starting anything, so a missing piece fails fast.
    if (kafkaPid === undefined) {
      await requirePortsFree([
        ['STREAMFOLD_KAFKA_PORT', options.kafkaPort],
        ['STREAMFOLD_KAFKA_CONTROLLER_PORT', options.controllerPort],
      ]);
    }
    if (registryPid === undefined) {
      await requirePortsFree([
        ['STREAMFOLD_REGISTRY_PORT', options.registryPort],
        ['STREAMFOLD_REGISTRY_MANAGEMENT_PORT', options.registryManagementPort],
      ]);
    }
    const kafka = kafkaPid === undefined ? await prepareKafka(options, say) : undefined;
    const registry = registryPid === undefined ? await prepareRegistry(options, say) : undefined;
    if (kafka !== undefined) {
      kafkaPid = await launchKafka(options, kafka.java, kafka.home);
      say(
        `kafka starting (pid ${kafkaPid}, Java ${kafka.java.major}) on ${kafkaBrokersOf(options)}`,
      );
    }
    if (registry !== undefined) {
      registryPid = await launchRegistry(options, registry.java, registry.home);
      say(
        `registry starting (pid ${registryPid}, Java ${registry.java.major}) on ${registryUrlOf(options)}`,
      );
    }
    await Promise.all([untilKafkaReady(options, deadline), untilRegistryReady(options, deadline)]);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    say(
      `up and ready in ${seconds}s: kafka ${kafkaBrokersOf(options)}, registry ${registryUrlOf(options)}`,
    );
    return { ...endpoints(options), alreadyRunning: false };
  });
}

/** Stops both gracefully (SIGTERM, then SIGKILL after a grace period); data is kept. */
export async function stackDown(options: StackOptions, say: Say = () => undefined): Promise<void> {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  await withLock(lockFile(options), deadline, async () => {
    const [registry, kafka] = await Promise.all([
      stopProcess(registryProcess(options), 30_000),
      stopProcess(kafkaProcess(options), 60_000),
    ]);
    say(`registry: ${registry}; kafka: ${kafka}`);
  });
}

export async function stackStatus(options: StackOptions): Promise<ComponentStatus[]> {
  const kafka = kafkaProcess(options);
  const registry = registryProcess(options);
  const [kafkaPid, registryPid] = await Promise.all([runningPid(kafka), runningPid(registry)]);
  const [kafkaNotReady, registryNotReady] = await Promise.all([
    kafkaPid === undefined ? 'not running' : probeKafka(options, Date.now() + 5_000),
    registryPid === undefined ? 'not running' : probeRegistry(options),
  ]);
  return [
    {
      name: 'kafka',
      pid: kafkaPid,
      notReady: kafkaNotReady,
      address: kafkaBrokersOf(options),
      logFile: kafka.logFile,
    },
    {
      name: 'registry',
      pid: registryPid,
      notReady: registryNotReady,
      address: registryUrlOf(options),
      logFile: registry.logFile,
    },
  ];
}

/** Stops the stack and deletes its data (topics, offsets, schemas) and logs; downloads stay. */
export async function stackReset(options: StackOptions, say: Say = () => undefined): Promise<void> {
  await stackDown(options, say);
  const { data, logs, run } = layout(options);
  await Promise.all([data, logs, run].map((path) => rm(path, { recursive: true, force: true })));
  say(`wiped ${data} and ${logs}; the next stack:up starts empty`);
}

/** Stops the broker gracefully, keeping its data; the registry keeps running. */
export async function stopKafka(options: StackOptions): Promise<void> {
  await withLock(lockFile(options), Date.now() + options.timeoutSeconds * 1000, async () => {
    await stopProcess(kafkaProcess(options), 60_000);
  });
}

/** Starts the broker on its existing data and waits until it is ready. */
export async function startKafka(options: StackOptions, say: Say = () => undefined): Promise<void> {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  await withLock(lockFile(options), deadline, async () => {
    if ((await runningPid(kafkaProcess(options))) !== undefined) return;
    await startKafkaUnlocked(options, say, deadline);
  });
}

/** A graceful stop and a start on the same data: what a broker restart in production is. */
export async function restartKafka(
  options: StackOptions,
  say: Say = () => undefined,
): Promise<void> {
  await stopKafka(options);
  await startKafka(options, say);
}

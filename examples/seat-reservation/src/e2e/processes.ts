import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, kafkaTestEnv, until, type Duration } from '@streamfold/testing';

const exampleRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A log line of a child, as pino wrote it. */
export type LogLine = Record<string, unknown> & { msg?: string };

export interface ChildProcessor {
  readonly child: ChildProcess;
  readonly name: string;
  /** Every JSON log line so far. */
  lines: () => LogLine[];
  output: () => string;
  exited: Promise<number | string>;
  /** Waits for a log line that `match` accepts. */
  waitFor: (what: string, match: (line: LogLine) => boolean, within?: Duration) => Promise<LogLine>;
  kill: (signal: NodeJS.Signals) => void;
}

/**
 * Runs `src/<entry>` from source as its own Node process (through tsx, so no build is needed
 * and the test always runs the code in the tree), with the test's Kafka and registry.
 */
export function startChild(
  name: string,
  entry: string,
  args: readonly string[],
  env: Record<string, string>,
): ChildProcessor {
  const kafka = kafkaTestEnv();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@streamfold/source', `src/${entry}`, ...args],
    {
      cwd: exampleRoot,
      env: {
        PATH: process.env.PATH ?? '',
        KAFKA_BROKERS: kafka.kafkaBrokers,
        SCHEMA_REGISTRY_URL: kafka.schemaRegistryUrl,
        LOG_LEVEL: 'info',
        HTTP_HOST: '127.0.0.1',
        SEATS_SESSION_TIMEOUT_MS: '6000',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const lines: LogLine[] = [];
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    partial += chunk.toString();
    const complete = partial.split('\n');
    partial = complete.pop() ?? '';
    for (const line of complete) {
      try {
        lines.push(JSON.parse(line) as LogLine);
      } catch {
        lines.push({ msg: line });
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  let gone: number | string | undefined;
  void exited.then((code) => (gone = code));
  return {
    child,
    name,
    lines: () => lines,
    output: () => output,
    exited,
    waitFor: async (what, match, within = '90s') => {
      const found: LogLine[] = [];
      await until(
        () => {
          if (gone !== undefined) throw new Error(`${name} exited (${String(gone)}):\n${output}`);
          const line = lines.find(match);
          if (line !== undefined) found.push(line);
          return line !== undefined;
        },
        { within, every: 50, what: `${name}: ${what}\n${output.slice(-4_000)}` },
      );
      return found[0] ?? {};
    },
    kill: (signal) => child.kill(signal),
  };
}

/** The seat-availability processor, as `seat-reservation processor` runs it. */
export const startProcessor = async (
  name: string,
  prefix: string,
  entry = 'main.ts',
  env: Record<string, string> = {},
) =>
  startChild(name, entry, ['processor'], {
    SEATS_TOPIC_PREFIX: prefix,
    HTTP_PORT: String(await freePort()),
    ...env,
  });

/** Resolves once the processor runs tasks (it restored its partitions). */
export const started = (processor: ChildProcessor) =>
  processor.waitFor('tasks started', (line) => line.msg === 'started');

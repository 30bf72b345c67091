import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { KAFKA_VERSION } from '@streamfold/local-stack';
import type { Timing } from './context.js';
import type { RestoreResult } from './restore.js';
import type { ThroughputResult } from './throughput.js';

export interface Environment {
  readonly cpu: string;
  readonly cpus: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly kafkajs: string;
  readonly kafka: string;
  readonly command: string;
}

export interface Results {
  readonly environment: Environment;
  readonly sizes: Record<string, number>;
  readonly throughput?: ThroughputResult;
  readonly restore?: RestoreResult;
}

export function environment(command: string, brokersFromEnv: boolean): Environment {
  // The kafkajs this process loads, wherever npm hoisted it.
  const manifest = createRequire(import.meta.url).resolve('kafkajs/package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    kafkajs: version,
    kafka: brokersFromEnv
      ? `${KAFKA_VERSION} if KAFKA_BROKERS is the local stack (it is set, so it may not be)`
      : `${KAFKA_VERSION} (the local stack)`,
    command,
  };
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const count = (n: number) => Math.round(n).toLocaleString('en-US');
const perSecond = (records: number, ms: number) => records / (ms / 1000);

export function markdown(results: Results): string {
  const { environment: env, throughput, restore } = results;
  const lines = [
    '## Kernel benchmark',
    '',
    `- Machine: ${env.cpu}, ${env.cpus} CPUs, ${env.memoryGiB} GiB`,
    `- Node ${env.node}, kafkajs ${env.kafkajs}, Kafka ${env.kafka}`,
    `- Sizes: ${Object.entries(results.sizes)
      .map(([name, n]) => `${name} ${count(n)}`)
      .join(', ')}`,
    `- Command: \`${env.command}\``,
    '',
    '| measurement | records | join (s) | time (s) | records/s | notes |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
  ];
  const ratios: string[] = [];
  if (throughput !== undefined) {
    const row = (name: string, t: Timing) =>
      `| ${name} | ${count(throughput.commands)} commands | ${seconds(t.joinMs)} | ${seconds(t.runMs)} | ${count(perSecond(throughput.commands, t.runMs))} | ${t.notes} |`;
    lines.push(
      row('processor, exactly-once', throughput.exactlyOnce),
      row('processor, at-least-once', throughput.atLeastOnce),
      row('no-op kafkajs consumer (reference)', throughput.noop),
    );
    const rate = (t: Timing) => perSecond(throughput.commands, t.runMs);
    ratios.push(
      `| exactly-once / no-op consumer (commands/s) | ${(rate(throughput.exactlyOnce) / rate(throughput.noop)).toFixed(3)} |`,
      `| exactly-once / at-least-once (commands/s) | ${(rate(throughput.exactlyOnce) / rate(throughput.atLeastOnce)).toFixed(3)} |`,
    );
  }
  if (restore !== undefined) {
    lines.push(
      `| restore from snapshots | ${count(restore.entities)} snapshots | | ${seconds(restore.restoreMs)} | ${count(perSecond(restore.entities, restore.restoreMs))} | state equal to the replay's |`,
      `| replay from events | ${count(restore.events)} events | | ${seconds(restore.replayMs)} | ${count(perSecond(restore.events, restore.replayMs))} | ${count(restore.entities)} entities |`,
    );
    ratios.push(
      `| replay / restore (time) | ${(restore.replayMs / restore.restoreMs).toFixed(2)} |`,
    );
  }
  lines.push('', '| ratio | value |', '| --- | ---: |', ...ratios);
  if (throughput !== undefined) {
    lines.push(
      '',
      'Throughput: the clock starts once the consumer has joined its group (`run` resolved; the ' +
        '"join" column, not counted) and stops when the group has committed every command. The ' +
        "processors' task start (fencing, restoring empty state) is counted. The three run one " +
        'after another, in the order shown, over the same pre-written commands topic.',
    );
  }
  if (restore !== undefined) {
    lines.push(
      '',
      `Restore vs replay: events and snapshots were written directly (in ${seconds(restore.writeMs)} s, ` +
        'not counted); each read starts its own throwaway consumer group, which is counted.',
    );
  }
  return lines.join('\n');
}

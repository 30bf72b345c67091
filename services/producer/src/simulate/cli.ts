#!/usr/bin/env node
/**
 * `simulate`: plays seeded devices into the system over HTTP, MQTT or straight to Kafka.
 * Exit codes: 0 done; 1 a send failed or the producer refused readings; 2 bad options;
 * 130 interrupted.
 */
import { createLogger } from '@streamfold/observability';
import { parseCli, usage, UsageError, type CliOptions } from './options.js';
import { simulationPlan, type SimulationPlan } from './plan.js';
import { outcomesKnown } from './outcomes.js';
import { runSimulation } from './run.js';
import { httpCommands, httpReadings } from './senders/http.js';
import { kafkaSenders } from './senders/kafka.js';
import { mqttReadings } from './senders/mqtt.js';
import type { CommandSender, ReadingSender } from './senders/types.js';
import { rejectedReadings, summaryText } from './summary.js';

async function sendersFor(
  options: CliOptions,
): Promise<{ commands: CommandSender; readings: ReadingSender }> {
  const { producerUrl, kafka, batchSize } = options;
  const http = producerUrl === undefined ? undefined : { producerUrl, batchSize };
  const straight = async () => {
    if (kafka === undefined) throw new Error('Kafka is not configured');
    return kafkaSenders({
      kafka: kafka.config,
      registry: kafka.registry,
      topicPrefix: options.topicPrefix,
      logger: createLogger({ service: 'simulate', level: 'warn', destination: process.stderr }),
    });
  };
  switch (options.via) {
    case 'http':
      if (http === undefined) throw new Error('--via http without a producer URL');
      return { commands: httpCommands(http), readings: httpReadings(http) };
    case 'kafka':
      return straight();
    case 'mqtt': {
      const readings = await mqttReadings({
        mqttUrl: options.mqttUrl,
        topicRoot: options.mqttTopicRoot,
      });
      // Commands to the producer when there is one, else to device.commands directly.
      if (http !== undefined) return { commands: httpCommands(http), readings };
      const { commands, readings: unused } = await straight();
      await unused.close();
      return { commands, readings };
    }
  }
}

async function send(options: CliOptions, plan: SimulationPlan): Promise<number> {
  const senders = await sendersFor(options);
  const stop = new AbortController();
  const interrupt = () => stop.abort();
  process.once('SIGINT', interrupt);
  try {
    const report = await runSimulation(plan, senders, {
      fast: options.fast,
      batchSize: options.batchSize,
      progress: process.stderr,
      signal: stop.signal,
      ...(options.projectionUrl === undefined
        ? {}
        : { handled: outcomesKnown(options.projectionUrl, stop.signal) }),
    });
    process.stdout.write(summaryText(report, options.via));
    if (report.interrupted) return 130;
    return rejectedReadings(report) > 0 ? 1 : 0;
  } finally {
    process.off('SIGINT', interrupt);
    await Promise.all([senders.commands.close(), senders.readings.close()]);
  }
}

async function main(): Promise<number> {
  let options: CliOptions | 'help';
  try {
    options = parseCli(process.argv.slice(2), process.env, Date.now());
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(
      `simulate: ${error.problems.join('\nsimulate: ')}\n(--help lists the options)\n`,
    );
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const plan = simulationPlan(options.plan);
  if (options.planJson) {
    process.stdout.write(`${JSON.stringify(plan)}\n`);
    return 0;
  }
  try {
    return await send(options, plan);
  } catch (error) {
    // A SendFailure, or Kafka's or the registry's error: its message says what and where.
    if (!(error instanceof Error)) throw error;
    process.stderr.write(`\nsimulate: ${error.message}\n`);
    return 1;
  }
}

process.exitCode = await main();

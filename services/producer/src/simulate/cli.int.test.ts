/**
 * The `simulate` command as a real process, against the real broker, registry and Mosquitto:
 * what arrives is exactly the plan, each device in plan order.
 */
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { ConsumedRecord } from '@streamfold/kafka';
import { serdeFor, type DeviceCommandsRecord, type TopicNames } from '@streamfold/schemas';
import {
  freshSystemTopics,
  kafkaTestEnv,
  readCommitted,
  testKafkaClient,
  testRegistry,
  until,
} from '@streamfold/testing';
import { connectAsync } from 'mqtt';
import { describe, expect, it } from 'vitest';
import { simulationPlan, type PlanOptions, type SendItem, type SimulationPlan } from './plan.js';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));

/** Runs the command to its end: exit code and everything it wrote. */
function simulate(args: readonly string[], env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@streamfold/source', cli, ...args],
    { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const planOptions = (seed: number): PlanOptions => ({
  seed,
  devices: 3,
  ratePerSecond: 2,
  durationSeconds: 420,
  start: Date.UTC(2026, 0, 1),
  scenarios: ['spikes', 'late', 'out-of-order', 'garbage'],
});

const argsOf = (o: PlanOptions): string[] => [
  ...['--devices', String(o.devices), '--rate', String(o.ratePerSecond)],
  ...['--duration', String(o.durationSeconds), '--seed', String(o.seed)],
  ...['--scenario', o.scenarios.join(','), '--start', new Date(o.start).toISOString()],
  '--fast',
];

/** The payload each send is on the wire outside Kafka: the reading's JSON, or the garbage as is. */
const payloadOf = (item: SendItem): string =>
  item.kind === 'reading' ? JSON.stringify(item.reading) : item.payload;

const byDevice = <T>(entries: readonly (readonly [string, T])[]): Map<string, T[]> => {
  const map = new Map<string, T[]>();
  for (const [key, value] of entries) map.set(key, [...(map.get(key) ?? []), value]);
  return map;
};

const planByDevice = (plan: SimulationPlan) =>
  byDevice(
    plan.sends.map(
      (s) => [s.kind === 'reading' ? s.reading.deviceId : s.deviceId, payloadOf(s)] as const,
    ),
  );

/** Records in offset order within each partition, which is each key's order. */
const inOffsetOrder = (records: readonly ConsumedRecord[]) =>
  [...records].sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));

async function freshTopics(): Promise<{
  prefix: string;
  names: TopicNames;
  env: Record<string, string>;
}> {
  const { kafkaBrokers, schemaRegistryUrl } = kafkaTestEnv();
  const { prefix, names } = await freshSystemTopics('simulate');
  return {
    prefix,
    names,
    env: { KAFKA_BROKERS: kafkaBrokers, SCHEMA_REGISTRY_URL: schemaRegistryUrl },
  };
}

/** The commands topic as the plan's commands: name, device, commandId and payload, in order. */
async function commandsOn(names: TopicNames) {
  const serde = serdeFor(testRegistry(), 'device.commands', names.commands);
  const records = await readCommitted(testKafkaClient('simulate-test'), names.commands);
  return Promise.all(
    inOffsetOrder(records).map(async (record) => {
      const { name, value } = (await serde.decode(record.value)) as DeviceCommandsRecord;
      const { deviceId, meta, ...payload } = value;
      expect(record.key?.toString()).toBe(deviceId);
      expect(meta.expectedVersion).toBeNull();
      return { name, deviceId, commandId: meta.commandId, payload };
    }),
  );
}

const expectedCommands = (plan: SimulationPlan) =>
  plan.commands.map((c) => ({
    name: c.name === 'register' ? 'RegisterDevice' : 'ConfigureThreshold',
    deviceId: c.deviceId,
    commandId: c.idempotencyKey,
    payload: c.body,
  }));

const byDeviceOrder = <T extends { deviceId: string }>(items: readonly T[]) =>
  byDevice(items.map((i) => [i.deviceId, i] as const));

describe('simulate --via kafka', () => {
  it('writes exactly the plan to the prefixed topics: commands, readings in Avro, garbage as raw bytes, each device in order', async () => {
    const { prefix, names, env } = await freshTopics();
    const options = planOptions(7);
    const plan = simulationPlan(options);
    // No projection here to wait for: the commands are read back from Kafka instead.
    const args = [...argsOf(options), '--via', 'kafka', '--topic-prefix', prefix, '--no-wait'];

    const run = await simulate(args, env);
    expect(run.code, run.stderr).toBe(0);
    const readings = plan.sends.filter((s) => s.kind === 'reading').length;
    const garbage = plan.sends.length - readings;
    expect(run.stdout).toContain(`readings   ${readings.toLocaleString('en')}\n`);
    expect(run.stdout).toContain(`garbage    ${garbage}\n`);
    expect(run.stdout).toContain('commands   9\n');

    // --plan-json prints the very plan that was sent.
    const printed = await simulate([...args, '--plan-json'], {});
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toBe(`${JSON.stringify(plan)}\n`);

    const serde = serdeFor(testRegistry(), 'telemetry.readings', names.readings);
    const records = await readCommitted(testKafkaClient('simulate-test'), names.readings);
    expect(records).toHaveLength(plan.sends.length);
    const received = await Promise.all(
      inOffsetOrder(records).map(async (record) => {
        const key = record.key?.toString() ?? '';
        const value = record.value ?? Buffer.alloc(0);
        // The wire format starts with a zero byte; garbage is text.
        if (value[0] !== 0) return [key, value.toString()] as const;
        const decoded = await serde.decode(value);
        expect(decoded.name).toBe('SensorReading');
        return [key, JSON.stringify(decoded.value)] as const;
      }),
    );
    expect(byDevice(received)).toEqual(planByDevice(plan));

    const commands = await commandsOn(names);
    expect(byDeviceOrder(commands)).toEqual(byDeviceOrder(expectedCommands(plan)));
  });
});

describe('simulate --via mqtt', () => {
  it('publishes exactly the plan’s readings and garbage to <root>/<id>/readings, each device in order; commands go to Kafka without a producer', async () => {
    const { prefix, names, env } = await freshTopics();
    // A seed no other run uses at the same time: the device ids are sim-<seed>-<n>.
    const options = planOptions(randomInt(1, 2 ** 31));
    const plan = simulationPlan(options);
    const ours = new Set(plan.devices.map((d) => d.deviceId));

    // A topic root of its own: no other run's bridge takes these messages.
    const root = `simulate-test-${options.seed}`;
    const subscriber = await connectAsync('mqtt://127.0.0.1:1883', { clean: true });
    const received: (readonly [string, string])[] = [];
    subscriber.on('message', (topic, payload) => {
      const deviceId = new RegExp(`^${root}/([^/]+)/readings$`).exec(topic)?.[1];
      if (deviceId === undefined || !ours.has(deviceId)) return;
      // Consecutive readings travel as one array; garbage on its own.
      const text = payload.toString();
      const items: unknown = text.startsWith('[') ? JSON.parse(text) : undefined;
      if (Array.isArray(items)) {
        for (const item of items) received.push([deviceId, JSON.stringify(item)]);
      } else {
        received.push([deviceId, text]);
      }
    });
    try {
      await subscriber.subscribeAsync(`${root}/+/readings`, { qos: 1 });
      const run = await simulate(
        [
          ...argsOf(options),
          ...['--via', 'mqtt', '--mqtt-url', 'mqtt://127.0.0.1:1883', '--topic-prefix', prefix],
          ...['--mqtt-topic-root', root],
          '--no-wait',
        ],
        env,
      );
      expect(run.code, run.stderr).toBe(0);
      await until(() => received.length >= plan.sends.length, {
        within: '30s',
        what: `${plan.sends.length} payloads on ${root}/+/readings`,
      });
      expect(received).toHaveLength(plan.sends.length);
      expect(byDevice(received)).toEqual(planByDevice(plan));
    } finally {
      await subscriber.endAsync();
    }

    const commands = await commandsOn(names);
    expect(byDeviceOrder(commands)).toEqual(byDeviceOrder(expectedCommands(plan)));
  });
});

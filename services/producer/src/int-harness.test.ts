/**
 * What the producer's int tests share: a fresh prefixed topic set, the producer started
 * in-process on a free port, and ways to read back what it wrote. Named `*.test.ts` so the build
 * leaves it out of dist; no tier runs it (their files end in .unit/.int/.e2e.test.ts).
 */
import { randomBytes } from 'node:crypto';
import type { ConsumedRecord } from '@streamfold/kafka';
import { createMetricsRegistry, type Registry } from '@streamfold/observability';
import {
  serdeFor,
  type DeviceCommandsRecord,
  type SensorReading,
  type TopicNames,
} from '@streamfold/schemas';
import {
  freePort,
  freshSystemTopics,
  kafkaTestEnv,
  readCommitted,
  testKafkaClient,
  testLogger,
  testRegistry,
  until,
} from '@streamfold/testing';
import mqtt, { type MqttClient } from 'mqtt';
import { onTestFinished } from 'vitest';
import { startProducer, type RunningProducer } from './app.js';
import { loadConfig } from './config.js';

/** Mosquitto on this machine unless the environment says otherwise. */
export const mqttUrl = process.env.MQTT_TEST_URL ?? 'mqtt://127.0.0.1:1883';

/** The system's topics under a prefix of this test's own, subjects registered. */
export const freshTopics = (): Promise<{ prefix: string; names: TopicNames }> =>
  freshSystemTopics('producer');

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface TestProducer extends RunningProducer {
  readonly names: TopicNames;
  readonly metrics: Registry;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Answer>;
  /** A metric's value for these labels (0 when never counted). */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
}

/**
 * Starts the producer in-process on a free port with `env` on top of the test's Kafka, registry
 * and topic prefix; stopped when the test finishes.
 */
export async function startTestProducer(
  topics: { prefix: string; names: TopicNames },
  env: Record<string, string> = {},
): Promise<TestProducer> {
  const { kafkaBrokers, schemaRegistryUrl } = kafkaTestEnv();
  const config = loadConfig({
    KAFKA_BROKERS: kafkaBrokers,
    SCHEMA_REGISTRY_URL: schemaRegistryUrl,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(await freePort()),
    TOPIC_PREFIX: topics.prefix,
    ...env,
  });
  const metrics = createMetricsRegistry('producer');
  const producer = await startProducer(config, { logger: testLogger('producer'), metrics });
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopped ??= producer.stop());
  onTestFinished(stop);
  return {
    ...producer,
    stop,
    names: topics.names,
    metrics,
    post: async (path, body, headers = {}) => {
      const response = await fetch(`${producer.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
      };
    },
    metric: async (name, labels = {}) => {
      const found = await metrics.getSingleMetric(name)?.get();
      const matching = found?.values.filter((v) =>
        Object.entries(labels).every(([key, value]) => v.labels[key] === value),
      );
      return (matching ?? []).reduce((sum, v) => sum + v.value, 0);
    },
  };
}

/** A reading as a client sends it, with the fields it may leave out left out. */
export const reading = (deviceId: string, seq: number, value = 20 + seq) => ({
  deviceId,
  sensor: 'temperature',
  value,
  unit: 'celsius',
  eventTime: 1_700_000_000_000 + seq * 1_000,
  seq,
});

/** The same reading as the topic holds it. */
export const stored = (sent: ReturnType<typeof reading>): SensorReading => ({
  ...sent,
  location: null,
  quality: 'GOOD',
});

const keyOf = (record: ConsumedRecord): string | null => record.key?.toString() ?? null;

/**
 * A topic's records as a read_committed reader sees them, once at least `count` are visible. A
 * request answered 202 is committed, but the broker writes the transaction's markers, which
 * make it visible, just after it answers the commit: a read at once may be milliseconds early.
 */
async function visible(topic: string, count: number): Promise<ConsumedRecord[]> {
  let records: ConsumedRecord[] = [];
  await until(
    async () => {
      records = await readCommitted(testKafkaClient(), topic);
      return records.length >= count;
    },
    { within: '10s', every: 100, what: `${count} records visible on ${topic}` },
  );
  return records;
}

/** The readings topic's records as { key, value }, ordered by device then seq. */
export async function readingsIn(
  topic: string,
  /** Wait until at least this many are visible (see `visible`). */
  count = 0,
): Promise<{ key: string | null; value: SensorReading }[]> {
  const serde = serdeFor(testRegistry(), 'telemetry.readings', topic);
  const records = await visible(topic, count);
  const decoded = await Promise.all(
    records.map(async (record) => ({
      key: keyOf(record),
      value: (await serde.decode(record.value)).value,
    })),
  );
  return decoded.sort(
    (a, b) => a.value.deviceId.localeCompare(b.value.deviceId) || a.value.seq - b.value.seq,
  );
}

/** The device.commands topic's records as { key, record }, by key, each key's in send order. */
export async function commandsIn(
  topic: string,
  /** Wait until at least this many are visible (see `visible`). */
  count = 0,
): Promise<{ key: string | null; record: DeviceCommandsRecord }[]> {
  const serde = serdeFor(testRegistry(), 'device.commands', topic);
  const records = await visible(topic, count);
  const decoded = await Promise.all(
    records.map(async (r) => {
      const { name, value } = await serde.decode(r.value);
      return { key: keyOf(r), record: { name, value } as DeviceCommandsRecord };
    }),
  );
  // One key's records share a partition and keep its offset order: the stable sort keeps it.
  return decoded.sort((a, b) => (a.key ?? '').localeCompare(b.key ?? ''));
}

/** The DLQ's records as key, value text and headers as text, ordered by key then value. */
export async function deadLettersIn(
  topic: string,
  /** Wait until at least this many are visible (see `visible`). */
  count = 0,
): Promise<{ key: string | null; value: string; headers: Record<string, string> }[]> {
  const records = await visible(topic, count);
  return records
    .map((record) => ({
      key: keyOf(record),
      value: record.value?.toString() ?? '',
      headers: Object.fromEntries(
        Object.entries(record.headers).map(([name, value]) => [name, value?.toString() ?? '']),
      ),
    }))
    .sort((a, b) => (a.key ?? '').localeCompare(b.key ?? '') || a.value.localeCompare(b.value));
}

/** An MQTT root of its own per test, and a client id, so tests never see each other's messages. */
export function mqttNames(): { root: string; clientId: string } {
  const id = randomBytes(4).toString('hex');
  return { root: `streamfold-test/${id}/devices`, clientId: `producer-test-${id}` };
}

/** A device's MQTT client, disconnected when the test finishes. */
export async function mqttPublisher(): Promise<MqttClient> {
  const client = await mqtt.connectAsync(mqttUrl, {
    protocolVersion: 5,
    clientId: `publisher-${randomBytes(4).toString('hex')}`,
    reconnectPeriod: 0,
    connectTimeout: 5_000,
  });
  onTestFinished(() => client.endAsync());
  return client;
}

/** Removes a test bridge's persistent session from the broker (a clean start that expires at once). */
export async function dropMqttSession(clientId: string): Promise<void> {
  const client = await mqtt.connectAsync(mqttUrl, {
    protocolVersion: 5,
    clientId,
    clean: true,
    properties: { sessionExpiryInterval: 0 },
    reconnectPeriod: 0,
  });
  await client.endAsync();
}

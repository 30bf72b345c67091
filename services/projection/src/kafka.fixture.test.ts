/**
 * For the Kafka tests: a fresh set of prefixed topics, records encoded and produced as the
 * aggregator writes them, and a projection running in this process on a free port.
 */
import type { AddressInfo } from 'node:net';
import { Producer } from '@streamfold/kafka';
import {
  createApp,
  createMetricsRegistry,
  listen,
  mountOpsEndpoints,
  type Registry,
} from '@streamfold/observability';
import {
  SchemaRegistryClient,
  serdeFor,
  type DeviceEventsRecord,
  type TelemetryAggregatesRecord,
  type TopicNames,
} from '@streamfold/schemas';
import {
  freshSystemTopics,
  kafkaTestEnv,
  testKafkaClient,
  testLogger,
  testRegistry,
  until,
} from '@streamfold/testing';
import { loadConfig } from './config.js';
import { startProjection, type Projection } from './projection.js';

export const client = testKafkaClient('projection-test');
export const registry = testRegistry();

export interface Topics {
  readonly prefix: string;
  readonly names: TopicNames;
}

/** Every system topic under a prefix of this test's own, 3 partitions, subjects registered. */
export const freshTopics = (): Promise<Topics> => freshSystemTopics('projection');

/** Writes records to the topics the aggregator writes, keyed by deviceId. */
export class Feed {
  private readonly producer = new Producer(client);
  private readonly events;
  private readonly aggregates;
  private connected: Promise<void> | undefined;

  constructor(private readonly names: TopicNames) {
    this.events = serdeFor(registry, 'device.events', names.events);
    this.aggregates = serdeFor(registry, 'telemetry.aggregates', names.aggregates);
  }

  async sendEvents(records: readonly DeviceEventsRecord[]): Promise<void> {
    await this.send(this.names.events, await this.encodeEvents(records));
  }

  encodeEvents(records: readonly DeviceEventsRecord[]): Promise<{ key: string; value: Buffer }[]> {
    return Promise.all(
      records.map(async (r) => ({ key: r.value.deviceId, value: await this.events.encode(r) })),
    );
  }

  async sendAggregates(records: readonly TelemetryAggregatesRecord[]): Promise<void> {
    await this.send(
      this.names.aggregates,
      await Promise.all(
        records.map(async (r) => ({
          key: r.value.deviceId,
          value: await this.aggregates.encode(r),
        })),
      ),
    );
  }

  /** Bytes as they are, e.g. ones that do not decode. */
  async sendRaw(topic: string, key: string, value: Buffer): Promise<void> {
    await this.send(topic, [{ key, value }]);
  }

  async close(): Promise<void> {
    if (this.connected !== undefined) await this.producer.disconnect();
  }

  private async send(topic: string, records: { key: string; value: Buffer }[]): Promise<void> {
    this.connected ??= this.producer.connect();
    await this.connected;
    await this.producer.send(topic, records);
  }
}

export interface RunningProjection {
  readonly projection: Projection;
  readonly metrics: Registry;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  get(path: string, init?: RequestInit): Promise<Response>;
  /** GET and parse JSON, failing on a status other than `status`. */
  json<T = Record<string, unknown>>(path: string, status?: number): Promise<T>;
  waitUntilReady(): Promise<void>;
  stop(): Promise<void>;
}

/** A projection in this process, as main.ts wires it, served on a free port. */
export async function startTestProjection(
  topics: Topics,
  env: Record<string, string> = {},
): Promise<RunningProjection> {
  const { kafkaBrokers, schemaRegistryUrl } = kafkaTestEnv();
  const config = loadConfig({
    KAFKA_BROKERS: kafkaBrokers,
    SCHEMA_REGISTRY_URL: schemaRegistryUrl,
    TOPIC_PREFIX: topics.prefix,
    ...env,
  });
  const logger = testLogger('projection');
  const metrics = createMetricsRegistry('projection');
  const projection = await startProjection({
    config,
    client: testKafkaClient('projection'),
    registry: new SchemaRegistryClient(config.registry),
    logger,
    metrics,
  });
  const app = createApp();
  mountOpsEndpoints(app, { metrics, readiness: projection.readiness, logger });
  projection.routes(app);
  const server = await listen(app, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = (path: string, init?: RequestInit) => fetch(`${url}${path}`, init);
  return {
    projection,
    metrics,
    url,
    get,
    json: async <T>(path: string, status = 200): Promise<T> => {
      const response = await get(path);
      const body = await response.text();
      if (response.status !== status) {
        throw new Error(`GET ${path}: ${response.status}, expected ${status}: ${body}`);
      }
      return JSON.parse(body) as T;
    },
    waitUntilReady: () =>
      until(async () => (await get('/readyz')).status === 200, {
        within: '60s',
        every: 100,
        what: 'the projection is ready',
      }),
    stop: async () => {
      projection.closeStreams();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      await projection.stop();
    },
  };
}

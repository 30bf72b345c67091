/**
 * The telemetry system as real processes: the three services from their builds, on a topic set
 * of their own (a prefix), against the real broker, registry and MQTT broker.
 */
import { fileURLToPath } from 'node:url';
import type { TopicNames } from '@streamfold/schemas';
import {
  freePort,
  freshSystemTopics,
  kafkaTestEnv,
  startProcess,
  waitForOk,
  type ServiceProcess,
} from '@streamfold/testing';

export const mqttUrl = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';

const entryOf = (service: string) =>
  fileURLToPath(new URL(`../../../services/${service}/dist/main.js`, import.meta.url));

export const simulatorEntry = fileURLToPath(
  new URL('../../../services/producer/dist/simulate/cli.js', import.meta.url),
);

export interface SystemOptions {
  readonly windows: { readonly sizeMs: number; readonly allowedLatenessMs: number };
  readonly partitions?: number;
}

type Service = 'producer' | 'aggregator' | 'projection';

export class System {
  private readonly processes = new Map<Service, ServiceProcess>();
  private readonly stopped = new Map<Service, string>();
  /** Output of aggregator processes that were killed, for failure messages. */
  readonly previousOutput: string[] = [];

  private constructor(
    readonly prefix: string,
    readonly names: TopicNames,
    private readonly env: Record<string, string>,
    readonly ports: Readonly<Record<Service, number>>,
    readonly options: SystemOptions,
  ) {}

  static async start(options: SystemOptions): Promise<System> {
    const { prefix, names } = await freshSystemTopics('system', options.partitions);
    const { kafkaBrokers, schemaRegistryUrl } = kafkaTestEnv();
    const env = {
      KAFKA_BROKERS: kafkaBrokers,
      SCHEMA_REGISTRY_URL: schemaRegistryUrl,
      TOPIC_PREFIX: prefix,
      LOG_LEVEL: 'info',
    };
    const ports = {
      producer: await freePort(),
      aggregator: await freePort(),
      projection: await freePort(),
    };
    const system = new System(prefix, names, env, ports, options);
    await Promise.all([
      system.startService('projection'),
      system.startService('aggregator'),
      system.startService('producer'),
    ]);
    return system;
  }

  /** Devices of this system publish to `<root>/<deviceId>/readings`. */
  get mqttTopicRoot(): string {
    return `${this.prefix}devices`;
  }

  url(service: Service): string {
    return `http://127.0.0.1:${this.ports[service]}`;
  }

  async startService(service: Service): Promise<void> {
    const own: Record<Service, Record<string, string>> = {
      // An MQTT session and topic root of its own: no other run's messages reach this one.
      producer: {
        MQTT_URL: mqttUrl,
        MQTT_CLIENT_ID: `${this.prefix}producer`,
        MQTT_TOPIC_ROOT: this.mqttTopicRoot,
        MQTT_SESSION_EXPIRY_SECONDS: '300',
        PROJECTION_URL: this.url('projection'),
      },
      aggregator: {
        WINDOW_SIZE_MS: String(this.options.windows.sizeMs),
        ALLOWED_LATENESS_MS: String(this.options.windows.allowedLatenessMs),
        KAFKA_SESSION_TIMEOUT_MS: '6000',
      },
      projection: {},
    };
    const child = startProcess(entryOf(service), {
      ...this.env,
      ...own[service],
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(this.ports[service]),
    });
    this.processes.set(service, child);
    await waitForOk(`${this.url(service)}/readyz`, child, '60s');
  }

  /** kill -9: no shutdown hook runs, the open transaction is left to the broker to abort. */
  async killAggregator(): Promise<void> {
    const aggregator = this.processes.get('aggregator');
    if (aggregator === undefined) throw new Error('no aggregator is running');
    this.previousOutput.push(aggregator.output());
    await aggregator.stop('SIGKILL', '10s');
    this.processes.delete('aggregator');
  }

  /** What the service's process (the last one started) wrote, also after it stopped. */
  output(service: Service): string {
    return this.processes.get(service)?.output() ?? this.stopped.get(service) ?? '';
  }

  /** The warnings and errors every process of the service logged, killed ones included. */
  troubles(service: Service): string {
    const all = [...(service === 'aggregator' ? this.previousOutput : []), this.output(service)];
    return all
      .join('\n')
      .split('\n')
      .filter((line) => /"level":"(warn|error|fatal)"/.test(line) && !line.includes('partitioner'))
      .join('\n');
  }

  /** SIGTERM to every service; each must exit 0 (graceful shutdown). */
  async stop(): Promise<Record<string, number | string>> {
    const codes: Record<string, number | string> = {};
    await Promise.all(
      [...this.processes].map(async ([name, child]) => {
        codes[name] = await child.stop('SIGTERM', '30s');
        this.stopped.set(name, child.output());
      }),
    );
    this.processes.clear();
    return codes;
  }
}

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createKafkaClient, KafkaAdmin } from '@streamfold/kafka';
import {
  createApp,
  listen,
  mountOpsEndpoints,
  type Logger,
  type ReadinessCheck,
  type Registry,
  type ShutdownStep,
} from '@streamfold/observability';
import { SchemaRegistryClient, serdeFor, topicNames } from '@streamfold/schemas';
import type { Config } from './config.js';
import { errorHandler, jsonBody, notFound } from './http/body.js';
import { postCommand } from './http/commands.js';
import { postReadings } from './http/readings.js';
import { KafkaGateway } from './kafka/gateway.js';
import { producerMetrics } from './metrics.js';
import { MqttBridge } from './mqtt/bridge.js';

export interface ProducerDeps {
  readonly logger: Logger;
  /** Where the producer's metrics go; /metrics serves it. */
  readonly metrics: Registry;
}

export interface RunningProducer {
  /** `http://host:port` as bound. */
  readonly url: string;
  readonly bridge: MqttBridge | null;
  /** What SIGTERM runs, in order: readiness off, HTTP, MQTT, Kafka. */
  readonly shutdownSteps: readonly { name: string; run: ShutdownStep }[];
  /** Runs the shutdown steps (for tests and embedders); rejects with the first failure. */
  stop(): Promise<void>;
}

const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive connections would hold close() open until they time out.
    server.closeIdleConnections();
  });

/**
 * The producer, started: HTTP (readings, commands, /healthz, /readyz, /metrics) on
 * `config.http`, the MQTT bridge when `config.mqtt` is set, and the Kafka producer, which
 * connects on first use. It installs no signal handlers: main.ts does.
 */
export async function startProducer(config: Config, deps: ProducerDeps): Promise<RunningProducer> {
  const { logger } = deps;
  const names = topicNames(config.topicPrefix);
  const client = createKafkaClient(config.kafka, logger);
  const admin = new KafkaAdmin(client);
  const registry = new SchemaRegistryClient(config.registry);
  const metrics = producerMetrics(deps.metrics);
  const gateway = new KafkaGateway(client, {
    ackTimeoutMs: config.sendTimeoutMs,
    transactionalId: config.transactionalId,
    metrics,
    logger: logger.child({ ns: 'producer.kafka' }),
  });
  // Connect early so the first request does not pay for it; a failure is retried on use.
  gateway.connect().catch((error: unknown) => {
    logger.warn({ err: error }, 'Kafka not reachable yet; will connect on first use');
  });
  const readingsSerde = serdeFor(registry, 'telemetry.readings', names.readings);

  const bridge =
    config.mqtt === null
      ? null
      : new MqttBridge(config.mqtt, {
          gateway,
          serde: readingsSerde,
          names,
          maxBatch: config.readings.maxBatch,
          metrics,
          logger: logger.child({ ns: 'producer.mqtt' }),
        });

  const readiness: ReadinessCheck[] = [
    {
      name: 'kafka',
      check: async () => {
        await gateway.connect();
        await admin.ping();
      },
    },
    { name: 'schema-registry', check: () => registry.ping() },
    ...(bridge === null ? [] : [{ name: 'mqtt', check: () => bridge.ready() }]),
  ];

  const app = createApp();
  const ops = mountOpsEndpoints(app, { metrics: deps.metrics, readiness, logger });
  const produce = {
    gateway,
    sendTimeoutMs: config.sendTimeoutMs,
    retryAfterSeconds: config.retryAfterSeconds,
    metrics,
    logger: logger.child({ ns: 'producer.http' }),
  };
  app.post(
    '/v1/readings',
    jsonBody('readings', config.bodyLimitBytes, metrics),
    postReadings({
      ...produce,
      serde: readingsSerde,
      topic: names.readings,
      maxBatch: config.readings.maxBatch,
    }),
  );
  app.post(
    '/v1/devices/:id/commands/:name',
    jsonBody('commands', config.bodyLimitBytes, metrics),
    postCommand({
      ...produce,
      serde: serdeFor(registry, 'device.commands', names.commands),
      topic: names.commands,
      projectionUrl: config.projectionUrl,
    }),
  );
  app.use(notFound);
  app.use(errorHandler(metrics, config.bodyLimitBytes, logger.child({ ns: 'producer.http' })));

  bridge?.start();
  const stopClients = async (): Promise<void> => {
    await bridge?.stop();
    await gateway.stop();
    await admin.disconnect();
  };
  let server: Server;
  try {
    server = await listen(app, config.http.port, config.http.host);
  } catch (error) {
    await stopClients();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  logger.info(
    { host: config.http.host, port, mqtt: bridge?.subscription ?? 'off', topics: names.readings },
    'producer listening',
  );

  const shutdownSteps = [
    {
      name: 'readiness',
      run: () => {
        ops.stopping();
        return Promise.resolve();
      },
    },
    { name: 'http', run: () => closeServer(server) },
    { name: 'mqtt', run: () => bridge?.stop() ?? Promise.resolve() },
    { name: 'kafka producer', run: () => gateway.stop() },
    { name: 'kafka admin', run: () => admin.disconnect() },
  ];
  return {
    url: `http://${config.http.host}:${port}`,
    bridge,
    shutdownSteps,
    stop: async () => {
      const failures: unknown[] = [];
      for (const step of shutdownSteps) {
        try {
          await step.run();
        } catch (error) {
          failures.push(error);
        }
      }
      if (failures.length > 0)
        throw new AggregateError(failures, 'the producer did not stop cleanly');
    },
  };
}

import { KafkaAdmin, type KafkaClient } from '@streamfold/kafka';
import {
  Counter,
  deadLetterCounter,
  Gauge,
  Histogram,
  type Logger,
  type ReadinessCheck,
  type Registry,
} from '@streamfold/observability';
import { topicNames, type SchemaRegistryClient } from '@streamfold/schemas';
import type { Config } from './config.js';
import { Ingestion } from './handlers/ingestion.js';
import { DeviceChanges } from './http/device-changes.js';
import { mountRoutes, type App } from './http/routes.js';
import { StreamHub } from './http/stream-hub.js';
import { MemoryStore } from './store/memory-store.js';
import type { ReadModelStore } from './store/store.js';

export interface ProjectionOptions {
  config: Config;
  client: KafkaClient;
  registry: SchemaRegistryClient;
  logger: Logger;
  metrics: Registry;
  /** The in-memory store by default. */
  store?: ReadModelStore;
  sessionTimeoutMs?: number;
}

export interface Projection {
  readonly store: ReadModelStore;
  readonly ingestion: Ingestion;
  readonly hub: StreamHub;
  routes(app: App): void;
  /** Ready once caught up with the end offsets the topics had at start. */
  readonly readiness: readonly ReadinessCheck[];
  /** Ends the streams and answers waiting reads: before the HTTP server closes. */
  closeStreams(): void;
  /** Leaves the group after the batch in hand; closes the admin client. */
  stop(): Promise<void>;
  /** Rejects when ingestion stopped for good. */
  readonly failed: Promise<never>;
}

/** Wires store, ingestion, stream and routes, and starts consuming. */
export async function startProjection(options: ProjectionOptions): Promise<Projection> {
  const { config, client, registry, logger, metrics } = options;
  const names = topicNames(config.topicPrefix);
  const store = options.store ?? new MemoryStore({ windowRetentionMs: config.windowRetentionMs });
  const admin = new KafkaAdmin(client);
  const streamClients = new Gauge({
    name: 'projection_stream_clients',
    help: 'Clients connected to /v1/stream',
    registers: [metrics],
  });
  const hub = new StreamHub({
    history: config.stream.history,
    heartbeatMs: config.stream.heartbeatMs,
    maxClients: config.stream.maxClients,
    onClients: (count) => streamClients.set(count),
  });
  const changes = new DeviceChanges();
  new Gauge({
    name: 'projection_reads_waiting',
    help: 'Device reads waiting for ?minVersion',
    registers: [metrics],
    collect() {
      this.set(changes.waiting);
    },
  });
  const ingestion = new Ingestion({
    client,
    registry,
    names,
    groupId: config.groupId,
    store,
    logger,
    metrics: {
      recordsIn: new Counter({
        name: 'streamfold_records_in_total',
        help: 'Records read, by topic (a redelivered record counts again)',
        labelNames: ['topic'],
        registers: [metrics],
      }),
      skipped: new Counter({
        name: 'projection_records_skipped_total',
        help: 'Records at or below their partition position: already applied, nothing changed',
        labelNames: ['topic'],
        registers: [metrics],
      }),
      deadLetters: deadLetterCounter(metrics),
      batchSeconds: new Histogram({
        name: 'streamfold_batch_duration_seconds',
        help: 'From a fetched batch to its records applied, dead letters written and offsets committed',
        labelNames: ['topic'],
        buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [metrics],
      }),
    },
    onApplied: (applied) => {
      hub.publish(applied);
      changes.applied(applied);
    },
    ...(options.sessionTimeoutMs === undefined
      ? {}
      : { sessionTimeoutMs: options.sessionTimeoutMs }),
  });
  const log = logger.child({ ns: 'projection' });
  const lag = new Gauge<'topic' | 'partition'>({
    name: 'streamfold_consumer_lag',
    help: 'Per partition: end offset (read_committed) minus the next offset to handle',
    labelNames: ['topic', 'partition'],
    registers: [metrics],
    collect: async () => {
      try {
        for (const topic of [names.events, names.aggregates]) {
          for (const [partition, { start, end }] of await admin.offsetRanges(topic)) {
            const next = ingestion.nextOffset(topic, partition) ?? BigInt(start);
            const behind = BigInt(end) - next;
            lag.set({ topic, partition: String(partition) }, Number(behind > 0n ? behind : 0n));
          }
        }
      } catch (error) {
        // The scrape still answers; the lag keeps its last values until Kafka answers again.
        log.warn({ err: error }, 'could not read end offsets for the lag metric');
      }
    },
  });

  await ingestion.start();

  return {
    store,
    ingestion,
    hub,
    routes: (app) =>
      mountRoutes(app, {
        store,
        hub,
        changes,
        page: config.page,
        wait: config.wait,
        producerUrl: config.dashboard.producerUrl,
        logger,
      }),
    readiness: [
      {
        name: 'caught-up',
        check: () => {
          const { ready, detail } = ingestion.catchUp();
          return ready ? Promise.resolve() : Promise.reject(new Error(detail));
        },
      },
    ],
    closeStreams: () => {
      hub.close();
      changes.close();
    },
    stop: async () => {
      hub.close();
      changes.close();
      try {
        await ingestion.stop();
      } finally {
        await admin.disconnect();
      }
    },
    failed: ingestion.failed,
  };
}

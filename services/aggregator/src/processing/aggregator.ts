import type { DeadLetterCounter, KafkaClient } from '@streamfold/kafka';
import { serdeFor, type SchemaRegistryClient, type TopicNames } from '@streamfold/schemas';
import {
  runProcessor,
  type KeyedHandler,
  type Processor,
  type ProcessorEvent,
  type RebuildFrom,
} from '@streamfold/streams';
import type { Logger } from 'pino';
import { replayEvent, type DeviceProcess, type WindowSettings } from '../domain/index.js';
import { deviceHandler, type DeviceSerdes, type HandlerObserver } from './handler.js';
import { deviceSnapshotCodec } from './snapshot-codec.js';

export interface AggregatorOptions {
  readonly client: KafkaClient;
  readonly registry: SchemaRegistryClient;
  readonly names: TopicNames;
  /** The processor's name: consumer group and transactional-id prefix. */
  readonly processorName: string;
  readonly windows: WindowSettings;
  /** How far a reading's event time may be ahead of its record's time (5 minutes by default). */
  readonly maxAheadMs?: number;
  readonly logger: Logger;
  readonly sessionTimeoutMs?: number;
  readonly deadLetters?: DeadLetterCounter;
  readonly observer?: HandlerObserver;
  readonly onEvent?: (event: ProcessorEvent) => void;
  /** Told what each record's handling writes, by partition and topic (before its batch commits). */
  readonly produced?: (partition: number, topic: string, count: number) => void;
}

export type Aggregator = Processor<DeviceProcess>;

export function deviceSerdes(registry: SchemaRegistryClient, names: TopicNames): DeviceSerdes {
  return {
    commands: serdeFor(registry, 'device.commands', names.commands),
    readings: serdeFor(registry, 'telemetry.readings', names.readings),
    events: serdeFor(registry, 'device.events', names.events),
    aggregates: serdeFor(registry, 'telemetry.aggregates', names.aggregates),
  };
}

/** How a device's process follows from device.events alone (its windows do not: decision 0012). */
export function deviceRebuild(
  registry: SchemaRegistryClient,
  names: TopicNames,
): RebuildFrom<DeviceProcess> {
  const events = serdeFor(registry, 'device.events', names.events);
  return {
    topic: names.events,
    fold: async (process, record) => replayEvent(process, await events.decode(record.value)),
  };
}

/**
 * The aggregator on the kernel: device commands and readings in (co-partitioned by device),
 * device events, window aggregates and device snapshots out, each batch in one transaction.
 */
export function startAggregator(options: AggregatorOptions): Promise<Aggregator> {
  const { client, registry, names, logger } = options;
  return runProcessor(client, {
    name: options.processorName,
    consumed: { topics: [names.commands, names.readings] },
    materialized: {
      snapshotTopic: names.snapshots,
      codec: deviceSnapshotCodec(serdeFor(registry, 'device.snapshots', names.snapshots)),
      rebuild: deviceRebuild(registry, names),
    },
    handle: counted(
      deviceHandler({
        names,
        serdes: deviceSerdes(registry, names),
        windows: options.windows,
        maxAheadMs: options.maxAheadMs ?? 300_000,
        ...(options.observer === undefined ? {} : { observer: options.observer }),
      }),
      options.produced,
    ),
    logger,
    ...(options.sessionTimeoutMs === undefined
      ? {}
      : { sessionTimeoutMs: options.sessionTimeoutMs }),
    ...(options.deadLetters === undefined ? {} : { deadLetters: { counter: options.deadLetters } }),
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  });
}

function counted<S>(
  handle: KeyedHandler<S>,
  produced: AggregatorOptions['produced'],
): KeyedHandler<S> {
  if (produced === undefined) return handle;
  return async (record, state) => {
    const result = await handle(record, state);
    if (result !== undefined && 'produce' in result) {
      for (const output of result.produce ?? []) produced(record.partition, output.topic, 1);
    }
    return result;
  };
}

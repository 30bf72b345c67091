import type { Entity } from '@streamfold/eventsourcing';
import type { DeadLetterCounter, KafkaClient } from '@streamfold/kafka';
import { serdeFor, type SchemaRegistryClient } from '@streamfold/schemas';
import {
  deciderHandler,
  deciderRebuild,
  runProcessor,
  type Processor,
  type ProcessorEvent,
} from '@streamfold/streams';
import type { Logger } from 'pino';
import { seatAvailability, type SeatAvailability } from '../domain/index.js';
import type { SeatNames } from '../topics.js';
import { seatSnapshotCodec } from './snapshot-codec.js';

export interface SeatProcessorOptions {
  client: KafkaClient;
  registry: SchemaRegistryClient;
  names: SeatNames;
  logger: Logger;
  sessionTimeoutMs?: number;
  deadLetters?: DeadLetterCounter;
  onEvent?: (event: ProcessorEvent) => void;
}

export type SeatProcessor = Processor<Entity<SeatAvailability>>;

/** The seat-availability aggregate on the kernel: commands in, events and snapshots out, exactly once. */
export function seatProcessing(registry: SchemaRegistryClient, names: SeatNames, logger?: Logger) {
  const events = {
    topic: names.events,
    serde: serdeFor(registry, 'reservations.events', names.events),
  };
  return {
    handle: deciderHandler({
      aggregate: seatAvailability,
      commands: serdeFor(registry, 'reservations.commands', names.commands),
      events,
      onOutcome: (outcome, command, record) => {
        if (outcome.kind !== 'duplicate') return;
        logger?.info(
          {
            conferenceId: record.entityKey,
            commandId: command.value.meta.commandId,
            original: outcome.original,
          },
          'command handled before: answered with its original outcome, nothing applied',
        );
      },
    }),
    rebuild: deciderRebuild({ aggregate: seatAvailability, events }),
    codec: seatSnapshotCodec(serdeFor(registry, 'reservations.snapshots', names.snapshots)),
  };
}

export function startSeatProcessor(options: SeatProcessorOptions): Promise<SeatProcessor> {
  const { client, registry, names, logger } = options;
  const { handle, rebuild, codec } = seatProcessing(registry, names, logger);
  return runProcessor(client, {
    name: names.processor,
    consumed: { topics: [names.commands] },
    materialized: { snapshotTopic: names.snapshots, codec, rebuild },
    handle,
    logger,
    ...(options.sessionTimeoutMs === undefined
      ? {}
      : { sessionTimeoutMs: options.sessionTimeoutMs }),
    ...(options.deadLetters === undefined ? {} : { deadLetters: { counter: options.deadLetters } }),
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  });
}

import type { Outcome } from '@streamfold/eventsourcing';
import { deadLetter, type OutputRecord } from '@streamfold/kafka';
import type {
  DeviceCommandsRecord,
  DeviceEventsRecord,
  TelemetryAggregatesRecord,
  TelemetryReadingsRecord,
  TopicNames,
  TopicSerde,
} from '@streamfold/schemas';
import type { KeyedHandler, KeyedRecord } from '@streamfold/streams';
import {
  initialProcess,
  onCommand,
  onReading,
  type DeviceProcess,
  type ReadingRefusal,
  type WindowSettings,
} from '../domain/index.js';

export interface DeviceSerdes {
  readonly commands: TopicSerde<DeviceCommandsRecord>;
  readonly readings: TopicSerde<TelemetryReadingsRecord>;
  readonly events: TopicSerde<DeviceEventsRecord>;
  readonly aggregates: TopicSerde<TelemetryAggregatesRecord>;
}

/** What the handler tells its watchers, for metrics and logs. */
export interface HandlerObserver {
  command?: (
    outcome: Outcome<DeviceEventsRecord>,
    command: DeviceCommandsRecord,
    partition: number,
  ) => void;
  refused?: (reason: ReadingRefusal | 'key-mismatch', partition: number) => void;
}

export interface DeviceHandlerOptions {
  readonly names: TopicNames;
  readonly serdes: DeviceSerdes;
  readonly windows: WindowSettings;
  /** How far a reading's event time may be ahead of its record's time. */
  readonly maxAheadMs: number;
  readonly observer?: HandlerObserver;
}

/**
 * The aggregator's one handler for its two co-partitioned inputs: device commands go through
 * the device aggregate, readings into the device's windows. Bytes that do not decode are dead
 * letters (a SerdeError is not retriable); so is a reading the device does not accept.
 */
export function deviceHandler(options: DeviceHandlerOptions): KeyedHandler<DeviceProcess> {
  const { names, serdes, windows, maxAheadMs, observer } = options;

  const eventRecords = (record: KeyedRecord, events: readonly DeviceEventsRecord[]) =>
    Promise.all(
      events.map(async (event): Promise<OutputRecord> => ({
        topic: names.events,
        key: record.entityKey,
        partition: record.partition,
        value: await serdes.events.encode(event),
        timestamp: String(event.value.meta.occurredAt),
      })),
    );

  const handleCommand = async (record: KeyedRecord, process: DeviceProcess | undefined) => {
    const command = await serdes.commands.decode(record.value);
    if (command.value.deviceId !== record.entityKey) {
      observer?.refused?.('key-mismatch', record.partition);
      return keyMismatch(record, command.value.deviceId);
    }
    const step = onCommand(process ?? initialProcess(), command);
    observer?.command?.(step.outcome, command, record.partition);
    if (step.outcome.kind === 'duplicate') return undefined;
    return { state: step.process, produce: await eventRecords(record, step.outcome.events) };
  };

  const handleReading = async (record: KeyedRecord, process: DeviceProcess | undefined) => {
    const { value: reading } = await serdes.readings.decode(record.value);
    if (reading.deviceId !== record.entityKey) {
      observer?.refused?.('key-mismatch', record.partition);
      return keyMismatch(record, reading.deviceId);
    }
    const arrival = { at: Number(record.timestamp), maxAheadMs };
    const step = onReading(process ?? initialProcess(), reading, windows, arrival);
    if (step.kind === 'refused') {
      observer?.refused?.(step.reason, record.partition);
      return deadLetter(step.reason, step.message);
    }
    const aggregates = await Promise.all(
      step.aggregates.map(async (aggregate): Promise<OutputRecord> => ({
        topic: names.aggregates,
        key: record.entityKey,
        partition: record.partition,
        value: await serdes.aggregates.encode({ name: 'WindowAggregate', value: aggregate }),
        timestamp: String(aggregate.windowEnd),
      })),
    );
    const events = await eventRecords(record, step.events);
    return { state: step.process, produce: [...aggregates, ...events] };
  };

  return (record, process) => {
    if (record.topic === names.commands) return handleCommand(record, process);
    if (record.topic === names.readings) return handleReading(record, process);
    throw new Error(`the aggregator does not consume ${record.topic}`);
  };
}

/** A record whose key is not the device it names would put the device on the wrong partition. */
function keyMismatch(record: KeyedRecord, named: string) {
  return deadLetter(
    'key-mismatch',
    `the record is keyed ${record.entityKey} but names device ${named}`,
  );
}

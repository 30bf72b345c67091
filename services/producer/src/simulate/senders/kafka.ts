/**
 * Straight to Kafka, past the producer: commands to `<prefix>device.commands` and readings to
 * `<prefix>telemetry.readings` in the registry's wire format, keyed by deviceId; garbage as
 * raw bytes that are not Avro at all. One send at a time, records in plan order: with the
 * idempotent producer (one request in flight) each device's order is kept in its partition.
 */
import {
  createKafkaClient,
  Producer,
  type KafkaConfig,
  type ProducedRecord,
} from '@streamfold/kafka';
import type { Logger } from '@streamfold/observability';
import {
  SchemaRegistryClient,
  serdeFor,
  topicNames,
  type SchemaRegistryConfig,
} from '@streamfold/schemas';
import { plannedCommandRecord } from '../commands.js';
import { deviceOf, type CommandSender, type ReadingSender } from './types.js';

export interface KafkaSenderOptions {
  readonly kafka: KafkaConfig;
  readonly registry: SchemaRegistryConfig;
  readonly topicPrefix: string;
  readonly logger: Logger;
  /** Most records per produce request. */
  readonly chunk?: number;
  /** When each command is issued (CommandMetadata.issuedAt). */
  readonly now?: () => number;
}

export async function kafkaSenders(
  options: KafkaSenderOptions,
): Promise<{ commands: CommandSender; readings: ReadingSender }> {
  const names = topicNames(options.topicPrefix);
  const registry = new SchemaRegistryClient(options.registry);
  const commandSerde = serdeFor(registry, 'device.commands', names.commands);
  const readingSerde = serdeFor(registry, 'telemetry.readings', names.readings);
  const producer = new Producer(createKafkaClient(options.kafka, options.logger));
  await producer.connect();
  const chunk = options.chunk ?? 1_000;
  const now = options.now ?? Date.now;
  const sendAll = async (topic: string, records: readonly ProducedRecord[]) => {
    for (let i = 0; i < records.length; i += chunk) {
      await producer.send(topic, records.slice(i, i + chunk));
    }
  };
  let open = 2;
  const close = async () => {
    open -= 1;
    if (open === 0) await producer.disconnect();
  };
  return {
    commands: {
      async send(commands) {
        const records = await Promise.all(
          commands.map(async (command) => ({
            key: command.deviceId,
            value: await commandSerde.encode(plannedCommandRecord(command, now())),
          })),
        );
        await sendAll(names.commands, records);
      },
      close,
    },
    readings: {
      async send(wave) {
        const items = wave.flatMap((batch) => batch.items);
        const records = await Promise.all(
          items.map(async (item) => ({
            key: deviceOf(item),
            value:
              item.kind === 'garbage'
                ? Buffer.from(item.payload)
                : await readingSerde.encode({ name: 'SensorReading', value: item.reading }),
          })),
        );
        await sendAll(names.readings, records);
        return [];
      },
      close,
    },
  };
}

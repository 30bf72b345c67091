import type { ProducedRecord } from '@streamfold/kafka';
import type {
  DeviceCommandsRecord,
  SensorReading,
  TelemetryReadingsRecord,
  TopicSerde,
} from '@streamfold/schemas';

/**
 * Readings as records of the readings topic, keyed by device. The Kafka timestamp is left to
 * the producer (send time): event time is in the value, and a broker refuses timestamps too far
 * from its clock (Kafka 4's log.message.timestamp.after.max.ms), which a device's clock may be.
 */
export const readingRecords = (
  serde: TopicSerde<TelemetryReadingsRecord>,
  readings: readonly SensorReading[],
): Promise<ProducedRecord[]> =>
  Promise.all(
    readings.map(async (reading) => ({
      key: reading.deviceId,
      value: await serde.encode({ name: 'SensorReading', value: reading }),
    })),
  );

/** A command as the record of device.commands, keyed by its device. */
export const commandRecord = async (
  serde: TopicSerde<DeviceCommandsRecord>,
  command: DeviceCommandsRecord,
): Promise<ProducedRecord> => ({
  key: command.value.deviceId,
  value: await serde.encode(command),
});

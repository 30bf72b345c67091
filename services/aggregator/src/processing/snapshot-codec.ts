import { SerdeError, type DeviceSnapshotsRecord, type TopicSerde } from '@streamfold/schemas';
import type { SnapshotCodec } from '@streamfold/streams';
import type { DeviceProcess } from '../domain/index.js';

/**
 * A device's whole process state as a DeviceSnapshot: the entity, its open windows and the
 * newest event time (a v1 snapshot, which lacks it, reads back as null through Avro's default).
 * A schema this build does not know makes the processor rebuild the partition from
 * device.events: the entities come back exact, the open windows do not (decision 0012).
 */
export function deviceSnapshotCodec(
  serde: TopicSerde<DeviceSnapshotsRecord>,
): SnapshotCodec<DeviceProcess> {
  return {
    encode: (deviceId, process, context) =>
      serde.encode({
        name: 'DeviceSnapshot',
        value: {
          deviceId,
          version: process.entity.version,
          state: {
            ...process.entity.state,
            sensors: [...process.entity.state.sensors],
            thresholds: [...process.entity.state.thresholds],
            openAlerts: [...process.entity.state.openAlerts],
          },
          openWindows: [...process.windows],
          maxEventTime: process.maxEventTime,
          recentCommands: [...process.entity.recentCommands],
          sourcePositions: [...context.positions],
          takenAt: context.takenAt,
        },
      }),
    decode: async (record) => {
      try {
        const { value } = await serde.decode(record.value);
        return {
          state: {
            entity: {
              state: value.state,
              version: value.version,
              recentCommands: value.recentCommands,
            },
            windows: value.openWindows,
            maxEventTime: value.maxEventTime,
          },
        };
      } catch (error) {
        if (error instanceof SerdeError) {
          return { unknownFormat: `${error.reason}: ${error.message}` };
        }
        throw error;
      }
    },
  };
}

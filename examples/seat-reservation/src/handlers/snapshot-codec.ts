import type { Entity } from '@streamfold/eventsourcing';
import { SerdeError, type TopicSerde, type ReservationsSnapshotsRecord } from '@streamfold/schemas';
import type { SnapshotCodec } from '@streamfold/streams';
import type { SeatAvailability } from '../domain/index.js';

/**
 * A conference's entity as a SeatAvailabilitySnapshot. A conference that was never created has
 * version 0 (its first accepted event is always ConferenceCreated), so version 0 reads back as
 * `none`; it still has a snapshot when it refused commands, which it must remember.
 *
 * The snapshot's format is its Avro schema: an older version is read through Avro's resolution
 * (the upcast); a schema this build does not know makes the processor rebuild the partition.
 */
export function seatSnapshotCodec(
  serde: TopicSerde<ReservationsSnapshotsRecord>,
): SnapshotCodec<Entity<SeatAvailability>> {
  return {
    encode: (conferenceId, entity, context) =>
      serde.encode({
        name: 'SeatAvailabilitySnapshot',
        value: {
          conferenceId,
          version: entity.version,
          capacity: entity.state.status === 'open' ? entity.state.capacity : 0,
          reservations: entity.state.status === 'open' ? [...entity.state.reservations] : [],
          recentCommands: [...entity.recentCommands],
          sourcePositions: [...context.positions],
          takenAt: context.takenAt,
        },
      }),
    decode: async (record) => {
      try {
        const { value } = await serde.decode(record.value);
        const state: SeatAvailability =
          value.version === 0
            ? { status: 'none' }
            : { status: 'open', capacity: value.capacity, reservations: value.reservations };
        return {
          state: { state, version: value.version, recentCommands: value.recentCommands },
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

// Generated from schemas/reservations/*.avsc by `npm run schemas:generate`. Do not edit.

import type { CommandMetadata, EventMetadata, HandledCommand, SourcePosition } from './common.js';

/** Give a reservation's seats back. */
export interface CancelReservationV1 {
  /** The conference; the record's key. */
  conferenceId: string;
  meta: CommandMetadata;
  reservationId: string;
}

export const CancelReservationV1Schema = {
  type: 'record',
  name: 'CancelReservation',
  namespace: 'io.streamfold.reservations',
  doc: "Give a reservation's seats back.",
  fields: [
    {
      name: 'conferenceId',
      type: 'string',
      doc: "The conference; the record's key.",
    },
    {
      name: 'meta',
      type: {
        type: 'record',
        name: 'CommandMetadata',
        namespace: 'io.streamfold.common',
        doc: 'What every command carries besides its payload: who it is, what it expects, when it was issued.',
        fields: [
          {
            name: 'commandId',
            type: 'string',
            doc: 'Unique per command; a command seen twice is answered, not applied twice (the HTTP Idempotency-Key).',
          },
          {
            name: 'expectedVersion',
            type: ['null', 'long'],
            doc: 'The entity version the sender saw; a different current version rejects the command. Null: no expectation.',
            default: null,
          },
          {
            name: 'issuedAt',
            type: {
              type: 'long',
              logicalType: 'timestamp-millis',
            },
            doc: 'When the sender issued it, milliseconds since the epoch.',
          },
        ],
      },
    },
    {
      name: 'reservationId',
      type: 'string',
    },
  ],
} as const;

/** A conference opened with its seats. */
export interface ConferenceCreatedV1 {
  /** The conference; the record's key. */
  conferenceId: string;
  meta: EventMetadata;
  seats: number;
}

export const ConferenceCreatedV1Schema = {
  type: 'record',
  name: 'ConferenceCreated',
  namespace: 'io.streamfold.reservations',
  doc: 'A conference opened with its seats.',
  fields: [
    {
      name: 'conferenceId',
      type: 'string',
      doc: "The conference; the record's key.",
    },
    {
      name: 'meta',
      type: {
        type: 'record',
        name: 'EventMetadata',
        namespace: 'io.streamfold.common',
        doc: 'What every domain event carries besides its payload.',
        fields: [
          {
            name: 'version',
            type: 'long',
            doc: "The entity's version after this event: 1 for its first event, one more for each event after.",
          },
          {
            name: 'commandId',
            type: ['null', 'string'],
            doc: 'The command that caused it, when one did (a window closing causes events with none).',
            default: null,
          },
          {
            name: 'occurredAt',
            type: {
              type: 'long',
              logicalType: 'timestamp-millis',
            },
            doc: 'When it happened, milliseconds since the epoch (from the command or the record, never a clock in the decider).',
          },
        ],
      },
    },
    {
      name: 'seats',
      type: 'int',
    },
  ],
} as const;

/** Open a conference with a number of seats. */
export interface CreateConferenceV1 {
  /** The conference; the record's key. */
  conferenceId: string;
  meta: CommandMetadata;
  seats: number;
}

export const CreateConferenceV1Schema = {
  type: 'record',
  name: 'CreateConference',
  namespace: 'io.streamfold.reservations',
  doc: 'Open a conference with a number of seats.',
  fields: [
    {
      name: 'conferenceId',
      type: 'string',
      doc: "The conference; the record's key.",
    },
    {
      name: 'meta',
      type: {
        type: 'record',
        name: 'CommandMetadata',
        namespace: 'io.streamfold.common',
        doc: 'What every command carries besides its payload: who it is, what it expects, when it was issued.',
        fields: [
          {
            name: 'commandId',
            type: 'string',
            doc: 'Unique per command; a command seen twice is answered, not applied twice (the HTTP Idempotency-Key).',
          },
          {
            name: 'expectedVersion',
            type: ['null', 'long'],
            doc: 'The entity version the sender saw; a different current version rejects the command. Null: no expectation.',
            default: null,
          },
          {
            name: 'issuedAt',
            type: {
              type: 'long',
              logicalType: 'timestamp-millis',
            },
            doc: 'When the sender issued it, milliseconds since the epoch.',
          },
        ],
      },
    },
    {
      name: 'seats',
      type: 'int',
    },
  ],
} as const;

export type ReservationRejectionReasonV1 =
  | 'NOT_ENOUGH_SEATS'
  | 'NO_SUCH_CONFERENCE'
  | 'ALREADY_EXISTS'
  | 'NO_SUCH_RESERVATION'
  | 'VERSION_CONFLICT'
  | 'INVALID'
  | 'OTHER';

/** A reservation or cancellation that could not be granted; nothing changed. */
export interface ReservationRejectedV1 {
  /** The conference; the record's key. */
  conferenceId: string;
  meta: EventMetadata;
  reservationId: string;
  requested: number;
  reason: ReservationRejectionReasonV1;
  message: string;
}

export const ReservationRejectedV1Schema = {
  type: 'record',
  name: 'ReservationRejected',
  namespace: 'io.streamfold.reservations',
  doc: 'A reservation or cancellation that could not be granted; nothing changed.',
  fields: [
    {
      name: 'conferenceId',
      type: 'string',
      doc: "The conference; the record's key.",
    },
    {
      name: 'meta',
      type: {
        type: 'record',
        name: 'EventMetadata',
        namespace: 'io.streamfold.common',
        doc: 'What every domain event carries besides its payload.',
        fields: [
          {
            name: 'version',
            type: 'long',
            doc: "The entity's version after this event: 1 for its first event, one more for each event after.",
          },
          {
            name: 'commandId',
            type: ['null', 'string'],
            doc: 'The command that caused it, when one did (a window closing causes events with none).',
            default: null,
          },
          {
            name: 'occurredAt',
            type: {
              type: 'long',
              logicalType: 'timestamp-millis',
            },
            doc: 'When it happened, milliseconds since the epoch (from the command or the record, never a clock in the decider).',
          },
        ],
      },
    },
    {
      name: 'reservationId',
      type: 'string',
    },
    {
      name: 'requested',
      type: 'int',
    },
    {
      name: 'reason',
      type: {
        type: 'enum',
        name: 'ReservationRejectionReason',
        symbols: [
          'NOT_ENOUGH_SEATS',
          'NO_SUCH_CONFERENCE',
          'ALREADY_EXISTS',
          'NO_SUCH_RESERVATION',
          'VERSION_CONFLICT',
          'INVALID',
          'OTHER',
        ],
        default: 'OTHER',
      },
    },
    {
      name: 'message',
      type: 'string',
    },
  ],
} as const;

/** Ask for seats; granted whole or not at all. */
export interface ReserveSeatsV1 {
  /** The conference; the record's key. */
  conferenceId: string;
  meta: CommandMetadata;
  reservationId: string;
  seats: number;
}

export const ReserveSeatsV1Schema = {
  type: 'record',
  name: 'ReserveSeats',
  namespace: 'io.streamfold.reservations',
  doc: 'Ask for seats; granted whole or not at all.',
  fields: [
    {
      name: 'conferenceId',
      type: 'string',
      doc: "The conference; the record's key.",
    },
    {
      name: 'meta',
      type: {
        type: 'record',
        name: 'CommandMetadata',
        namespace: 'io.streamfold.common',
        doc: 'What every command carries besides its payload: who it is, what it expects, when it was issued.',
        fields: [
          {
            name: 'commandId',
            type: 'string',
            doc: 'Unique per command; a command seen twice is answered, not applied twice (the HTTP Idempotency-Key).',
          },
          {
            name: 'expectedVersion',
            type: ['null', 'long'],
            doc: 'The entity version the sender saw; a different current version rejects the command. Null: no expectation.',
            default: null,
          },
          {
            name: 'issuedAt',
            type: {
              type: 'long',
              logicalType: 'timestamp-millis',
            },
            doc: 'When the sender issued it, milliseconds since the epoch.',
          },
        ],
      },
    },
    {
      name: 'reservationId',
      type: 'string',
    },
    {
      name: 'seats',
      type: 'int',
    },
  ],
} as const;

export interface ReservationV1 {
  reservationId: string;
  seats: number;
}

/** A conference's seat availability at a committed position. The record's version is the format's version. */
export interface SeatAvailabilitySnapshotV1 {
  /** The conference; the record's key. */
  conferenceId: string;
  version: number;
  capacity: number;
  reservations: ReservationV1[];
  recentCommands: HandledCommand[];
  sourcePositions: SourcePosition[];
  /** Avro long with logical type timestamp-millis. */
  takenAt: number;
}

export const SeatAvailabilitySnapshotV1Schema = {
  type: 'record',
  name: 'SeatAvailabilitySnapshot',
  namespace: 'io.streamfold.reservations',
  doc: "A conference's seat availability at a committed position. The record's version is the format's version.",
  fields: [
    {
      name: 'conferenceId',
      type: 'string',
      doc: "The conference; the record's key.",
    },
    {
      name: 'version',
      type: 'long',
    },
    {
      name: 'capacity',
      type: 'int',
    },
    {
      name: 'reservations',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'Reservation',
          fields: [
            {
              name: 'reservationId',
              type: 'string',
            },
            {
              name: 'seats',
              type: 'int',
            },
          ],
        },
      },
    },
    {
      name: 'recentCommands',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'HandledCommand',
          namespace: 'io.streamfold.common',
          doc: 'A command already handled, remembered so that a repeat reports its outcome instead of being applied again.',
          fields: [
            {
              name: 'commandId',
              type: 'string',
            },
            {
              name: 'accepted',
              type: 'boolean',
            },
            {
              name: 'version',
              type: 'long',
              doc: 'The entity version after handling it.',
            },
          ],
        },
      },
    },
    {
      name: 'sourcePositions',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'SourcePosition',
          namespace: 'io.streamfold.common',
          doc: 'The next offset to read of one input partition when a snapshot was taken.',
          fields: [
            {
              name: 'topic',
              type: 'string',
            },
            {
              name: 'partition',
              type: 'int',
            },
            {
              name: 'offset',
              type: 'long',
            },
          ],
        },
      },
    },
    {
      name: 'takenAt',
      type: {
        type: 'long',
        logicalType: 'timestamp-millis',
      },
    },
  ],
} as const;

/** A cancelled reservation's seats came back: the compensating event, the past is not edited. */
export interface SeatsReleasedV1 {
  /** The conference; the record's key. */
  conferenceId: string;
  meta: EventMetadata;
  reservationId: string;
  seats: number;
  remaining: number;
}

export const SeatsReleasedV1Schema = {
  type: 'record',
  name: 'SeatsReleased',
  namespace: 'io.streamfold.reservations',
  doc: "A cancelled reservation's seats came back: the compensating event, the past is not edited.",
  fields: [
    {
      name: 'conferenceId',
      type: 'string',
      doc: "The conference; the record's key.",
    },
    {
      name: 'meta',
      type: {
        type: 'record',
        name: 'EventMetadata',
        namespace: 'io.streamfold.common',
        doc: 'What every domain event carries besides its payload.',
        fields: [
          {
            name: 'version',
            type: 'long',
            doc: "The entity's version after this event: 1 for its first event, one more for each event after.",
          },
          {
            name: 'commandId',
            type: ['null', 'string'],
            doc: 'The command that caused it, when one did (a window closing causes events with none).',
            default: null,
          },
          {
            name: 'occurredAt',
            type: {
              type: 'long',
              logicalType: 'timestamp-millis',
            },
            doc: 'When it happened, milliseconds since the epoch (from the command or the record, never a clock in the decider).',
          },
        ],
      },
    },
    {
      name: 'reservationId',
      type: 'string',
    },
    {
      name: 'seats',
      type: 'int',
    },
    {
      name: 'remaining',
      type: 'int',
    },
  ],
} as const;

/** Seats were granted to a reservation. */
export interface SeatsReservedV1 {
  /** The conference; the record's key. */
  conferenceId: string;
  meta: EventMetadata;
  reservationId: string;
  seats: number;
  /** Seats left after this one. */
  remaining: number;
}

export const SeatsReservedV1Schema = {
  type: 'record',
  name: 'SeatsReserved',
  namespace: 'io.streamfold.reservations',
  doc: 'Seats were granted to a reservation.',
  fields: [
    {
      name: 'conferenceId',
      type: 'string',
      doc: "The conference; the record's key.",
    },
    {
      name: 'meta',
      type: {
        type: 'record',
        name: 'EventMetadata',
        namespace: 'io.streamfold.common',
        doc: 'What every domain event carries besides its payload.',
        fields: [
          {
            name: 'version',
            type: 'long',
            doc: "The entity's version after this event: 1 for its first event, one more for each event after.",
          },
          {
            name: 'commandId',
            type: ['null', 'string'],
            doc: 'The command that caused it, when one did (a window closing causes events with none).',
            default: null,
          },
          {
            name: 'occurredAt',
            type: {
              type: 'long',
              logicalType: 'timestamp-millis',
            },
            doc: 'When it happened, milliseconds since the epoch (from the command or the record, never a clock in the decider).',
          },
        ],
      },
    },
    {
      name: 'reservationId',
      type: 'string',
    },
    {
      name: 'seats',
      type: 'int',
    },
    {
      name: 'remaining',
      type: 'int',
      doc: 'Seats left after this one.',
    },
  ],
} as const;

/** The newest version of CancelReservation. */
export type CancelReservation = CancelReservationV1;

/** The newest version of ConferenceCreated. */
export type ConferenceCreated = ConferenceCreatedV1;

/** The newest version of CreateConference. */
export type CreateConference = CreateConferenceV1;

/** The newest version of ReservationRejected. */
export type ReservationRejected = ReservationRejectedV1;

/** The newest version of ReserveSeats. */
export type ReserveSeats = ReserveSeatsV1;

/** The newest version of SeatAvailabilitySnapshot. */
export type SeatAvailabilitySnapshot = SeatAvailabilitySnapshotV1;

/** The newest version of SeatsReleased. */
export type SeatsReleased = SeatsReleasedV1;

/** The newest version of SeatsReserved. */
export type SeatsReserved = SeatsReservedV1;

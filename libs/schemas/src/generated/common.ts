// Generated from schemas/common/*.avsc by `npm run schemas:generate`. Do not edit.

/** What every command carries besides its payload: who it is, what it expects, when it was issued. */
export interface CommandMetadataV1 {
  /** Unique per command; a command seen twice is answered, not applied twice (the HTTP Idempotency-Key). */
  commandId: string;
  /** The entity version the sender saw; a different current version rejects the command. Null: no expectation. */
  expectedVersion: null | number;
  /**
   * When the sender issued it, milliseconds since the epoch.
   * Avro long with logical type timestamp-millis.
   */
  issuedAt: number;
}

export const CommandMetadataV1Schema = {
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
} as const;

/** What every domain event carries besides its payload. */
export interface EventMetadataV1 {
  /** The entity's version after this event: 1 for its first event, one more for each event after. */
  version: number;
  /** The command that caused it, when one did (a window closing causes events with none). */
  commandId: null | string;
  /**
   * When it happened, milliseconds since the epoch (from the command or the record, never a clock in the decider).
   * Avro long with logical type timestamp-millis.
   */
  occurredAt: number;
}

export const EventMetadataV1Schema = {
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
} as const;

/** A command already handled, remembered so that a repeat reports its outcome instead of being applied again. */
export interface HandledCommandV1 {
  commandId: string;
  accepted: boolean;
  /** The entity version after handling it. */
  version: number;
}

export const HandledCommandV1Schema = {
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
} as const;

/** The next offset to read of one input partition when a snapshot was taken. */
export interface SourcePositionV1 {
  topic: string;
  partition: number;
  offset: number;
}

export const SourcePositionV1Schema = {
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
} as const;

/** The newest version of CommandMetadata. */
export type CommandMetadata = CommandMetadataV1;

/** The newest version of EventMetadata. */
export type EventMetadata = EventMetadataV1;

/** The newest version of HandledCommand. */
export type HandledCommand = HandledCommandV1;

/** The newest version of SourcePosition. */
export type SourcePosition = SourcePositionV1;

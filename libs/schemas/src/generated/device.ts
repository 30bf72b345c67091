// Generated from schemas/device/*.avsc by `npm run schemas:generate`. Do not edit.

import type { CommandMetadata, EventMetadata, HandledCommand, SourcePosition } from './common.js';

/** An operator has seen an alert. */
export interface AcknowledgeAlertV1 {
  /** The device; the record's key. */
  deviceId: string;
  meta: CommandMetadata;
  alertId: string;
  acknowledgedBy: string;
}

export const AcknowledgeAlertV1Schema = {
  type: 'record',
  name: 'AcknowledgeAlert',
  namespace: 'io.streamfold.device',
  doc: 'An operator has seen an alert.',
  fields: [
    {
      name: 'deviceId',
      type: 'string',
      doc: "The device; the record's key.",
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
      name: 'alertId',
      type: 'string',
    },
    {
      name: 'acknowledgedBy',
      type: 'string',
    },
  ],
} as const;

/** An operator acknowledged an alert. */
export interface AlertAcknowledgedV1 {
  /** The device; the record's key. */
  deviceId: string;
  meta: EventMetadata;
  alertId: string;
  acknowledgedBy: string;
}

export const AlertAcknowledgedV1Schema = {
  type: 'record',
  name: 'AlertAcknowledged',
  namespace: 'io.streamfold.device',
  doc: 'An operator acknowledged an alert.',
  fields: [
    {
      name: 'deviceId',
      type: 'string',
      doc: "The device; the record's key.",
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
      name: 'alertId',
      type: 'string',
    },
    {
      name: 'acknowledgedBy',
      type: 'string',
    },
  ],
} as const;

/** A sensor's window mean fell below threshold - hysteresis; its open alert is over. */
export interface AlertClearedV1 {
  /** The device; the record's key. */
  deviceId: string;
  meta: EventMetadata;
  alertId: string;
  sensor: string;
  /**
   * The end of the window that cleared it.
   * Avro long with logical type timestamp-millis.
   */
  windowEnd: number;
  /** That window's mean. */
  value: number;
}

export const AlertClearedV1Schema = {
  type: 'record',
  name: 'AlertCleared',
  namespace: 'io.streamfold.device',
  doc: "A sensor's window mean fell below threshold - hysteresis; its open alert is over.",
  fields: [
    {
      name: 'deviceId',
      type: 'string',
      doc: "The device; the record's key.",
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
      name: 'alertId',
      type: 'string',
    },
    {
      name: 'sensor',
      type: 'string',
    },
    {
      name: 'windowEnd',
      type: {
        type: 'long',
        logicalType: 'timestamp-millis',
      },
      doc: 'The end of the window that cleared it.',
    },
    {
      name: 'value',
      type: 'double',
      doc: "That window's mean.",
    },
  ],
} as const;

/** A closed window's mean exceeded its sensor's threshold. */
export interface AlertRaisedV1 {
  /** The device; the record's key. */
  deviceId: string;
  meta: EventMetadata;
  alertId: string;
  sensor: string;
  /** Avro long with logical type timestamp-millis. */
  windowStart: number;
  /** Avro long with logical type timestamp-millis. */
  windowEnd: number;
  /** The window's mean. */
  value: number;
  threshold: number;
}

export const AlertRaisedV1Schema = {
  type: 'record',
  name: 'AlertRaised',
  namespace: 'io.streamfold.device',
  doc: "A closed window's mean exceeded its sensor's threshold.",
  fields: [
    {
      name: 'deviceId',
      type: 'string',
      doc: "The device; the record's key.",
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
      name: 'alertId',
      type: 'string',
    },
    {
      name: 'sensor',
      type: 'string',
    },
    {
      name: 'windowStart',
      type: {
        type: 'long',
        logicalType: 'timestamp-millis',
      },
    },
    {
      name: 'windowEnd',
      type: {
        type: 'long',
        logicalType: 'timestamp-millis',
      },
    },
    {
      name: 'value',
      type: 'double',
      doc: "The window's mean.",
    },
    {
      name: 'threshold',
      type: 'double',
    },
  ],
} as const;

export type RejectionReasonV1 =
  | 'VERSION_CONFLICT'
  | 'NOT_REGISTERED'
  | 'ALREADY_REGISTERED'
  | 'DECOMMISSIONED'
  | 'UNKNOWN_SENSOR'
  | 'UNKNOWN_ALERT'
  | 'INVALID'
  | 'OTHER';

/** A command that broke a rule; nothing changed. meta.version is the entity's unchanged version. */
export interface CommandRejectedV1 {
  /** The device; the record's key. */
  deviceId: string;
  meta: EventMetadata;
  /** e.g. ConfigureThreshold. */
  commandName: string;
  reason: RejectionReasonV1;
  /** Says what was wrong in words, e.g. naming both versions of a conflict. */
  message: string;
  /** The version the command expected, when it named one. */
  expectedVersion: null | number;
  /** The entity's version when the command arrived. */
  actualVersion: number;
}

export const CommandRejectedV1Schema = {
  type: 'record',
  name: 'CommandRejected',
  namespace: 'io.streamfold.device',
  doc: "A command that broke a rule; nothing changed. meta.version is the entity's unchanged version.",
  fields: [
    {
      name: 'deviceId',
      type: 'string',
      doc: "The device; the record's key.",
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
      name: 'commandName',
      type: 'string',
      doc: 'e.g. ConfigureThreshold.',
    },
    {
      name: 'reason',
      type: {
        type: 'enum',
        name: 'RejectionReason',
        symbols: [
          'VERSION_CONFLICT',
          'NOT_REGISTERED',
          'ALREADY_REGISTERED',
          'DECOMMISSIONED',
          'UNKNOWN_SENSOR',
          'UNKNOWN_ALERT',
          'INVALID',
          'OTHER',
        ],
        default: 'OTHER',
      },
    },
    {
      name: 'message',
      type: 'string',
      doc: 'Says what was wrong in words, e.g. naming both versions of a conflict.',
    },
    {
      name: 'expectedVersion',
      type: ['null', 'long'],
      doc: 'The version the command expected, when it named one.',
      default: null,
    },
    {
      name: 'actualVersion',
      type: 'long',
      doc: "The entity's version when the command arrived.",
    },
  ],
} as const;

/** Set the level above which a sensor's window mean raises an alert. */
export interface ConfigureThresholdV1 {
  /** The device; the record's key. */
  deviceId: string;
  meta: CommandMetadata;
  sensor: string;
  /** An alert is raised when a closed window's mean exceeds it. */
  max: number;
  /** An open alert clears only once a window's mean is below max - hysteresis. */
  hysteresis: number;
}

export const ConfigureThresholdV1Schema = {
  type: 'record',
  name: 'ConfigureThreshold',
  namespace: 'io.streamfold.device',
  doc: "Set the level above which a sensor's window mean raises an alert.",
  fields: [
    {
      name: 'deviceId',
      type: 'string',
      doc: "The device; the record's key.",
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
      name: 'sensor',
      type: 'string',
    },
    {
      name: 'max',
      type: 'double',
      doc: "An alert is raised when a closed window's mean exceeds it.",
    },
    {
      name: 'hysteresis',
      type: 'double',
      doc: "An open alert clears only once a window's mean is below max - hysteresis.",
      default: 0,
    },
  ],
} as const;

/** Take a device out of service for good. */
export interface DecommissionDeviceV1 {
  /** The device; the record's key. */
  deviceId: string;
  meta: CommandMetadata;
  reason: null | string;
}

export const DecommissionDeviceV1Schema = {
  type: 'record',
  name: 'DecommissionDevice',
  namespace: 'io.streamfold.device',
  doc: 'Take a device out of service for good.',
  fields: [
    {
      name: 'deviceId',
      type: 'string',
      doc: "The device; the record's key.",
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
      name: 'reason',
      type: ['null', 'string'],
      default: null,
    },
  ],
} as const;

/** A device left service; its readings are refused from now on. */
export interface DeviceDecommissionedV1 {
  /** The device; the record's key. */
  deviceId: string;
  meta: EventMetadata;
  reason: null | string;
}

export const DeviceDecommissionedV1Schema = {
  type: 'record',
  name: 'DeviceDecommissioned',
  namespace: 'io.streamfold.device',
  doc: 'A device left service; its readings are refused from now on.',
  fields: [
    {
      name: 'deviceId',
      type: 'string',
      doc: "The device; the record's key.",
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
      name: 'reason',
      type: ['null', 'string'],
      default: null,
    },
  ],
} as const;

/** A device came into service. */
export interface DeviceRegisteredV1 {
  /** The device; the record's key. */
  deviceId: string;
  meta: EventMetadata;
  name: string;
  sensors: string[];
}

export const DeviceRegisteredV1Schema = {
  type: 'record',
  name: 'DeviceRegistered',
  namespace: 'io.streamfold.device',
  doc: 'A device came into service.',
  fields: [
    {
      name: 'deviceId',
      type: 'string',
      doc: "The device; the record's key.",
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
      name: 'name',
      type: 'string',
    },
    {
      name: 'sensors',
      type: {
        type: 'array',
        items: 'string',
      },
    },
  ],
} as const;

export type DeviceStatusV1 = 'UNREGISTERED' | 'ACTIVE' | 'DECOMMISSIONED';

export interface ThresholdV1 {
  sensor: string;
  max: number;
  hysteresis: number;
}

export interface OpenAlertV1 {
  alertId: string;
  sensor: string;
  /** Avro long with logical type timestamp-millis. */
  raisedAt: number;
  acknowledged: boolean;
}

export interface DeviceStateV1 {
  status: DeviceStatusV1;
  name: null | string;
  sensors: string[];
  thresholds: ThresholdV1[];
  openAlerts: OpenAlertV1[];
}

/** A window that has readings but has not closed yet. */
export interface OpenWindowV1 {
  sensor: string;
  /** Avro long with logical type timestamp-millis. */
  windowStart: number;
  /** Avro long with logical type timestamp-millis. */
  windowEnd: number;
  count: number;
  min: number;
  max: number;
  sum: number;
  /** Avro long with logical type timestamp-millis. */
  lastEventTime: number;
}

/** A device's whole state at a committed position, from which the aggregator restores instead of replaying. The record's version is the snapshot format's version. */
export interface DeviceSnapshotV1 {
  /** The device; the record's key. */
  deviceId: string;
  /** The entity version the state reflects. */
  version: number;
  state: DeviceStateV1;
  openWindows: OpenWindowV1[];
  /** The most recent commandIds, oldest first; bounded. */
  recentCommands: HandledCommand[];
  sourcePositions: SourcePosition[];
  /**
   * The event time at which it was taken.
   * Avro long with logical type timestamp-millis.
   */
  takenAt: number;
}

export const DeviceSnapshotV1Schema = {
  type: 'record',
  name: 'DeviceSnapshot',
  namespace: 'io.streamfold.device',
  doc: "A device's whole state at a committed position, from which the aggregator restores instead of replaying. The record's version is the snapshot format's version.",
  fields: [
    {
      name: 'deviceId',
      type: 'string',
      doc: "The device; the record's key.",
    },
    {
      name: 'version',
      type: 'long',
      doc: 'The entity version the state reflects.',
    },
    {
      name: 'state',
      type: {
        type: 'record',
        name: 'DeviceState',
        fields: [
          {
            name: 'status',
            type: {
              type: 'enum',
              name: 'DeviceStatus',
              symbols: ['UNREGISTERED', 'ACTIVE', 'DECOMMISSIONED'],
            },
          },
          {
            name: 'name',
            type: ['null', 'string'],
            default: null,
          },
          {
            name: 'sensors',
            type: {
              type: 'array',
              items: 'string',
            },
          },
          {
            name: 'thresholds',
            type: {
              type: 'array',
              items: {
                type: 'record',
                name: 'Threshold',
                fields: [
                  {
                    name: 'sensor',
                    type: 'string',
                  },
                  {
                    name: 'max',
                    type: 'double',
                  },
                  {
                    name: 'hysteresis',
                    type: 'double',
                  },
                ],
              },
            },
          },
          {
            name: 'openAlerts',
            type: {
              type: 'array',
              items: {
                type: 'record',
                name: 'OpenAlert',
                fields: [
                  {
                    name: 'alertId',
                    type: 'string',
                  },
                  {
                    name: 'sensor',
                    type: 'string',
                  },
                  {
                    name: 'raisedAt',
                    type: {
                      type: 'long',
                      logicalType: 'timestamp-millis',
                    },
                  },
                  {
                    name: 'acknowledged',
                    type: 'boolean',
                  },
                ],
              },
            },
          },
        ],
      },
    },
    {
      name: 'openWindows',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'OpenWindow',
          doc: 'A window that has readings but has not closed yet.',
          fields: [
            {
              name: 'sensor',
              type: 'string',
            },
            {
              name: 'windowStart',
              type: {
                type: 'long',
                logicalType: 'timestamp-millis',
              },
            },
            {
              name: 'windowEnd',
              type: {
                type: 'long',
                logicalType: 'timestamp-millis',
              },
            },
            {
              name: 'count',
              type: 'long',
            },
            {
              name: 'min',
              type: 'double',
            },
            {
              name: 'max',
              type: 'double',
            },
            {
              name: 'sum',
              type: 'double',
            },
            {
              name: 'lastEventTime',
              type: {
                type: 'long',
                logicalType: 'timestamp-millis',
              },
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
      doc: 'The most recent commandIds, oldest first; bounded.',
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
      doc: 'The event time at which it was taken.',
    },
  ],
} as const;

export type DeviceStatusV2 = 'UNREGISTERED' | 'ACTIVE' | 'DECOMMISSIONED';

export interface ThresholdV2 {
  sensor: string;
  max: number;
  hysteresis: number;
}

export interface OpenAlertV2 {
  alertId: string;
  sensor: string;
  /** Avro long with logical type timestamp-millis. */
  raisedAt: number;
  acknowledged: boolean;
}

export interface DeviceStateV2 {
  status: DeviceStatusV2;
  name: null | string;
  sensors: string[];
  thresholds: ThresholdV2[];
  openAlerts: OpenAlertV2[];
}

/** A window that has readings but has not closed yet. */
export interface OpenWindowV2 {
  sensor: string;
  /** Avro long with logical type timestamp-millis. */
  windowStart: number;
  /** Avro long with logical type timestamp-millis. */
  windowEnd: number;
  count: number;
  min: number;
  max: number;
  sum: number;
  /** Avro long with logical type timestamp-millis. */
  lastEventTime: number;
}

/** A device's whole state at a committed position, from which the aggregator restores instead of replaying. The record's version is the snapshot format's version. */
export interface DeviceSnapshotV2 {
  /** The device; the record's key. */
  deviceId: string;
  /** The entity version the state reflects. */
  version: number;
  state: DeviceStateV2;
  openWindows: OpenWindowV2[];
  /** The newest reading event time the device has seen; its watermark is this minus the allowed lateness. Null before its first reading (and in v1 snapshots). */
  maxEventTime: null | number;
  /** The most recent commandIds, oldest first; bounded. */
  recentCommands: HandledCommand[];
  sourcePositions: SourcePosition[];
  /**
   * The event time at which it was taken.
   * Avro long with logical type timestamp-millis.
   */
  takenAt: number;
}

export const DeviceSnapshotV2Schema = {
  type: 'record',
  name: 'DeviceSnapshot',
  namespace: 'io.streamfold.device',
  doc: "A device's whole state at a committed position, from which the aggregator restores instead of replaying. The record's version is the snapshot format's version.",
  fields: [
    {
      name: 'deviceId',
      type: 'string',
      doc: "The device; the record's key.",
    },
    {
      name: 'version',
      type: 'long',
      doc: 'The entity version the state reflects.',
    },
    {
      name: 'state',
      type: {
        type: 'record',
        name: 'DeviceState',
        fields: [
          {
            name: 'status',
            type: {
              type: 'enum',
              name: 'DeviceStatus',
              symbols: ['UNREGISTERED', 'ACTIVE', 'DECOMMISSIONED'],
            },
          },
          {
            name: 'name',
            type: ['null', 'string'],
            default: null,
          },
          {
            name: 'sensors',
            type: {
              type: 'array',
              items: 'string',
            },
          },
          {
            name: 'thresholds',
            type: {
              type: 'array',
              items: {
                type: 'record',
                name: 'Threshold',
                fields: [
                  {
                    name: 'sensor',
                    type: 'string',
                  },
                  {
                    name: 'max',
                    type: 'double',
                  },
                  {
                    name: 'hysteresis',
                    type: 'double',
                  },
                ],
              },
            },
          },
          {
            name: 'openAlerts',
            type: {
              type: 'array',
              items: {
                type: 'record',
                name: 'OpenAlert',
                fields: [
                  {
                    name: 'alertId',
                    type: 'string',
                  },
                  {
                    name: 'sensor',
                    type: 'string',
                  },
                  {
                    name: 'raisedAt',
                    type: {
                      type: 'long',
                      logicalType: 'timestamp-millis',
                    },
                  },
                  {
                    name: 'acknowledged',
                    type: 'boolean',
                  },
                ],
              },
            },
          },
        ],
      },
    },
    {
      name: 'openWindows',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'OpenWindow',
          doc: 'A window that has readings but has not closed yet.',
          fields: [
            {
              name: 'sensor',
              type: 'string',
            },
            {
              name: 'windowStart',
              type: {
                type: 'long',
                logicalType: 'timestamp-millis',
              },
            },
            {
              name: 'windowEnd',
              type: {
                type: 'long',
                logicalType: 'timestamp-millis',
              },
            },
            {
              name: 'count',
              type: 'long',
            },
            {
              name: 'min',
              type: 'double',
            },
            {
              name: 'max',
              type: 'double',
            },
            {
              name: 'sum',
              type: 'double',
            },
            {
              name: 'lastEventTime',
              type: {
                type: 'long',
                logicalType: 'timestamp-millis',
              },
            },
          ],
        },
      },
    },
    {
      name: 'maxEventTime',
      type: [
        'null',
        {
          type: 'long',
          logicalType: 'timestamp-millis',
        },
      ],
      default: null,
      doc: 'The newest reading event time the device has seen; its watermark is this minus the allowed lateness. Null before its first reading (and in v1 snapshots).',
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
      doc: 'The most recent commandIds, oldest first; bounded.',
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
      doc: 'The event time at which it was taken.',
    },
  ],
} as const;

/** Bring a device into service. */
export interface RegisterDeviceV1 {
  /** The device; the record's key. */
  deviceId: string;
  meta: CommandMetadata;
  /** A name people recognise. */
  name: string;
  /** The sensors it reports, e.g. temperature. */
  sensors: string[];
}

export const RegisterDeviceV1Schema = {
  type: 'record',
  name: 'RegisterDevice',
  namespace: 'io.streamfold.device',
  doc: 'Bring a device into service.',
  fields: [
    {
      name: 'deviceId',
      type: 'string',
      doc: "The device; the record's key.",
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
      name: 'name',
      type: 'string',
      doc: 'A name people recognise.',
    },
    {
      name: 'sensors',
      type: {
        type: 'array',
        items: 'string',
      },
      doc: 'The sensors it reports, e.g. temperature.',
    },
  ],
} as const;

/** A sensor's alert threshold was set. */
export interface ThresholdConfiguredV1 {
  /** The device; the record's key. */
  deviceId: string;
  meta: EventMetadata;
  sensor: string;
  max: number;
  hysteresis: number;
}

export const ThresholdConfiguredV1Schema = {
  type: 'record',
  name: 'ThresholdConfigured',
  namespace: 'io.streamfold.device',
  doc: "A sensor's alert threshold was set.",
  fields: [
    {
      name: 'deviceId',
      type: 'string',
      doc: "The device; the record's key.",
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
      name: 'sensor',
      type: 'string',
    },
    {
      name: 'max',
      type: 'double',
    },
    {
      name: 'hysteresis',
      type: 'double',
      default: 0,
    },
  ],
} as const;

/** The newest version of AcknowledgeAlert. */
export type AcknowledgeAlert = AcknowledgeAlertV1;

/** The newest version of AlertAcknowledged. */
export type AlertAcknowledged = AlertAcknowledgedV1;

/** The newest version of AlertCleared. */
export type AlertCleared = AlertClearedV1;

/** The newest version of AlertRaised. */
export type AlertRaised = AlertRaisedV1;

/** The newest version of CommandRejected. */
export type CommandRejected = CommandRejectedV1;

/** The newest version of ConfigureThreshold. */
export type ConfigureThreshold = ConfigureThresholdV1;

/** The newest version of DecommissionDevice. */
export type DecommissionDevice = DecommissionDeviceV1;

/** The newest version of DeviceDecommissioned. */
export type DeviceDecommissioned = DeviceDecommissionedV1;

/** The newest version of DeviceRegistered. */
export type DeviceRegistered = DeviceRegisteredV1;

/** The newest version of DeviceSnapshot. */
export type DeviceSnapshot = DeviceSnapshotV2;

/** The newest version of RegisterDevice. */
export type RegisterDevice = RegisterDeviceV1;

/** The newest version of ThresholdConfigured. */
export type ThresholdConfigured = ThresholdConfiguredV1;

// Generated from schemas/ by `npm run schemas:generate`. Do not edit.
import {
  CommandMetadataV1Schema,
  EventMetadataV1Schema,
  HandledCommandV1Schema,
  SourcePositionV1Schema,
} from './common.js';
import {
  AcknowledgeAlertV1Schema,
  AlertAcknowledgedV1Schema,
  AlertClearedV1Schema,
  AlertRaisedV1Schema,
  CommandRejectedV1Schema,
  ConfigureThresholdV1Schema,
  DecommissionDeviceV1Schema,
  DeviceDecommissionedV1Schema,
  DeviceRegisteredV1Schema,
  DeviceSnapshotV1Schema,
  DeviceSnapshotV2Schema,
  RegisterDeviceV1Schema,
  ThresholdConfiguredV1Schema,
  type AcknowledgeAlert,
  type AlertAcknowledged,
  type AlertCleared,
  type AlertRaised,
  type CommandRejected,
  type ConfigureThreshold,
  type DecommissionDevice,
  type DeviceDecommissioned,
  type DeviceRegistered,
  type DeviceSnapshot,
  type RegisterDevice,
  type ThresholdConfigured,
} from './device.js';
import {
  CancelReservationV1Schema,
  ConferenceCreatedV1Schema,
  CreateConferenceV1Schema,
  ReservationRejectedV1Schema,
  ReserveSeatsV1Schema,
  SeatAvailabilitySnapshotV1Schema,
  SeatsReleasedV1Schema,
  SeatsReservedV1Schema,
  type CancelReservation,
  type ConferenceCreated,
  type CreateConference,
  type ReservationRejected,
  type ReserveSeats,
  type SeatAvailabilitySnapshot,
  type SeatsReleased,
  type SeatsReserved,
} from './reservations.js';
import {
  SensorReadingV1Schema,
  SensorReadingV2Schema,
  WindowAggregateV1Schema,
  type SensorReading,
  type WindowAggregate,
} from './telemetry.js';

/** Every version of every record, its schema standing alone (as registered). */
export const schemaCatalog = [
  { name: 'io.streamfold.common.CommandMetadata', version: 1, schema: CommandMetadataV1Schema },
  { name: 'io.streamfold.common.EventMetadata', version: 1, schema: EventMetadataV1Schema },
  { name: 'io.streamfold.common.HandledCommand', version: 1, schema: HandledCommandV1Schema },
  { name: 'io.streamfold.common.SourcePosition', version: 1, schema: SourcePositionV1Schema },
  { name: 'io.streamfold.device.AcknowledgeAlert', version: 1, schema: AcknowledgeAlertV1Schema },
  { name: 'io.streamfold.device.AlertAcknowledged', version: 1, schema: AlertAcknowledgedV1Schema },
  { name: 'io.streamfold.device.AlertCleared', version: 1, schema: AlertClearedV1Schema },
  { name: 'io.streamfold.device.AlertRaised', version: 1, schema: AlertRaisedV1Schema },
  { name: 'io.streamfold.device.CommandRejected', version: 1, schema: CommandRejectedV1Schema },
  {
    name: 'io.streamfold.device.ConfigureThreshold',
    version: 1,
    schema: ConfigureThresholdV1Schema,
  },
  {
    name: 'io.streamfold.device.DecommissionDevice',
    version: 1,
    schema: DecommissionDeviceV1Schema,
  },
  {
    name: 'io.streamfold.device.DeviceDecommissioned',
    version: 1,
    schema: DeviceDecommissionedV1Schema,
  },
  { name: 'io.streamfold.device.DeviceRegistered', version: 1, schema: DeviceRegisteredV1Schema },
  { name: 'io.streamfold.device.DeviceSnapshot', version: 1, schema: DeviceSnapshotV1Schema },
  { name: 'io.streamfold.device.DeviceSnapshot', version: 2, schema: DeviceSnapshotV2Schema },
  { name: 'io.streamfold.device.RegisterDevice', version: 1, schema: RegisterDeviceV1Schema },
  {
    name: 'io.streamfold.device.ThresholdConfigured',
    version: 1,
    schema: ThresholdConfiguredV1Schema,
  },
  {
    name: 'io.streamfold.reservations.CancelReservation',
    version: 1,
    schema: CancelReservationV1Schema,
  },
  {
    name: 'io.streamfold.reservations.ConferenceCreated',
    version: 1,
    schema: ConferenceCreatedV1Schema,
  },
  {
    name: 'io.streamfold.reservations.CreateConference',
    version: 1,
    schema: CreateConferenceV1Schema,
  },
  {
    name: 'io.streamfold.reservations.ReservationRejected',
    version: 1,
    schema: ReservationRejectedV1Schema,
  },
  { name: 'io.streamfold.reservations.ReserveSeats', version: 1, schema: ReserveSeatsV1Schema },
  {
    name: 'io.streamfold.reservations.SeatAvailabilitySnapshot',
    version: 1,
    schema: SeatAvailabilitySnapshotV1Schema,
  },
  { name: 'io.streamfold.reservations.SeatsReleased', version: 1, schema: SeatsReleasedV1Schema },
  { name: 'io.streamfold.reservations.SeatsReserved', version: 1, schema: SeatsReservedV1Schema },
  { name: 'io.streamfold.telemetry.SensorReading', version: 1, schema: SensorReadingV1Schema },
  { name: 'io.streamfold.telemetry.SensorReading', version: 2, schema: SensorReadingV2Schema },
  { name: 'io.streamfold.telemetry.WindowAggregate', version: 1, schema: WindowAggregateV1Schema },
] as const;

/** The records each topic carries, by full name. */
export const topicRecords = {
  'device.commands': [
    'io.streamfold.device.RegisterDevice',
    'io.streamfold.device.ConfigureThreshold',
    'io.streamfold.device.DecommissionDevice',
    'io.streamfold.device.AcknowledgeAlert',
  ],
  'device.events': [
    'io.streamfold.device.DeviceRegistered',
    'io.streamfold.device.ThresholdConfigured',
    'io.streamfold.device.DeviceDecommissioned',
    'io.streamfold.device.AlertRaised',
    'io.streamfold.device.AlertCleared',
    'io.streamfold.device.AlertAcknowledged',
    'io.streamfold.device.CommandRejected',
  ],
  'device.snapshots': ['io.streamfold.device.DeviceSnapshot'],
  'reservations.commands': [
    'io.streamfold.reservations.CreateConference',
    'io.streamfold.reservations.ReserveSeats',
    'io.streamfold.reservations.CancelReservation',
  ],
  'reservations.events': [
    'io.streamfold.reservations.ConferenceCreated',
    'io.streamfold.reservations.SeatsReserved',
    'io.streamfold.reservations.SeatsReleased',
    'io.streamfold.reservations.ReservationRejected',
  ],
  'reservations.snapshots': ['io.streamfold.reservations.SeatAvailabilitySnapshot'],
  'telemetry.aggregates': ['io.streamfold.telemetry.WindowAggregate'],
  'telemetry.readings': ['io.streamfold.telemetry.SensorReading'],
} as const;

/** A record of device.commands: which one, and its value in the newest version. */
export type DeviceCommandsRecord =
  | { readonly name: 'RegisterDevice'; readonly value: RegisterDevice }
  | { readonly name: 'ConfigureThreshold'; readonly value: ConfigureThreshold }
  | { readonly name: 'DecommissionDevice'; readonly value: DecommissionDevice }
  | { readonly name: 'AcknowledgeAlert'; readonly value: AcknowledgeAlert };

/** A record of device.events: which one, and its value in the newest version. */
export type DeviceEventsRecord =
  | { readonly name: 'DeviceRegistered'; readonly value: DeviceRegistered }
  | { readonly name: 'ThresholdConfigured'; readonly value: ThresholdConfigured }
  | { readonly name: 'DeviceDecommissioned'; readonly value: DeviceDecommissioned }
  | { readonly name: 'AlertRaised'; readonly value: AlertRaised }
  | { readonly name: 'AlertCleared'; readonly value: AlertCleared }
  | { readonly name: 'AlertAcknowledged'; readonly value: AlertAcknowledged }
  | { readonly name: 'CommandRejected'; readonly value: CommandRejected };

/** A record of device.snapshots: which one, and its value in the newest version. */
export type DeviceSnapshotsRecord = {
  readonly name: 'DeviceSnapshot';
  readonly value: DeviceSnapshot;
};

/** A record of reservations.commands: which one, and its value in the newest version. */
export type ReservationsCommandsRecord =
  | { readonly name: 'CreateConference'; readonly value: CreateConference }
  | { readonly name: 'ReserveSeats'; readonly value: ReserveSeats }
  | { readonly name: 'CancelReservation'; readonly value: CancelReservation };

/** A record of reservations.events: which one, and its value in the newest version. */
export type ReservationsEventsRecord =
  | { readonly name: 'ConferenceCreated'; readonly value: ConferenceCreated }
  | { readonly name: 'SeatsReserved'; readonly value: SeatsReserved }
  | { readonly name: 'SeatsReleased'; readonly value: SeatsReleased }
  | { readonly name: 'ReservationRejected'; readonly value: ReservationRejected };

/** A record of reservations.snapshots: which one, and its value in the newest version. */
export type ReservationsSnapshotsRecord = {
  readonly name: 'SeatAvailabilitySnapshot';
  readonly value: SeatAvailabilitySnapshot;
};

/** A record of telemetry.aggregates: which one, and its value in the newest version. */
export type TelemetryAggregatesRecord = {
  readonly name: 'WindowAggregate';
  readonly value: WindowAggregate;
};

/** A record of telemetry.readings: which one, and its value in the newest version. */
export type TelemetryReadingsRecord = {
  readonly name: 'SensorReading';
  readonly value: SensorReading;
};

/** The record union of each topic. */
export interface TopicRecords {
  'device.commands': DeviceCommandsRecord;
  'device.events': DeviceEventsRecord;
  'device.snapshots': DeviceSnapshotsRecord;
  'reservations.commands': ReservationsCommandsRecord;
  'reservations.events': ReservationsEventsRecord;
  'reservations.snapshots': ReservationsSnapshotsRecord;
  'telemetry.aggregates': TelemetryAggregatesRecord;
  'telemetry.readings': TelemetryReadingsRecord;
}

export type TopicName = keyof TopicRecords;

import type {
  DeviceEventsRecord,
  RejectionReasonV1,
  TelemetryAggregatesRecord,
} from '@streamfold/schemas';
import type { Position, Positions } from './positions.js';

/** A record the projection applies: where it was read, and what it holds. */
export interface ProjectedRecord {
  readonly position: Position;
  readonly record: DeviceEventsRecord | TelemetryAggregatesRecord;
}

/** Where in its topic a view's last change came from. */
export interface RecordPosition {
  readonly partition: number;
  readonly offset: string;
}

export interface Threshold {
  readonly max: number;
  readonly hysteresis: number;
}

export type DeviceStatus = 'ACTIVE' | 'DECOMMISSIONED';

/** One device as its events describe it. */
export interface DeviceView {
  readonly deviceId: string;
  readonly name: string;
  readonly status: DeviceStatus;
  readonly sensors: readonly string[];
  /** By sensor. */
  readonly thresholds: Readonly<Record<string, Threshold>>;
  /** The device's version after its last event (a rejection leaves it unchanged). */
  readonly version: number;
  readonly openAlerts: number;
  readonly registeredAt: number;
  readonly decommissioned: null | { readonly at: number; readonly reason: string | null };
  /** When its last event happened (epoch ms). */
  readonly lastEventAt: number;
  /** The device.events (partition, offset) of its last applied event. */
  readonly position: RecordPosition;
}

/** One closed window of one sensor, as the aggregator emitted it. */
export interface WindowView {
  readonly deviceId: string;
  readonly sensor: string;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly sum: number;
  readonly mean: number;
  readonly lastEventTime: number;
  /** The telemetry.aggregates (partition, offset) it was read at. */
  readonly position: RecordPosition;
}

export type AlertState = 'open' | 'cleared';

export interface AlertView {
  /** `${deviceId}/${sensor}/${windowStart}` of the window that raised it. */
  readonly alertId: string;
  readonly deviceId: string;
  readonly sensor: string;
  readonly state: AlertState;
  readonly raised: {
    readonly windowStart: number;
    readonly windowEnd: number;
    /** The window's mean. */
    readonly value: number;
    readonly threshold: number;
    readonly at: number;
    readonly version: number;
  };
  readonly cleared: null | {
    readonly windowEnd: number;
    readonly value: number;
    readonly at: number;
    readonly version: number;
  };
  readonly acknowledged: null | {
    readonly by: string;
    readonly at: number;
    readonly version: number;
  };
  /** The device.events (partition, offset) of its last applied event. */
  readonly position: RecordPosition;
}

/** What became of a command, from the events that carry its commandId. */
export type CommandOutcome =
  | {
      readonly commandId: string;
      readonly deviceId: string;
      readonly outcome: 'accepted';
      /** The command's name, e.g. ConfigureThreshold. */
      readonly command: string;
      /** The events it caused, in order. */
      readonly events: readonly string[];
      /** The device's version after its last event. */
      readonly version: number;
      readonly at: number;
      readonly position: RecordPosition;
    }
  | {
      readonly commandId: string;
      readonly deviceId: string;
      readonly outcome: 'rejected';
      readonly command: string;
      readonly reason: RejectionReasonV1;
      readonly message: string;
      readonly expectedVersion: number | null;
      readonly actualVersion: number;
      /** The device's version, unchanged by the rejection. */
      readonly version: number;
      readonly at: number;
      readonly position: RecordPosition;
    };

/** The whole read model at one set of positions, in a stable order: what rebuild compares. */
export interface ReadModelsExport {
  readonly positions: Positions;
  /** By deviceId. */
  readonly devices: readonly DeviceView[];
  /** By deviceId, windowStart, sensor. */
  readonly windows: readonly WindowView[];
  /** By alertId. */
  readonly alerts: readonly AlertView[];
  /** By commandId. */
  readonly commands: readonly CommandOutcome[];
}

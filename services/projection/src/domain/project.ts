/**
 * The read-model updates, pure: one record and the current views it touches in, the views it
 * changes out. A store loads what `touchedBy` names, calls `project`, and saves the result
 * together with the record's position; the in-memory store and a database store share this.
 */
import type { DeviceEventsRecord, WindowAggregate } from '@streamfold/schemas';
import type {
  AlertView,
  CommandOutcome,
  DeviceView,
  ProjectedRecord,
  RecordPosition,
  WindowView,
} from './read-models.js';

/** The keys of the views a record may change. */
export interface Touched {
  readonly deviceId: string;
  readonly alertId?: string;
  readonly commandId?: string;
}

/** The current views a record touches (undefined: none yet). */
export interface Current {
  readonly device?: DeviceView | undefined;
  readonly alert?: AlertView | undefined;
  readonly command?: CommandOutcome | undefined;
}

/** The views a record changed; absent ones are unchanged. */
export interface Changes {
  readonly device?: DeviceView;
  readonly alert?: AlertView;
  readonly command?: CommandOutcome;
  readonly window?: WindowView;
}

export function touchedBy({ record }: ProjectedRecord): Touched {
  if (record.name === 'WindowAggregate') return { deviceId: record.value.deviceId };
  const { deviceId, meta } = record.value;
  const alertId = 'alertId' in record.value ? record.value.alertId : undefined;
  return {
    deviceId,
    ...(alertId === undefined ? {} : { alertId }),
    ...(meta.commandId === null ? {} : { commandId: meta.commandId }),
  };
}

export function project(entry: ProjectedRecord, current: Current): Changes {
  const at: RecordPosition = { partition: entry.position.partition, offset: entry.position.offset };
  const { record } = entry;
  if (record.name === 'WindowAggregate') return { window: windowView(record.value, at) };
  const alert = alertAfter(current.alert, record, at);
  const device = deviceAfter(current.device, record, at, current.alert?.state === 'open');
  const command = commandAfter(current.command, record, at);
  return {
    ...(device === undefined ? {} : { device }),
    ...(alert === undefined ? {} : { alert }),
    ...(command === undefined ? {} : { command }),
  };
}

export function windowView(value: WindowAggregate, position: RecordPosition): WindowView {
  const { deviceId, sensor, windowStart, windowEnd, count, min, max, sum, mean, lastEventTime } =
    value;
  return {
    deviceId,
    sensor,
    windowStart,
    windowEnd,
    count,
    min,
    max,
    sum,
    mean,
    lastEventTime,
    position,
  };
}

/**
 * The device after one of its events. Undefined: unchanged (an event of a device that was
 * never registered has no view to change; its command outcome is still recorded).
 */
function deviceAfter(
  device: DeviceView | undefined,
  event: DeviceEventsRecord,
  position: RecordPosition,
  alertWasOpen: boolean,
): DeviceView | undefined {
  const { meta } = event.value;
  if (event.name === 'DeviceRegistered') {
    const { deviceId, name, sensors } = event.value;
    return {
      deviceId,
      name,
      status: 'ACTIVE',
      sensors: [...sensors],
      thresholds: {},
      version: meta.version,
      openAlerts: device?.openAlerts ?? 0,
      registeredAt: meta.occurredAt,
      decommissioned: null,
      lastEventAt: meta.occurredAt,
      position,
    };
  }
  if (device === undefined) return undefined;
  const next: DeviceView = {
    ...device,
    version: meta.version,
    lastEventAt: meta.occurredAt,
    position,
  };
  switch (event.name) {
    case 'ThresholdConfigured': {
      const { sensor, max, hysteresis } = event.value;
      return { ...next, thresholds: { ...device.thresholds, [sensor]: { max, hysteresis } } };
    }
    case 'DeviceDecommissioned':
      return {
        ...next,
        status: 'DECOMMISSIONED',
        decommissioned: { at: meta.occurredAt, reason: event.value.reason },
      };
    case 'AlertRaised':
      return { ...next, openAlerts: device.openAlerts + (alertWasOpen ? 0 : 1) };
    case 'AlertCleared':
      return { ...next, openAlerts: device.openAlerts - (alertWasOpen ? 1 : 0) };
    case 'AlertAcknowledged':
    case 'CommandRejected':
      // A rejection carries the unchanged version; the device's position still moves to it.
      return next;
  }
}

function alertAfter(
  alert: AlertView | undefined,
  event: DeviceEventsRecord,
  position: RecordPosition,
): AlertView | undefined {
  const { meta } = event.value;
  switch (event.name) {
    case 'AlertRaised': {
      const { alertId, deviceId, sensor, windowStart, windowEnd, value, threshold } = event.value;
      return {
        alertId,
        deviceId,
        sensor,
        state: 'open',
        raised: {
          windowStart,
          windowEnd,
          value,
          threshold,
          at: meta.occurredAt,
          version: meta.version,
        },
        cleared: null,
        acknowledged: null,
        position,
      };
    }
    case 'AlertCleared': {
      if (alert === undefined) return undefined;
      const { windowEnd, value } = event.value;
      return {
        ...alert,
        state: 'cleared',
        cleared: { windowEnd, value, at: meta.occurredAt, version: meta.version },
        position,
      };
    }
    case 'AlertAcknowledged':
      if (alert === undefined) return undefined;
      return {
        ...alert,
        acknowledged: {
          by: event.value.acknowledgedBy,
          at: meta.occurredAt,
          version: meta.version,
        },
        position,
      };
    default:
      return undefined;
  }
}

/** The command each accepted event answers, when the command's name is not on the event. */
const commandOfEvent: Readonly<Record<DeviceEventsRecord['name'], string>> = {
  DeviceRegistered: 'RegisterDevice',
  ThresholdConfigured: 'ConfigureThreshold',
  DeviceDecommissioned: 'DecommissionDevice',
  AlertAcknowledged: 'AcknowledgeAlert',
  // Window closings raise and clear alerts with no command; a command that did is named by
  // its first event.
  AlertRaised: 'unknown',
  AlertCleared: 'unknown',
  CommandRejected: 'unknown',
};

function commandAfter(
  outcome: CommandOutcome | undefined,
  event: DeviceEventsRecord,
  position: RecordPosition,
): CommandOutcome | undefined {
  const { deviceId, meta } = event.value;
  if (meta.commandId === null) return undefined;
  const common = {
    commandId: meta.commandId,
    deviceId,
    version: meta.version,
    at: meta.occurredAt,
    position,
  };
  if (event.name === 'CommandRejected') {
    const { commandName, reason, message, expectedVersion, actualVersion } = event.value;
    return {
      ...common,
      outcome: 'rejected',
      command: commandName,
      reason,
      message,
      expectedVersion,
      actualVersion,
    };
  }
  const earlier = outcome?.outcome === 'accepted' ? outcome : undefined;
  return {
    ...common,
    outcome: 'accepted',
    command: earlier?.command ?? commandOfEvent[event.name],
    events: [...(earlier?.events ?? []), event.name],
  };
}

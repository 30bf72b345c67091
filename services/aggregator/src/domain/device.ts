import type { Aggregate, Conflict, EventDraft } from '@streamfold/eventsourcing';
import type {
  AcknowledgeAlert,
  ConfigureThreshold,
  DecommissionDevice,
  DeviceCommandsRecord,
  DeviceEventsRecord,
  DeviceStateV2,
  RegisterDevice,
  RejectionReasonV1,
} from '@streamfold/schemas';

/** A device as the aggregate knows it: exactly the snapshot's DeviceState record. */
export type Device = DeviceStateV2;

type Draft = EventDraft<DeviceEventsRecord>;

export const initialDevice = (): Device => ({
  status: 'UNREGISTERED',
  name: null,
  sensors: [],
  thresholds: [],
  openAlerts: [],
});

const rejected = (
  command: DeviceCommandsRecord,
  reason: RejectionReasonV1,
  message: string,
  actualVersion = 0,
): Draft => ({
  name: 'CommandRejected',
  value: {
    deviceId: command.value.deviceId,
    commandName: command.name,
    reason,
    message,
    expectedVersion: command.value.meta.expectedVersion,
    actualVersion,
  },
});

/** Why a command cannot touch the device in its lifecycle state, if it cannot. */
function lifecycleRefusal(command: DeviceCommandsRecord, device: Device): Draft | undefined {
  const { deviceId } = command.value;
  if (device.status === 'UNREGISTERED') {
    return rejected(command, 'NOT_REGISTERED', `device ${deviceId} is not registered`);
  }
  if (device.status === 'DECOMMISSIONED') {
    return rejected(command, 'DECOMMISSIONED', `device ${deviceId} is decommissioned`);
  }
  return undefined;
}

function register(command: RegisterDevice, record: DeviceCommandsRecord, device: Device): Draft[] {
  const { deviceId, name, sensors } = command;
  if (device.status === 'ACTIVE') {
    return [rejected(record, 'ALREADY_REGISTERED', `device ${deviceId} is already registered`)];
  }
  if (device.status === 'DECOMMISSIONED') {
    return [rejected(record, 'DECOMMISSIONED', `device ${deviceId} is decommissioned`)];
  }
  if (name.trim() === '') return [rejected(record, 'INVALID', 'name must not be empty')];
  if (sensors.length === 0) return [rejected(record, 'INVALID', 'sensors must name at least one')];
  const repeated = sensors.find((sensor, i) => sensors.indexOf(sensor) !== i);
  if (repeated !== undefined) {
    return [rejected(record, 'INVALID', `sensor ${repeated} is named twice`)];
  }
  return [{ name: 'DeviceRegistered', value: { deviceId, name, sensors } }];
}

function configure(
  command: ConfigureThreshold,
  record: DeviceCommandsRecord,
  device: Device,
): Draft[] {
  const { deviceId, sensor, max, hysteresis } = command;
  if (!device.sensors.includes(sensor)) {
    const known = device.sensors.join(', ');
    return [
      rejected(
        record,
        'UNKNOWN_SENSOR',
        `device ${deviceId} has no sensor ${sensor} (it has ${known})`,
      ),
    ];
  }
  if (!Number.isFinite(max)) return [rejected(record, 'INVALID', 'max must be a finite number')];
  if (!Number.isFinite(hysteresis) || hysteresis < 0) {
    return [rejected(record, 'INVALID', 'hysteresis must be a finite number of at least 0')];
  }
  return [{ name: 'ThresholdConfigured', value: { deviceId, sensor, max, hysteresis } }];
}

function decommission(command: DecommissionDevice): Draft[] {
  return [
    { name: 'DeviceDecommissioned', value: { deviceId: command.deviceId, reason: command.reason } },
  ];
}

function acknowledge(
  command: AcknowledgeAlert,
  record: DeviceCommandsRecord,
  device: Device,
): Draft[] {
  const { deviceId, alertId, acknowledgedBy } = command;
  const alert = device.openAlerts.find((open) => open.alertId === alertId);
  if (alert === undefined) {
    return [rejected(record, 'UNKNOWN_ALERT', `device ${deviceId} has no open alert ${alertId}`)];
  }
  if (alert.acknowledged) {
    return [rejected(record, 'OTHER', `alert ${alertId} is already acknowledged`)];
  }
  return [{ name: 'AlertAcknowledged', value: { deviceId, alertId, acknowledgedBy } }];
}

function decide(command: DeviceCommandsRecord, device: Device): readonly Draft[] {
  if (command.name === 'RegisterDevice') return register(command.value, command, device);
  const refusal = lifecycleRefusal(command, device);
  if (refusal !== undefined) return [refusal];
  switch (command.name) {
    case 'ConfigureThreshold':
      return configure(command.value, command, device);
    case 'DecommissionDevice':
      return decommission(command.value);
    case 'AcknowledgeAlert':
      return acknowledge(command.value, command, device);
  }
}

function evolve(device: Device, event: DeviceEventsRecord): Device {
  switch (event.name) {
    case 'DeviceRegistered':
      return { ...device, status: 'ACTIVE', name: event.value.name, sensors: event.value.sensors };
    case 'ThresholdConfigured': {
      const { sensor, max, hysteresis } = event.value;
      const others = device.thresholds.filter((threshold) => threshold.sensor !== sensor);
      return { ...device, thresholds: [...others, { sensor, max, hysteresis }] };
    }
    case 'DeviceDecommissioned':
      return { ...device, status: 'DECOMMISSIONED' };
    case 'AlertRaised': {
      const { alertId, sensor, windowEnd } = event.value;
      const alert = { alertId, sensor, raisedAt: windowEnd, acknowledged: false };
      return { ...device, openAlerts: [...device.openAlerts, alert] };
    }
    case 'AlertCleared':
      return {
        ...device,
        openAlerts: device.openAlerts.filter((alert) => alert.alertId !== event.value.alertId),
      };
    case 'AlertAcknowledged':
      return {
        ...device,
        openAlerts: device.openAlerts.map((alert) =>
          alert.alertId === event.value.alertId ? { ...alert, acknowledged: true } : alert,
        ),
      };
    case 'CommandRejected':
      return device;
  }
}

function versionConflict(conflict: Conflict<DeviceCommandsRecord>): Draft {
  const { command, expectedVersion, actualVersion } = conflict;
  const message = `expected version ${expectedVersion} but device ${command.value.deviceId} is at version ${actualVersion}`;
  return rejected(command, 'VERSION_CONFLICT', message, actualVersion);
}

/**
 * The device aggregate: registration, thresholds, decommissioning and alert acknowledgement.
 * Alerts are raised and cleared by closed windows (see alerts.ts), not by commands; they are
 * events of the same entity, so they take versions like any other.
 */
export const deviceAggregate: Aggregate<DeviceCommandsRecord, DeviceEventsRecord, Device> = {
  decider: { decide, evolve, initialState: initialDevice },
  rejections: ['CommandRejected'],
  versionConflict,
};

import { specification, type EventDraft } from '@streamfold/eventsourcing';
import type { DeviceCommandsRecord, DeviceEventsRecord } from '@streamfold/schemas';
import { describe, expect, test } from 'vitest';
import { deviceAggregate } from './device.js';

const deviceId = 'boiler-7';
const { given } = specification(deviceAggregate);

let issued = 0;
const meta = (expectedVersion: number | null = null) => ({
  commandId: `c-${++issued}`,
  expectedVersion,
  issuedAt: 1_790_000_000_000,
});
const register = (sensors = ['temperature', 'pressure']): DeviceCommandsRecord => ({
  name: 'RegisterDevice',
  value: { deviceId, meta: meta(), name: 'Boiler 7', sensors },
});
const configure = (sensor: string, max: number, hysteresis = 0, expected: number | null = null) =>
  ({
    name: 'ConfigureThreshold',
    value: { deviceId, meta: meta(expected), sensor, max, hysteresis },
  }) satisfies DeviceCommandsRecord;
const decommission = (): DeviceCommandsRecord => ({
  name: 'DecommissionDevice',
  value: { deviceId, meta: meta(), reason: 'replaced' },
});
const acknowledge = (alertId: string): DeviceCommandsRecord => ({
  name: 'AcknowledgeAlert',
  value: { deviceId, meta: meta(), alertId, acknowledgedBy: 'ops' },
});

const registered: EventDraft<DeviceEventsRecord> = {
  name: 'DeviceRegistered',
  value: { deviceId, name: 'Boiler 7', sensors: ['temperature', 'pressure'] },
};
const raised = {
  name: 'AlertRaised',
  value: {
    deviceId,
    alertId: 'boiler-7/temperature/0',
    sensor: 'temperature',
    windowStart: 0,
    windowEnd: 60_000,
    value: 91,
    threshold: 90,
  },
} as const;
const rejection = (
  commandName: string,
  reason:
    | 'NOT_REGISTERED'
    | 'ALREADY_REGISTERED'
    | 'DECOMMISSIONED'
    | 'UNKNOWN_SENSOR'
    | 'UNKNOWN_ALERT'
    | 'INVALID'
    | 'OTHER'
    | 'VERSION_CONFLICT',
  message: string,
  expectedVersion: number | null = null,
  actualVersion = 0,
) =>
  ({
    name: 'CommandRejected',
    value: { deviceId, commandName, reason, message, expectedVersion, actualVersion },
  }) as const;

describe('the device aggregate', () => {
  test('registers a device once', () => {
    given([]).when(register()).then([registered]);
    given([registered])
      .when(register())
      .then([
        rejection('RegisterDevice', 'ALREADY_REGISTERED', 'device boiler-7 is already registered'),
      ]);
  });

  test('refuses a registration without sensors, with a repeated sensor or an empty name', () => {
    given([])
      .when(register([]))
      .then([rejection('RegisterDevice', 'INVALID', 'sensors must name at least one')]);
    given([])
      .when(register(['a', 'b', 'a']))
      .then([rejection('RegisterDevice', 'INVALID', 'sensor a is named twice')]);
  });

  test('configures a threshold of a sensor it has, and only then', () => {
    given([registered])
      .when(configure('temperature', 90, 5))
      .then([
        {
          name: 'ThresholdConfigured',
          value: { deviceId, sensor: 'temperature', max: 90, hysteresis: 5 },
        },
      ]);
    given([registered])
      .when(configure('humidity', 90))
      .then([
        rejection(
          'ConfigureThreshold',
          'UNKNOWN_SENSOR',
          'device boiler-7 has no sensor humidity (it has temperature, pressure)',
        ),
      ]);
    given([registered])
      .when(configure('temperature', 90, -1))
      .then([
        rejection(
          'ConfigureThreshold',
          'INVALID',
          'hysteresis must be a finite number of at least 0',
        ),
      ]);
    given([])
      .when(configure('temperature', 90))
      .then([
        rejection('ConfigureThreshold', 'NOT_REGISTERED', 'device boiler-7 is not registered'),
      ]);
  });

  test('rejects a stale expectedVersion naming both versions', () => {
    given([registered])
      .when(configure('temperature', 90, 0, 0))
      .then([
        rejection(
          'ConfigureThreshold',
          'VERSION_CONFLICT',
          'expected version 0 but device boiler-7 is at version 1',
          0,
          1,
        ),
      ]);
  });

  test('a decommissioned device takes no more commands', () => {
    const decommissioned = {
      name: 'DeviceDecommissioned',
      value: { deviceId, reason: 'replaced' },
    } as const;
    given([])
      .when(decommission())
      .then([
        rejection('DecommissionDevice', 'NOT_REGISTERED', 'device boiler-7 is not registered'),
      ]);
    given([registered]).when(decommission()).then([decommissioned]);
    given([registered, decommissioned])
      .when(configure('temperature', 1))
      .then([
        rejection('ConfigureThreshold', 'DECOMMISSIONED', 'device boiler-7 is decommissioned'),
      ]);
    given([registered, decommissioned])
      .when(register())
      .then([rejection('RegisterDevice', 'DECOMMISSIONED', 'device boiler-7 is decommissioned')]);
  });

  test('acknowledges an open alert once', () => {
    const acknowledged = {
      name: 'AlertAcknowledged',
      value: { deviceId, alertId: 'boiler-7/temperature/0', acknowledgedBy: 'ops' },
    } as const;
    const { entity } = given([registered, raised])
      .when(acknowledge('boiler-7/temperature/0'))
      .then([acknowledged]);
    expect(entity.state.openAlerts).toEqual([
      {
        alertId: 'boiler-7/temperature/0',
        sensor: 'temperature',
        raisedAt: 60_000,
        acknowledged: true,
      },
    ]);
    given([registered, raised, acknowledged])
      .when(acknowledge('boiler-7/temperature/0'))
      .then([
        rejection(
          'AcknowledgeAlert',
          'OTHER',
          'alert boiler-7/temperature/0 is already acknowledged',
        ),
      ]);
    given([registered])
      .when(acknowledge('nope'))
      .then([
        rejection('AcknowledgeAlert', 'UNKNOWN_ALERT', 'device boiler-7 has no open alert nope'),
      ]);
  });

  test('a repeated commandId is answered, not applied again', () => {
    const command = register();
    const first = given([]).when(command).then([registered]);
    expect(first.entity.version).toBe(1);
    given([
      {
        name: 'DeviceRegistered',
        value: {
          deviceId,
          name: 'Boiler 7',
          sensors: ['temperature', 'pressure'],
          meta: { version: 1, commandId: command.value.meta.commandId, occurredAt: 0 },
        },
      },
    ])
      .when(command)
      .thenDuplicate(true);
  });
});

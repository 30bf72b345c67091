import type { DeviceEventsRecord, TelemetryAggregatesRecord } from '@streamfold/schemas';
import { describe, expect, it } from 'vitest';
import {
  alertAcknowledged,
  alertCleared,
  alertIdOf,
  alertRaised,
  decommissioned,
  minute,
  registered,
  rejected,
  t0,
  thresholdConfigured,
  windowOf,
} from '../records.fixture.test.js';
import { project, touchedBy, type Current } from './project.js';
import type { AlertView, CommandOutcome, DeviceView, ProjectedRecord } from './read-models.js';

/** Folds events of one partition (offsets 0, 1, 2, ...) into the views `project` keeps. */
function fold(records: readonly (DeviceEventsRecord | TelemetryAggregatesRecord)[]) {
  const devices = new Map<string, DeviceView>();
  const alerts = new Map<string, AlertView>();
  const commands = new Map<string, CommandOutcome>();
  records.forEach((record, offset) => {
    const entry: ProjectedRecord = {
      position: { topic: 'device.events', partition: 0, offset: String(offset) },
      record,
    };
    const touched = touchedBy(entry);
    const current: Current = {
      device: devices.get(touched.deviceId),
      alert: touched.alertId === undefined ? undefined : alerts.get(touched.alertId),
      command: touched.commandId === undefined ? undefined : commands.get(touched.commandId),
    };
    const changes = project(entry, current);
    if (changes.device) devices.set(changes.device.deviceId, changes.device);
    if (changes.alert) alerts.set(changes.alert.alertId, changes.alert);
    if (changes.command) commands.set(changes.command.commandId, changes.command);
  });
  return { devices, alerts, commands };
}

describe('the device read model', () => {
  it('is ACTIVE once registered, with its name, sensors, version and the position of its event', () => {
    const { devices } = fold([registered('d1', { name: 'Boiler', sensors: ['temperature'] })]);
    expect(devices.get('d1')).toEqual({
      deviceId: 'd1',
      name: 'Boiler',
      status: 'ACTIVE',
      sensors: ['temperature'],
      thresholds: {},
      version: 1,
      openAlerts: 0,
      registeredAt: t0,
      decommissioned: null,
      lastEventAt: t0,
      position: { partition: 0, offset: '0' },
    });
  });

  it('keeps the thresholds per sensor, the latest winning', () => {
    const { devices } = fold([
      registered('d1'),
      thresholdConfigured('d1', 2, { sensor: 'temperature', max: 30, hysteresis: 2 }),
      thresholdConfigured('d1', 3, { sensor: 'humidity', max: 80, hysteresis: 5 }),
      thresholdConfigured('d1', 4, { sensor: 'temperature', max: 25, hysteresis: 1 }),
    ]);
    expect(devices.get('d1')).toMatchObject({
      thresholds: { temperature: { max: 25, hysteresis: 1 }, humidity: { max: 80, hysteresis: 5 } },
      version: 4,
      position: { partition: 0, offset: '3' },
    });
  });

  it('is DECOMMISSIONED with when and why after its decommission', () => {
    const { devices } = fold([
      registered('d1'),
      decommissioned('d1', 2, { reason: 'broken', at: t0 + 9 }),
    ]);
    expect(devices.get('d1')).toMatchObject({
      status: 'DECOMMISSIONED',
      decommissioned: { at: t0 + 9, reason: 'broken' },
      version: 2,
    });
  });

  it('counts open alerts: raised ones up, cleared ones down, acknowledged ones still open', () => {
    const { devices } = fold([
      registered('d1'),
      alertRaised('d1', 2, { sensor: 'temperature', windowStart: t0 }),
      alertRaised('d1', 3, { sensor: 'humidity', windowStart: t0 }),
      alertAcknowledged('d1', 4, { alertId: alertIdOf('d1', 'humidity', t0) }),
      alertCleared('d1', 5, { sensor: 'temperature', raisedAt: t0, windowEnd: t0 + 3 * minute }),
    ]);
    expect(devices.get('d1')).toMatchObject({ openAlerts: 1, version: 5 });
  });

  it('a rejection keeps the version and moves the position to the rejection', () => {
    const { devices } = fold([registered('d1'), rejected('d1', 1, { commandId: 'c-stale' })]);
    expect(devices.get('d1')).toMatchObject({
      version: 1,
      position: { partition: 0, offset: '1' },
    });
  });

  it('an event of a device never registered changes no device view', () => {
    const { devices } = fold([thresholdConfigured('ghost', 2)]);
    expect(devices.size).toBe(0);
  });
});

describe('the alert read model', () => {
  const alertId = alertIdOf('d1', 'temperature', t0);

  it('is open with the raising window, its mean and the threshold', () => {
    const { alerts } = fold([
      registered('d1'),
      alertRaised('d1', 2, { value: 36.5, threshold: 30 }),
    ]);
    expect(alerts.get(alertId)).toEqual({
      alertId,
      deviceId: 'd1',
      sensor: 'temperature',
      state: 'open',
      raised: {
        windowStart: t0,
        windowEnd: t0 + minute,
        value: 36.5,
        threshold: 30,
        at: t0 + minute,
        version: 2,
      },
      cleared: null,
      acknowledged: null,
      position: { partition: 0, offset: '1' },
    });
  });

  it('is acknowledged by whom and when, and cleared by the window that brought it back', () => {
    const { alerts } = fold([
      registered('d1'),
      alertRaised('d1', 2),
      alertAcknowledged('d1', 3, { alertId, by: 'ana', at: t0 + 2 * minute }),
      alertCleared('d1', 4, { windowEnd: t0 + 4 * minute, value: 21 }),
    ]);
    expect(alerts.get(alertId)).toMatchObject({
      state: 'cleared',
      acknowledged: { by: 'ana', at: t0 + 2 * minute, version: 3 },
      cleared: { windowEnd: t0 + 4 * minute, value: 21, at: t0 + 4 * minute, version: 4 },
      position: { partition: 0, offset: '3' },
    });
  });

  it('a clear of an alert never raised creates none', () => {
    const { alerts } = fold([registered('d1'), alertCleared('d1', 2, { windowEnd: t0 })]);
    expect(alerts.size).toBe(0);
  });
});

describe('the command outcomes', () => {
  it('an accepted command has the events it caused and the version they left', () => {
    const { commands } = fold([
      registered('d1', { commandId: 'c1' }),
      thresholdConfigured('d1', 2, { commandId: 'c2' }),
    ]);
    expect(commands.get('c1')).toEqual({
      commandId: 'c1',
      deviceId: 'd1',
      outcome: 'accepted',
      command: 'RegisterDevice',
      events: ['DeviceRegistered'],
      version: 1,
      at: t0,
      position: { partition: 0, offset: '0' },
    });
    expect(commands.get('c2')).toMatchObject({
      command: 'ConfigureThreshold',
      events: ['ThresholdConfigured'],
      version: 2,
    });
  });

  it('a rejected command has the reason, the message and both versions', () => {
    const { commands } = fold([
      registered('d1'),
      rejected('d1', 1, {
        commandId: 'c-stale',
        commandName: 'DecommissionDevice',
        reason: 'VERSION_CONFLICT',
        message: 'expected version 7, the device is at 1',
        expectedVersion: 7,
      }),
    ]);
    expect(commands.get('c-stale')).toEqual({
      commandId: 'c-stale',
      deviceId: 'd1',
      outcome: 'rejected',
      command: 'DecommissionDevice',
      reason: 'VERSION_CONFLICT',
      message: 'expected version 7, the device is at 1',
      expectedVersion: 7,
      actualVersion: 1,
      version: 1,
      at: t0 + 3_000,
      position: { partition: 0, offset: '1' },
    });
  });

  it('a rejection of a device that does not exist is still an outcome', () => {
    const { commands, devices } = fold([
      rejected('nobody', 0, { commandId: 'c9', reason: 'NOT_REGISTERED', expectedVersion: null }),
    ]);
    expect(devices.size).toBe(0);
    expect(commands.get('c9')).toMatchObject({ outcome: 'rejected', reason: 'NOT_REGISTERED' });
  });

  it('events a window caused answer no command', () => {
    const { commands } = fold([registered('d1', { commandId: 'c1' }), alertRaised('d1', 2)]);
    expect([...commands.keys()]).toEqual(['c1']);
  });
});

describe('the window read model', () => {
  it('is the aggregate as emitted, with where it was read', () => {
    const entry: ProjectedRecord = {
      position: { topic: 'telemetry.aggregates', partition: 2, offset: '41' },
      record: windowOf('d1', 'temperature', t0, [20, 22, 27]),
    };
    expect(touchedBy(entry)).toEqual({ deviceId: 'd1' });
    expect(project(entry, {})).toEqual({
      window: {
        deviceId: 'd1',
        sensor: 'temperature',
        windowStart: t0,
        windowEnd: t0 + minute,
        count: 3,
        min: 20,
        max: 27,
        sum: 69,
        mean: 23,
        lastEventTime: t0 + minute - 1_000,
        position: { partition: 2, offset: '41' },
      },
    });
  });
});

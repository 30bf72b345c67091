/**
 * Records as the aggregator writes them, for the tests: device events with versions, and
 * window aggregates. Pure; the Kafka tests encode and produce them.
 */
import type {
  DeviceEventsRecord,
  RejectionReasonV1,
  TelemetryAggregatesRecord,
} from '@streamfold/schemas';

export const minute = 60_000;
/** 2025-01-01T00:00:00Z: the tests' windows start here. */
export const t0 = Date.UTC(2025, 0, 1);

const meta = (version: number, commandId: string | null, occurredAt: number) => ({
  version,
  commandId,
  occurredAt,
});

export const registered = (
  deviceId: string,
  options: { version?: number; name?: string; sensors?: string[]; commandId?: string | null } = {},
): DeviceEventsRecord => ({
  name: 'DeviceRegistered',
  value: {
    deviceId,
    meta: meta(options.version ?? 1, options.commandId ?? `register-${deviceId}`, t0),
    name: options.name ?? `Device ${deviceId}`,
    sensors: options.sensors ?? ['temperature', 'humidity'],
  },
});

export const thresholdConfigured = (
  deviceId: string,
  version: number,
  options: { sensor?: string; max?: number; hysteresis?: number; commandId?: string } = {},
): DeviceEventsRecord => ({
  name: 'ThresholdConfigured',
  value: {
    deviceId,
    meta: meta(version, options.commandId ?? `threshold-${deviceId}-${version}`, t0 + 1_000),
    sensor: options.sensor ?? 'temperature',
    max: options.max ?? 30,
    hysteresis: options.hysteresis ?? 2,
  },
});

export const decommissioned = (
  deviceId: string,
  version: number,
  options: { reason?: string | null; commandId?: string; at?: number } = {},
): DeviceEventsRecord => ({
  name: 'DeviceDecommissioned',
  value: {
    deviceId,
    meta: meta(version, options.commandId ?? `decommission-${deviceId}`, options.at ?? t0 + 2_000),
    reason: options.reason === undefined ? 'retired' : options.reason,
  },
});

export const alertIdOf = (deviceId: string, sensor: string, windowStart: number): string =>
  `${deviceId}/${sensor}/${windowStart}`;

/** A window closing raised it: no command, occurredAt = windowEnd. */
export const alertRaised = (
  deviceId: string,
  version: number,
  options: { sensor?: string; windowStart?: number; value?: number; threshold?: number } = {},
): DeviceEventsRecord => {
  const sensor = options.sensor ?? 'temperature';
  const windowStart = options.windowStart ?? t0;
  return {
    name: 'AlertRaised',
    value: {
      deviceId,
      meta: meta(version, null, windowStart + minute),
      alertId: alertIdOf(deviceId, sensor, windowStart),
      sensor,
      windowStart,
      windowEnd: windowStart + minute,
      value: options.value ?? 35,
      threshold: options.threshold ?? 30,
    },
  };
};

export const alertCleared = (
  deviceId: string,
  version: number,
  options: { sensor?: string; raisedAt?: number; windowEnd: number; value?: number },
): DeviceEventsRecord => {
  const sensor = options.sensor ?? 'temperature';
  return {
    name: 'AlertCleared',
    value: {
      deviceId,
      meta: meta(version, null, options.windowEnd),
      alertId: alertIdOf(deviceId, sensor, options.raisedAt ?? t0),
      sensor,
      windowEnd: options.windowEnd,
      value: options.value ?? 20,
    },
  };
};

export const alertAcknowledged = (
  deviceId: string,
  version: number,
  options: { alertId: string; by?: string; commandId?: string; at?: number },
): DeviceEventsRecord => ({
  name: 'AlertAcknowledged',
  value: {
    deviceId,
    meta: meta(
      version,
      options.commandId ?? `ack-${deviceId}-${version}`,
      options.at ?? t0 + 5 * minute,
    ),
    alertId: options.alertId,
    acknowledgedBy: options.by ?? 'operator',
  },
});

export const rejected = (
  deviceId: string,
  version: number,
  options: {
    commandId: string;
    commandName?: string;
    reason?: RejectionReasonV1;
    message?: string;
    expectedVersion?: number | null;
  },
): DeviceEventsRecord => ({
  name: 'CommandRejected',
  value: {
    deviceId,
    meta: meta(version, options.commandId, t0 + 3_000),
    commandName: options.commandName ?? 'ConfigureThreshold',
    reason: options.reason ?? 'VERSION_CONFLICT',
    message: options.message ?? `expected version ${options.expectedVersion ?? 1}, is ${version}`,
    expectedVersion: options.expectedVersion === undefined ? 1 : options.expectedVersion,
    actualVersion: version,
  },
});

/** A closed one-minute window whose readings were `values`. */
export const windowOf = (
  deviceId: string,
  sensor: string,
  windowStart: number,
  values: readonly number[],
): TelemetryAggregatesRecord => {
  const sum = values.reduce((a, b) => a + b, 0);
  return {
    name: 'WindowAggregate',
    value: {
      deviceId,
      sensor,
      windowStart,
      windowEnd: windowStart + minute,
      count: values.length,
      min: Math.min(...values),
      max: Math.max(...values),
      sum,
      mean: sum / values.length,
      lastEventTime: windowStart + minute - 1_000,
    },
  };
};

/** Two devices: d1 with a threshold, an open alert and a rejected command; d2 decommissioned. */
export const story = {
  events: [
    registered('d1', { name: 'Boiler', sensors: ['temperature', 'humidity'], commandId: 'c1' }),
    registered('d2', { name: 'Fridge', sensors: ['temperature'], commandId: 'c2' }),
    thresholdConfigured('d1', 2, {
      sensor: 'temperature',
      max: 30,
      hysteresis: 2,
      commandId: 'c3',
    }),
    alertRaised('d1', 3, { sensor: 'temperature', windowStart: t0, value: 35, threshold: 30 }),
    rejected('d1', 3, { commandId: 'c4', expectedVersion: 1, message: 'expected 1, is 3' }),
    decommissioned('d2', 2, { commandId: 'c5', reason: 'replaced' }),
  ],
  aggregates: [
    windowOf('d1', 'temperature', t0, [31, 39]),
    windowOf('d1', 'humidity', t0, [50, 54]),
    windowOf('d1', 'temperature', t0 + minute, [20, 22]),
    windowOf('d2', 'temperature', t0, [4]),
  ],
};

import {
  applyEvent,
  handleCommand,
  initialEntity,
  type Entity,
  type Outcome,
} from '@streamfold/eventsourcing';
import type {
  DeviceCommandsRecord,
  DeviceEventsRecord,
  SensorReading,
  WindowAggregate,
} from '@streamfold/schemas';
import { alertFor } from './alerts.js';
import { deviceAggregate, type Device } from './device.js';
import {
  addReading,
  closeWindows,
  watermarkOf,
  windowAggregate,
  windowStartOf,
  type OpenWindow,
  type WindowSettings,
} from './windows.js';

/**
 * Everything the aggregator keeps for one device: the entity (state, version, remembered
 * commands), its open windows and the newest event time it has seen. All of it is in the
 * device's snapshot, so a restart resumes exactly where the last commit left it.
 */
export interface DeviceProcess {
  readonly entity: Entity<Device>;
  readonly windows: readonly OpenWindow[];
  readonly maxEventTime: number | null;
}

export const initialProcess = (): DeviceProcess => ({
  entity: initialEntity(deviceAggregate),
  windows: [],
  maxEventTime: null,
});

/** Why a reading does not count. Each is a dead-letter reason. */
export type ReadingRefusal =
  'unknown-device' | 'decommissioned' | 'unknown-sensor' | 'late' | 'future' | 'invalid';

/**
 * When a reading arrived (its record's time) and how far ahead of that its event time may be.
 * A clock far ahead (or a time in the wrong unit) would otherwise move the device's watermark
 * so far that every later reading is late, for good.
 */
export interface Arrival {
  readonly at: number;
  readonly maxAheadMs: number;
}

export type ReadingStep =
  | { readonly kind: 'refused'; readonly reason: ReadingRefusal; readonly message: string }
  | {
      readonly kind: 'counted';
      readonly process: DeviceProcess;
      /** One per window this reading's event time closed, in window order. */
      readonly aggregates: readonly WindowAggregate[];
      /** Alerts raised or cleared by those windows. */
      readonly events: readonly DeviceEventsRecord[];
    };

/**
 * A command for the device. A rejection's `actualVersion` is filled in here because only the
 * kernel knows the version: the decider sees the state alone.
 */
export function onCommand(
  process: DeviceProcess,
  command: DeviceCommandsRecord,
): { process: DeviceProcess; outcome: Outcome<DeviceEventsRecord> } {
  const handled = handleCommand(deviceAggregate, process.entity, command);
  const { outcome } = handled;
  const withVersions: Outcome<DeviceEventsRecord> =
    outcome.kind === 'duplicate'
      ? outcome
      : { ...outcome, events: outcome.events.map(withActualVersion) };
  return { process: { ...process, entity: handled.entity }, outcome: withVersions };
}

const withActualVersion = (event: DeviceEventsRecord): DeviceEventsRecord =>
  event.name === 'CommandRejected'
    ? { name: event.name, value: { ...event.value, actualVersion: event.value.meta.version } }
    : event;

function refusal(
  process: DeviceProcess,
  reading: SensorReading,
  settings: WindowSettings,
  arrival: Arrival | undefined,
) {
  const { deviceId, sensor, eventTime } = reading;
  const { status, sensors } = process.entity.state;
  if (status === 'UNREGISTERED') {
    return { reason: 'unknown-device', message: `device ${deviceId} is not registered` } as const;
  }
  if (status === 'DECOMMISSIONED') {
    return { reason: 'decommissioned', message: `device ${deviceId} is decommissioned` } as const;
  }
  if (!sensors.includes(sensor)) {
    const message = `device ${deviceId} has no sensor ${sensor} (it has ${sensors.join(', ')})`;
    return { reason: 'unknown-sensor', message } as const;
  }
  if (!Number.isFinite(reading.value)) {
    return { reason: 'invalid', message: `value ${reading.value} is not a finite number` } as const;
  }
  if (arrival !== undefined && eventTime > arrival.at + arrival.maxAheadMs) {
    const message = `event time ${new Date(eventTime).toISOString()} is more than ${arrival.maxAheadMs} ms after the reading arrived (${new Date(arrival.at).toISOString()})`;
    return { reason: 'future', message } as const;
  }
  const watermark = watermarkOf(process.maxEventTime, settings);
  const windowEnd = windowStartOf(eventTime, settings.sizeMs) + settings.sizeMs;
  if (windowEnd <= watermark) {
    const message = `event time ${new Date(eventTime).toISOString()} falls in a window that closed at ${new Date(windowEnd).toISOString()} (watermark ${new Date(watermark).toISOString()})`;
    return { reason: 'late', message } as const;
  }
  return undefined;
}

/**
 * A reading for the device: counted into its window, then every window the new watermark has
 * passed closes, emits its aggregate and is checked against its sensor's threshold. Alert
 * events take the device's next versions and the window's end as their time.
 */
export function onReading(
  process: DeviceProcess,
  reading: SensorReading,
  settings: WindowSettings,
  arrival?: Arrival,
): ReadingStep {
  const refused = refusal(process, reading, settings, arrival);
  if (refused !== undefined) return { kind: 'refused', ...refused };
  const maxEventTime = Math.max(process.maxEventTime ?? reading.eventTime, reading.eventTime);
  const counted = addReading(process.windows, reading, settings.sizeMs);
  const { closed, open } = closeWindows(counted, watermarkOf(maxEventTime, settings));
  let entity = process.entity;
  const aggregates: WindowAggregate[] = [];
  const events: DeviceEventsRecord[] = [];
  for (const window of closed) {
    const aggregate = windowAggregate(reading.deviceId, window);
    aggregates.push(aggregate);
    const draft = alertFor(entity.state, aggregate);
    if (draft === undefined) continue;
    const meta = { version: entity.version + 1, commandId: null, occurredAt: window.windowEnd };
    const event = { name: draft.name, value: { ...draft.value, meta } } as DeviceEventsRecord;
    events.push(event);
    entity = applyEvent(deviceAggregate, entity, event);
  }
  return { kind: 'counted', process: { entity, windows: open, maxEventTime }, aggregates, events };
}

/** A device event folded in, as a rebuild from device.events does: windows do not follow from events. */
export function replayEvent(
  process: DeviceProcess | undefined,
  event: DeviceEventsRecord,
): DeviceProcess {
  const from = process ?? initialProcess();
  return { ...from, entity: applyEvent(deviceAggregate, from.entity, event) };
}

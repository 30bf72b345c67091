import type { DeviceCommandsRecord, DeviceEventsRecord, SensorReading } from '@streamfold/schemas';
import { describe, expect, test } from 'vitest';
import {
  initialProcess,
  onCommand,
  onReading,
  replayEvent,
  type DeviceProcess,
  type ReadingStep,
} from './device-process.js';

const deviceId = 'boiler-7';
const settings = { sizeMs: 60_000, allowedLatenessMs: 10_000 };
const minute = 60_000;

let issued = 0;
const command = (
  name: DeviceCommandsRecord['name'],
  value: Record<string, unknown>,
  expectedVersion: number | null = null,
) =>
  ({
    name,
    value: {
      deviceId,
      meta: { commandId: `c-${++issued}`, expectedVersion, issuedAt: 1_000 },
      ...value,
    },
  }) as DeviceCommandsRecord;

function accepted(process: DeviceProcess, record: DeviceCommandsRecord): DeviceProcess {
  const step = onCommand(process, record);
  expect(step.outcome.kind).toBe('accepted');
  return step.process;
}

/** A device with a temperature threshold of 90, hysteresis 5. */
function boiler(): DeviceProcess {
  let process = accepted(
    initialProcess(),
    command('RegisterDevice', { name: 'Boiler', sensors: ['temperature', 'pressure'] }),
  );
  process = accepted(
    process,
    command('ConfigureThreshold', { sensor: 'temperature', max: 90, hysteresis: 5 }),
  );
  return process;
}

let seq = 0;
const reading = (eventTime: number, value: number, sensor = 'temperature'): SensorReading => ({
  deviceId,
  sensor,
  value,
  unit: 'celsius',
  eventTime,
  seq: ++seq,
  location: null,
  quality: 'GOOD',
});

function counted(step: ReadingStep) {
  if (step.kind !== 'counted') throw new Error(`refused: ${step.reason}: ${step.message}`);
  return step;
}

/** Feeds readings in order; returns the final process and everything emitted. */
function feed(process: DeviceProcess, readings: readonly SensorReading[]) {
  const aggregates: { windowStart: number; sensor: string; mean: number; count: number }[] = [];
  const events: DeviceEventsRecord[] = [];
  let current = process;
  for (const r of readings) {
    const step = counted(onReading(current, r, settings));
    current = step.process;
    aggregates.push(
      ...step.aggregates.map(({ windowStart, sensor, mean, count }) => ({
        windowStart,
        sensor,
        mean,
        count,
      })),
    );
    events.push(...step.events);
  }
  return { process: current, aggregates, events };
}

describe('readings into event-time windows', () => {
  test('a window closes once the watermark (newest event time - lateness) reaches its end', () => {
    let process = boiler();
    process = counted(onReading(process, reading(1_000, 10), settings)).process;
    process = counted(onReading(process, reading(30_000, 20), settings)).process;
    // 65 s: watermark 55 s, the first minute is still open.
    const before = counted(onReading(process, reading(65_000, 30), settings));
    expect(before.aggregates).toEqual([]);
    // 70 s: watermark 60 s = the window's end: it closes with what it had.
    const closing = counted(onReading(before.process, reading(70_000, 40), settings));
    expect(closing.aggregates).toEqual([
      {
        deviceId,
        sensor: 'temperature',
        windowStart: 0,
        windowEnd: minute,
        count: 2,
        min: 10,
        max: 20,
        sum: 30,
        mean: 15,
        lastEventTime: 30_000,
      },
    ]);
    expect(closing.process.windows.map((w) => [w.windowStart, w.count])).toEqual([[minute, 2]]);
    expect(closing.process.maxEventTime).toBe(70_000);
  });

  test('out-of-order readings within the lateness still count in their window', () => {
    const { aggregates } = feed(boiler(), [
      reading(50_000, 1),
      reading(65_000, 2),
      reading(59_000, 3), // before the watermark passed the end of [0, 60 s)
      reading(130_000, 4), // watermark 120 s: [60 s, 120 s) closes too
    ]);
    expect(aggregates).toEqual([
      { windowStart: 0, sensor: 'temperature', mean: 2, count: 2 },
      { windowStart: minute, sensor: 'temperature', mean: 2, count: 1 },
    ]);
  });

  test('a reading for a closed window is refused as late, and changes nothing', () => {
    const { process } = feed(boiler(), [reading(1_000, 1), reading(75_000, 2)]);
    const step = onReading(process, reading(59_999, 3), settings);
    expect(step).toEqual({
      kind: 'refused',
      reason: 'late',
      message:
        'event time 1970-01-01T00:00:59.999Z falls in a window that closed at 1970-01-01T00:01:00.000Z (watermark 1970-01-01T00:01:05.000Z)',
    });
  });

  test('one jump in event time closes every window it passes, in window then sensor order', () => {
    const { aggregates } = feed(boiler(), [
      reading(1_000, 1, 'temperature'),
      reading(2_000, 5, 'pressure'),
      reading(61_000, 2, 'pressure'),
      reading(300_000, 9, 'temperature'),
    ]);
    expect(aggregates.map((a) => [a.windowStart, a.sensor])).toEqual([
      [0, 'pressure'],
      [0, 'temperature'],
      [minute, 'pressure'],
    ]);
  });

  test('refuses readings of unknown, unregistered, decommissioned devices and unknown sensors', () => {
    expect(onReading(initialProcess(), reading(1, 1), settings)).toMatchObject({
      kind: 'refused',
      reason: 'unknown-device',
    });
    expect(onReading(boiler(), reading(1, 1, 'humidity'), settings)).toEqual({
      kind: 'refused',
      reason: 'unknown-sensor',
      message: 'device boiler-7 has no sensor humidity (it has temperature, pressure)',
    });
    expect(onReading(boiler(), reading(1, Number.NaN), settings)).toMatchObject({
      kind: 'refused',
      reason: 'invalid',
    });
    const retired = accepted(boiler(), command('DecommissionDevice', { reason: null }));
    expect(onReading(retired, reading(1, 1), settings)).toEqual({
      kind: 'refused',
      reason: 'decommissioned',
      message: 'device boiler-7 is decommissioned',
    });
  });
});

describe('readings from a clock far ahead', () => {
  test('are refused as future, so one bad clock cannot close every window of its device', () => {
    const arrival = { at: 100_000, maxAheadMs: 60_000 };
    expect(onReading(boiler(), reading(160_001, 1), settings, arrival)).toEqual({
      kind: 'refused',
      reason: 'future',
      message:
        'event time 1970-01-01T00:02:40.001Z is more than 60000 ms after the reading arrived (1970-01-01T00:01:40.000Z)',
    });
    const ahead = counted(onReading(boiler(), reading(160_000, 1), settings, arrival));
    expect(ahead.process.maxEventTime).toBe(160_000);
  });
});

describe('alerts with hysteresis', () => {
  /** One reading per minute with the given values, then one more to close the last window. */
  const minutes = (values: readonly number[]) =>
    [...values, 0].map((value, i) => reading(i * minute + 30_000, value));

  test('raise above max, hold between max - hysteresis and max, clear below it: no flapping', () => {
    const { events, process } = feed(boiler(), minutes([80, 91, 89, 86, 91, 84, 92]));
    expect(
      events.map((e) => [
        e.name,
        e.value.meta.version,
        e.value.meta.commandId,
        e.value.meta.occurredAt,
      ]),
    ).toEqual([
      ['AlertRaised', 3, null, 2 * minute],
      ['AlertCleared', 4, null, 6 * minute],
      ['AlertRaised', 5, null, 7 * minute],
    ]);
    expect(events[0]?.value).toMatchObject({
      alertId: 'boiler-7/temperature/60000',
      windowStart: minute,
      value: 91,
      threshold: 90,
    });
    expect(events[1]?.value).toMatchObject({ alertId: 'boiler-7/temperature/60000', value: 84 });
    expect(process.entity.version).toBe(5);
    expect(process.entity.state.openAlerts).toEqual([
      {
        alertId: 'boiler-7/temperature/360000',
        sensor: 'temperature',
        raisedAt: 7 * minute,
        acknowledged: false,
      },
    ]);
  });

  test('a mean exactly at max does not raise; exactly at max - hysteresis does not clear', () => {
    const { events } = feed(boiler(), minutes([90, 95, 85, 84.9]));
    expect(events.map((e) => e.name)).toEqual(['AlertRaised', 'AlertCleared']);
    expect(events[1]?.value).toMatchObject({ value: 84.9 });
  });

  test('a sensor without a threshold never alerts', () => {
    const { events } = feed(
      boiler(),
      minutes([1e9]).map((r) => ({ ...r, sensor: 'pressure' })),
    );
    expect(events).toEqual([]);
  });

  test('an acknowledged alert stays open until its sensor clears', () => {
    const raised = feed(boiler(), minutes([95]));
    const alertId = 'boiler-7/temperature/0';
    const acknowledgedStep = onCommand(
      raised.process,
      command('AcknowledgeAlert', { alertId, acknowledgedBy: 'ops' }),
    );
    expect(acknowledgedStep.outcome.events.map((e) => e.name)).toEqual(['AlertAcknowledged']);
    const later = counted(onReading(acknowledgedStep.process, reading(3 * minute, 50), settings));
    expect(later.events).toMatchObject([{ name: 'AlertCleared', value: { alertId } }]);
    expect(later.process.entity.state.openAlerts).toEqual([]);
  });
});

describe('commands', () => {
  test('a rejection carries the version the device is at', () => {
    const step = onCommand(
      boiler(),
      command('ConfigureThreshold', { sensor: 'nope', max: 1, hysteresis: 0 }),
    );
    expect(step.outcome.kind).toBe('rejected');
    expect(step.outcome.events[0]?.value).toMatchObject({ actualVersion: 2, meta: { version: 2 } });
  });
});

describe('rebuilding from events', () => {
  test('replaying the device events gives the same entity as the live path', () => {
    const live = feed(
      boiler(),
      [95, 96, 50, 40].map((v, i) => reading(i * minute + 1, v)),
    );
    const registration = onCommand(
      initialProcess(),
      command('RegisterDevice', { name: 'x', sensors: ['temperature'] }),
    );
    let replayed: DeviceProcess | undefined;
    const threshold = onCommand(
      registration.process,
      command('ConfigureThreshold', { sensor: 'temperature', max: 90, hysteresis: 5 }),
    );
    for (const event of [
      ...registration.outcome.events,
      ...threshold.outcome.events,
      ...live.events,
    ]) {
      replayed = replayEvent(replayed, event);
    }
    expect(replayed?.entity.state.openAlerts).toEqual(live.process.entity.state.openAlerts);
    expect(replayed?.entity.version).toBe(live.process.entity.version);
    expect(replayed?.windows).toEqual([]);
  });
});

import { KafkaAdmin, Producer, viewDeadLetter } from '@streamfold/kafka';
import {
  serdeFor,
  type DeviceCommandsRecord,
  type SensorReading,
  type TopicNames,
} from '@streamfold/schemas';
import {
  deepEqual,
  mergePartitions,
  rebuildFromEvents,
  restoreSnapshots,
} from '@streamfold/streams';
import {
  allCommitted,
  freshSystemTopics,
  readCommitted,
  testKafkaClient,
  testLogger,
  testRegistry,
  until,
} from '@streamfold/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAggregator, deviceRebuild, type Aggregator } from './aggregator.js';
import { deviceSnapshotCodec } from './snapshot-codec.js';

const client = testKafkaClient('aggregator-test');
const registry = testRegistry();
const admin = new KafkaAdmin(client);
const producer = new Producer(client);
const minute = 60_000;
const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);
beforeAll(() => producer.connect());
afterAll(async () => {
  await producer.disconnect();
  await admin.disconnect();
});

async function freshTopics(): Promise<{ names: TopicNames; group: string }> {
  const { prefix, names } = await freshSystemTopics('agg');
  return { names, group: `${prefix}aggregator` };
}

let issued = 0;
const command = (
  deviceId: string,
  name: DeviceCommandsRecord['name'],
  value: Record<string, unknown>,
  commandId = `cmd-${++issued}`,
) =>
  ({
    name,
    value: { deviceId, meta: { commandId, expectedVersion: null, issuedAt: t0 }, ...value },
  }) as DeviceCommandsRecord;

const reading = (deviceId: string, at: number, value: number, seq = 0): SensorReading => ({
  deviceId,
  sensor: 'temperature',
  value,
  unit: 'celsius',
  eventTime: t0 + at,
  seq,
  location: null,
  quality: 'GOOD',
});

async function sendCommands(names: TopicNames, commands: readonly DeviceCommandsRecord[]) {
  const serde = serdeFor(registry, 'device.commands', names.commands);
  for (const c of commands) {
    await producer.send(names.commands, [{ key: c.value.deviceId, value: await serde.encode(c) }]);
  }
}

async function sendReadings(names: TopicNames, readings: readonly (SensorReading | Buffer)[]) {
  const serde = serdeFor(registry, 'telemetry.readings', names.readings);
  for (const r of readings) {
    const record = Buffer.isBuffer(r)
      ? { key: 'boiler-1', value: r }
      : { key: r.deviceId, value: await serde.encode({ name: 'SensorReading', value: r }) };
    await producer.send(names.readings, [record]);
  }
}

async function settled(names: TopicNames, group: string) {
  await until(
    async () =>
      (await allCommitted(admin, group, names.commands)) &&
      (await allCommitted(admin, group, names.readings)),
    { within: '60s', every: 200, what: 'the aggregator commits every input record' },
  );
}

function start(names: TopicNames, group: string): Promise<Aggregator> {
  return startAggregator({
    client,
    registry,
    names,
    processorName: group,
    windows: { sizeMs: minute, allowedLatenessMs: 10_000 },
    logger: testLogger('aggregator'),
    sessionTimeoutMs: 6_000,
  });
}

async function outputs(names: TopicNames) {
  const events = serdeFor(registry, 'device.events', names.events);
  const aggregates = serdeFor(registry, 'telemetry.aggregates', names.aggregates);
  return {
    events: await Promise.all(
      (await readCommitted(client, names.events)).map(async (r) => {
        const { name, value } = await events.decode(r.value);
        return { key: r.key?.toString(), name, value };
      }),
    ),
    aggregates: await Promise.all(
      (await readCommitted(client, names.aggregates)).map(
        async (r) => (await aggregates.decode(r.value)).value,
      ),
    ),
    deadLetters: (await readCommitted(client, names.readingsDlq)).map(viewDeadLetter),
  };
}

describe('the aggregator on a real broker', () => {
  it('turns commands and readings into versioned events, window aggregates, alerts and dead letters', async () => {
    const { names, group } = await freshTopics();
    const register = command('boiler-1', 'RegisterDevice', {
      name: 'Boiler',
      sensors: ['temperature'],
    });
    await sendCommands(names, [
      register,
      command('boiler-1', 'ConfigureThreshold', { sensor: 'temperature', max: 90, hysteresis: 5 }),
      register, // the same commandId again: answered, not applied
    ]);
    const readings = [
      reading('ghost-9', 0, 1),
      reading('boiler-1', 1_000, 95, 1),
      reading('boiler-1', 30_000, 97, 2),
      reading('boiler-1', 70_000, 80, 3), // closes minute 0 (mean 96): alert raised
      reading('boiler-1', 59_000, 99, 4), // minute 0 is closed: late
      reading('boiler-1', 130_000, 70, 5), // closes minute 1 (mean 80 < 85): alert cleared
      Buffer.from('not avro at all'),
      { ...reading('boiler-1', 0, 1, 6), eventTime: Date.now() + 3_600_000 }, // a clock an hour ahead
    ];
    const aggregator = await start(names, group);
    try {
      await settled(names, group);
      // Registration before readings: the two topics are not ordered against each other (decision 0012).
      await sendReadings(names, readings);
      await settled(names, group);
    } finally {
      await aggregator.stop();
    }
    const { events, aggregates, deadLetters } = await outputs(names);
    expect(
      events.map((e) => [e.key, e.name, e.value.meta.version, e.value.meta.commandId]),
    ).toEqual([
      ['boiler-1', 'DeviceRegistered', 1, register.value.meta.commandId],
      ['boiler-1', 'ThresholdConfigured', 2, expect.any(String)],
      ['boiler-1', 'AlertRaised', 3, null],
      ['boiler-1', 'AlertCleared', 4, null],
    ]);
    expect(events[2]?.value).toMatchObject({
      alertId: `boiler-1/temperature/${t0}`,
      value: 96,
      threshold: 90,
      meta: { occurredAt: t0 + minute },
    });
    expect(aggregates.map((a) => [a.windowStart - t0, a.count, a.min, a.max, a.mean])).toEqual([
      [0, 2, 95, 97, 96],
      [minute, 1, 80, 80, 80],
    ]);
    expect(deadLetters.map((d) => [d.key, d.reason])).toEqual(
      expect.arrayContaining([
        ['ghost-9', 'unknown-device'],
        ['boiler-1', 'late'],
        ['boiler-1', 'not-wire-format'],
        ['boiler-1', 'future'],
      ]),
    );
    expect(deadLetters).toHaveLength(4);
  });

  it('keeps open windows and the watermark across a restart, and restore equals replay for the devices', async () => {
    const { names, group } = await freshTopics();
    await sendCommands(names, [
      command('boiler-2', 'RegisterDevice', { name: 'Boiler', sensors: ['temperature'] }),
      command('boiler-2', 'ConfigureThreshold', { sensor: 'temperature', max: 10, hysteresis: 1 }),
    ]);
    const first = await start(names, group);
    await settled(names, group);
    await sendReadings(names, [reading('boiler-2', 0, 20, 1), reading('boiler-2', 20_000, 22, 2)]);
    await settled(names, group);
    await first.stop();
    expect((await outputs(names)).aggregates).toEqual([]);

    await sendReadings(names, [
      reading('boiler-2', 40_000, 24, 3),
      reading('boiler-2', 75_000, 1, 4),
    ]);
    const second = await start(names, group);
    try {
      await settled(names, group);
      await sendReadings(names, [reading('boiler-2', 10_000, 99, 5)]); // closed before the restart: late
      await settled(names, group);
    } finally {
      await second.stop();
    }
    const { aggregates, events, deadLetters } = await outputs(names);
    expect(aggregates.map((a) => [a.windowStart - t0, a.count, a.sum])).toEqual([[0, 3, 66]]);
    expect(events.map((e) => e.name)).toEqual([
      'DeviceRegistered',
      'ThresholdConfigured',
      'AlertRaised',
    ]);
    expect(deadLetters.map((d) => d.reason)).toEqual(['late']);

    const codec = deviceSnapshotCodec(serdeFor(registry, 'device.snapshots', names.snapshots));
    const restored = mergePartitions(
      (await restoreSnapshots(client, names.snapshots, codec)).states,
    );
    const replayed = mergePartitions(
      (await rebuildFromEvents(client, deviceRebuild(registry, names))).states,
    );
    const entities = (states: typeof restored) =>
      new Map([...states].map(([key, process]) => [key, process.entity]));
    expect(deepEqual(entities(restored), entities(replayed))).toBe(true);
    expect(restored.get('boiler-2')?.windows.map((w) => [w.windowStart - t0, w.count])).toEqual([
      [minute, 1],
    ]);
    expect(restored.get('boiler-2')?.maxEventTime).toBe(t0 + 75_000);
  });
});

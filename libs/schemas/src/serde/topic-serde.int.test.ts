import { Consumer, KafkaAdmin, Producer, type ConsumedRecord } from '@streamfold/kafka';
import {
  readCommitted,
  restartBroker,
  testKafkaClient,
  testRegistry,
  until,
  uniqueName,
} from '@streamfold/testing';
import { afterAll, describe, expect, it } from 'vitest';
import {
  schemaCatalog,
  SensorReadingV1Schema,
  SensorReadingV2Schema,
  topicRecords,
  WindowAggregateV1Schema,
  type SensorReading,
  type SensorReadingV1,
  type TelemetryReadingsRecord,
} from '../generated/index.js';
import { SchemaRegistryClient } from '../registry/client.js';
import { registerSubjects } from '../registry/register.js';
import { subjectsOf } from '../registry/subjects.js';
import { SerdeError } from './errors.js';
import { serdeFor, TopicSerde } from './topic-serde.js';
import { toWireFormat } from './wire-format.js';

const client = testKafkaClient('serde-test');
const admin = new KafkaAdmin(client);
const registry = testRegistry();
afterAll(() => admin.disconnect());

/** A fresh readings topic with every version of its subjects registered. */
async function readingsTopic(partitions = 3): Promise<string> {
  const topic = uniqueName('telemetry.readings');
  await admin.ensureTopics([{ name: topic, partitions, cleanupPolicy: 'delete' }]);
  await registerSubjects(
    registry,
    subjectsOf({ 'telemetry.readings': topicRecords['telemetry.readings'] }, schemaCatalog, {
      topicName: () => topic,
    }),
  );
  return topic;
}

const readingV2 = (seq: number): SensorReading => ({
  deviceId: `device-${seq % 4}`,
  sensor: 'temperature',
  value: 20 + seq / 10,
  unit: 'celsius',
  eventTime: Date.UTC(2026, 10, 23, 12, 0, seq),
  seq,
  location: seq % 2 === 0 ? { latitude: 52.37 + seq / 1000, longitude: 4.89 } : null,
  quality: seq % 3 === 0 ? 'UNCERTAIN' : 'GOOD',
});

const readingV1 = (seq: number): SensorReadingV1 => {
  const { location: _location, quality: _quality, ...v1 } = readingV2(seq);
  return v1;
};

/** What a build that knows only SensorReading v1 reads and writes. */
interface V1Readings {
  readonly name: 'SensorReading';
  readonly value: SensorReadingV1;
}
const v1Build = (topic: string) =>
  new TopicSerde<V1Readings>(registry, topic, [SensorReadingV1Schema]);

async function produce(topic: string, values: Buffer[], keys: string[]): Promise<void> {
  const producer = new Producer(client);
  await producer.connect();
  try {
    await producer.send(
      topic,
      values.map((value, i) => ({ key: keys[i] ?? null, value })),
    );
  } finally {
    await producer.disconnect();
  }
}

const bySeq = <T extends { value: { seq: number } }>(records: T[]): T[] =>
  [...records].sort((a, b) => a.value.seq - b.value.seq);

const failureOf = async (work: Promise<unknown>): Promise<unknown> =>
  work.then(
    () => new Error('expected a failure'),
    (error: unknown) => error,
  );

describe('the serde on a real topic', () => {
  it('writes the Confluent wire format and reads back the same typed records, keyed by device', async () => {
    const topic = await readingsTopic();
    const serde = serdeFor(registry, 'telemetry.readings', topic);
    const sent: TelemetryReadingsRecord[] = Array.from({ length: 12 }, (_, i) => ({
      name: 'SensorReading',
      value: readingV2(i),
    }));
    await produce(
      topic,
      await Promise.all(sent.map((r) => serde.encode(r))),
      sent.map((r) => r.value.deviceId),
    );

    const received: ConsumedRecord[] = [];
    const consumer = new Consumer(client, {
      groupId: uniqueName('group'),
      topics: [topic],
      fromBeginning: true,
    });
    await consumer.start((record) => void received.push(record));
    await until(() => received.length === sent.length, {
      within: '30s',
      what: 'all readings consumed',
    });
    await consumer.stop();

    const v2Id = (
      await registry.lookup(`${topic}-io.streamfold.telemetry.SensorReading`, SensorReadingV2Schema)
    )?.id;
    for (const record of received) {
      expect(record.value?.[0]).toBe(0);
      expect(record.value?.readInt32BE(1)).toBe(v2Id);
      expect(record.key?.toString()).toMatch(/^device-\d$/);
    }
    const decoded = await Promise.all(received.map((r) => serde.decode(r.value)));
    expect(bySeq(decoded).map(({ name, value }) => ({ name, value: { ...value } }))).toEqual(sent);
  });

  it('lets a v2 consumer read what a v1 producer wrote, with the defaults filled in', async () => {
    const topic = await readingsTopic(1);
    const sent = Array.from({ length: 10 }, (_, i) => readingV1(i));
    const v1 = v1Build(topic);
    await produce(
      topic,
      await Promise.all(sent.map((value) => v1.encode({ name: 'SensorReading', value }))),
      sent.map((r) => r.deviceId),
    );

    const v2 = serdeFor(registry, 'telemetry.readings', topic);
    const read = await Promise.all(
      (await readCommitted(client, topic)).map((r) => v2.decode(r.value)),
    );

    expect(bySeq(read).map((r) => ({ ...r.value }))).toEqual(
      sent.map((value) => ({ ...value, location: null, quality: 'GOOD' })),
    );
    expect(new Set(read.map((r) => r.schemaId)).size).toBe(1);
  });

  it('lets a v1 consumer read what a v2 producer wrote, without the fields it does not know', async () => {
    const topic = await readingsTopic(1);
    const sent = Array.from({ length: 10 }, (_, i) => readingV2(i));
    const v2 = serdeFor(registry, 'telemetry.readings', topic);
    await produce(
      topic,
      await Promise.all(sent.map((value) => v2.encode({ name: 'SensorReading', value }))),
      sent.map((r) => r.deviceId),
    );

    const v1 = v1Build(topic);
    const read = await Promise.all(
      (await readCommitted(client, topic)).map((r) => v1.decode(r.value)),
    );

    expect(bySeq(read).map((r) => ({ ...r.value }))).toEqual(sent.map((_, i) => readingV1(i)));
  });

  it('loses nothing when the broker restarts between produce and consume', async () => {
    const topic = await readingsTopic();
    const serde = serdeFor(registry, 'telemetry.readings', topic);
    const sent = Array.from({ length: 50 }, (_, i) => readingV2(i));
    await produce(
      topic,
      await Promise.all(sent.map((value) => serde.encode({ name: 'SensorReading', value }))),
      sent.map((r) => r.deviceId),
    );

    await admin.disconnect();
    await restartBroker();

    const read = await Promise.all(
      (await readCommitted(client, topic, 60_000)).map((r) => serde.decode(r.value)),
    );
    expect(bySeq(read).map((r) => ({ ...r.value }))).toEqual(sent);
  });
});

describe('the serde’s typed errors', () => {
  it('names bytes that are not the wire format, an unknown schema id, another record’s schema and a broken body', async () => {
    const topic = await readingsTopic(1);
    const serde = serdeFor(registry, 'telemetry.readings', topic);
    const good = await serde.encode({ name: 'SensorReading', value: readingV2(1) });
    const aggregateId = await registry.register(
      `${topic}-io.streamfold.telemetry.WindowAggregate`,
      WindowAggregateV1Schema,
    );

    const cases: [Buffer, string, RegExp][] = [
      [Buffer.from('{"deviceId":"d-1"}'), 'not-wire-format', /magic byte 123, not 0/],
      [
        toWireFormat(2_000_000_000, good.subarray(5)),
        'unknown-schema-id',
        /no schema with id 2000000000/,
      ],
      [
        toWireFormat(aggregateId, good.subarray(5)),
        'schema-mismatch',
        /is io\.streamfold\.telemetry\.WindowAggregate, which .* does not carry/,
      ],
      [good.subarray(0, good.length - 3), 'malformed', /does not decode with schema/],
    ];
    for (const [bytes, reason, message] of cases) {
      const failure = await failureOf(serde.decode(bytes));
      expect(failure).toBeInstanceOf(SerdeError);
      expect(failure).toMatchObject({ reason, retriable: false });
      expect((failure as Error).message).toMatch(message);
    }
  });

  it('refuses to write a schema the topic’s subject does not hold, and a value that does not fit', async () => {
    const unregistered = serdeFor(registry, 'telemetry.readings', uniqueName('telemetry.readings'));
    expect(
      await failureOf(unregistered.encode({ name: 'SensorReading', value: readingV2(1) })),
    ).toMatchObject({
      reason: 'not-registered',
      message: expect.stringContaining('run `npm run schemas:register`') as string,
    });

    const serde = serdeFor(registry, 'telemetry.readings', await readingsTopic(1));
    const bad = { ...readingV2(1), value: 'hot' } as unknown as SensorReading;
    expect(await failureOf(serde.encode({ name: 'SensorReading', value: bad }))).toMatchObject({
      reason: 'invalid-value',
      message: 'SensorReading does not fit its schema: value = "hot"',
    });
  });

  it('says the registry is unavailable, retriably, when it does not answer', async () => {
    const away = new SchemaRegistryClient({
      url: 'http://127.0.0.1:9/apis/ccompat/v7',
      timeoutMs: 500,
    });
    const serde = serdeFor(away, 'telemetry.readings', 'telemetry.readings');

    expect(await failureOf(serde.decode(toWireFormat(1, Buffer.from([0]))))).toMatchObject({
      code: 'REGISTRY_UNAVAILABLE',
      retriable: true,
    });
  });
});

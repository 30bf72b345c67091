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
import { SensorReadingV1Schema, type SensorReadingV1 as SensorReading } from './generated/index.js';

const client = testKafkaClient('sensor-reading-test');
const admin = new KafkaAdmin(client);
const registry = testRegistry();
afterAll(() => admin.disconnect());

const reading = (seq: number): SensorReading => ({
  deviceId: `device-${seq % 4}`,
  sensor: 'temperature',
  value: 20 + seq / 10,
  unit: 'celsius',
  eventTime: Date.UTC(2026, 10, 23, 12, 0, seq),
  seq,
});

function isSensorReading(value: unknown): value is SensorReading {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.deviceId === 'string' &&
    typeof v.sensor === 'string' &&
    typeof v.value === 'number' &&
    typeof v.unit === 'string' &&
    typeof v.eventTime === 'number' &&
    typeof v.seq === 'number'
  );
}

async function decodeAll(records: ConsumedRecord[]): Promise<SensorReading[]> {
  const decoded: SensorReading[] = [];
  for (const record of records) {
    const value = await registry.decode(record.value ?? Buffer.alloc(0));
    if (!isSensorReading(value)) throw new Error(`offset ${record.offset} is not a SensorReading`);
    decoded.push({ ...value });
  }
  return decoded.sort((a, b) => a.seq - b.seq);
}

async function produceReadings(topic: string, readings: SensorReading[]): Promise<number> {
  const { id, subject } = await registry.register(topic, SensorReadingV1Schema);
  expect(subject).toBe(`${topic}-io.streamfold.telemetry.SensorReading`);
  const producer = new Producer(client);
  await producer.connect();
  try {
    const records = await Promise.all(
      readings.map(async (r) => ({ key: r.deviceId, value: await registry.encode(id, r) })),
    );
    await producer.send(topic, records);
  } finally {
    await producer.disconnect();
  }
  return id;
}

describe('the first slice: a SensorReading through the registry and Kafka', () => {
  it('is registered, produced in Confluent wire format, consumed and decoded to the same typed value', async () => {
    const topic = uniqueName('telemetry.readings');
    await admin.ensureTopics([{ name: topic, partitions: 3, cleanupPolicy: 'delete' }]);
    const sent = Array.from({ length: 12 }, (_, i) => reading(i));
    const schemaId = await produceReadings(topic, sent);

    // Registering the same schema again is idempotent.
    expect((await registry.register(topic, SensorReadingV1Schema)).id).toBe(schemaId);

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

    for (const record of received) {
      // Confluent wire format: magic byte 0, then the schema id as a big-endian int32.
      expect(record.value?.[0]).toBe(0);
      expect(record.value?.readInt32BE(1)).toBe(schemaId);
      // Keyed by device: one device's readings share a partition.
      expect(record.key?.toString()).toMatch(/^device-\d$/);
    }
    expect(await decodeAll(received)).toEqual(sent);
  });

  it('loses nothing when the broker restarts between produce and consume', async () => {
    const topic = uniqueName('telemetry.readings');
    await admin.ensureTopics([{ name: topic, partitions: 3, cleanupPolicy: 'delete' }]);
    const sent = Array.from({ length: 50 }, (_, i) => reading(i));
    await produceReadings(topic, sent);

    await admin.disconnect();
    await restartBroker();

    expect(await decodeAll(await readCommitted(client, topic, 60_000))).toEqual(sent);
  });
});

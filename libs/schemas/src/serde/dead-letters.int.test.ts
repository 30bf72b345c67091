/**
 * Dead letters end to end: a consumer decoding a real topic through the registry, with bad
 * records of every kind interleaved with good ones.
 */
import {
  Consumer,
  deadLetter,
  KafkaAdmin,
  Producer,
  StreamfoldError,
  type ConsumedRecord,
  type HandlerResult,
} from '@streamfold/kafka';
import { createMetricsRegistry, deadLetterCounter } from '@streamfold/observability';
import {
  readCommitted,
  testKafkaClient,
  testRegistry,
  until,
  uniqueName,
} from '@streamfold/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { schemaCatalog, topicRecords, type SensorReading } from '../generated/index.js';
import { registerSubjects } from '../registry/register.js';
import { subjectsOf } from '../registry/subjects.js';
import { serdeFor } from './topic-serde.js';
import { toWireFormat } from './wire-format.js';

const client = testKafkaClient('dead-letter-test');
const admin = new KafkaAdmin(client);
const registry = testRegistry();
afterAll(() => admin.disconnect());

const devices = ['device-a', 'device-b', 'device-c'];

const reading = (seq: number, value = 20 + seq / 10): SensorReading => ({
  deviceId: devices[seq % devices.length] ?? 'device-a',
  sensor: 'temperature',
  value,
  unit: 'celsius',
  eventTime: Date.UTC(2026, 10, 23, 12, 0, 0, seq),
  seq,
  location: null,
  quality: 'GOOD',
});

type Kind = 'good' | 'garbage' | 'wrong-magic' | 'unknown-id' | 'rule-broken';
const expectedReason: Record<Exclude<Kind, 'good'>, string> = {
  garbage: 'not-wire-format',
  'wrong-magic': 'not-wire-format',
  'unknown-id': 'unknown-schema-id',
  'rule-broken': 'below-absolute-zero',
};

async function freshTopics(partitions: number) {
  const topic = uniqueName('telemetry.readings');
  const output = `${topic}.out`;
  await admin.ensureTopics(
    [topic, `${topic}.dlq`, output].map((name) => ({
      name,
      partitions,
      cleanupPolicy: 'delete' as const,
    })),
  );
  await registerSubjects(
    registry,
    subjectsOf({ 'telemetry.readings': topicRecords['telemetry.readings'] }, schemaCatalog, {
      topicName: () => topic,
    }),
  );
  return {
    topic,
    dlq: `${topic}.dlq`,
    output,
    serde: serdeFor(registry, 'telemetry.readings', topic),
  };
}

async function produceAll(topic: string, records: { key: string; value: Buffer; index: number }[]) {
  const producer = new Producer(client);
  await producer.connect();
  try {
    await producer.send(
      topic,
      records.map(({ key, value, index }) => ({
        key,
        value,
        headers: { 'x-test-index': String(index) },
      })),
    );
  } finally {
    await producer.disconnect();
  }
}

describe.each([
  ['an at-least-once consumer', false],
  ['a transactional consumer', true],
])('%s with dead letters', (_name, transactional) => {
  it('processes every good record in order and puts every bad one in the DLQ with the headers that explain it', async () => {
    const { topic, dlq, output, serde } = await freshTopics(3);
    // 60 good readings; after good reading i, a bad record of each kind in turn.
    const plan: { kind: Kind; seq: number }[] = [];
    for (let i = 0; i < 60; i += 1) {
      plan.push({ kind: 'good', seq: i });
      if (i % 10 === 3) plan.push({ kind: 'garbage', seq: i });
      if (i % 10 === 5) plan.push({ kind: 'wrong-magic', seq: i });
      if (i % 10 === 7) plan.push({ kind: 'unknown-id', seq: i });
      if (i % 10 === 9) plan.push({ kind: 'rule-broken', seq: i });
    }
    const records = await Promise.all(
      plan.map(async ({ kind, seq }, index) => {
        const key = reading(seq).deviceId;
        const good = await serde.encode({ name: 'SensorReading', value: reading(seq) });
        const value =
          kind === 'good'
            ? good
            : kind === 'garbage'
              ? Buffer.from(`garbage ${seq} \u0007\u0000`)
              : kind === 'wrong-magic'
                ? Buffer.concat([Buffer.from([1]), good.subarray(1)])
                : kind === 'unknown-id'
                  ? toWireFormat(2_000_000_000 + seq, good.subarray(5))
                  : await serde.encode({ name: 'SensorReading', value: reading(seq, -300) });
        return { key, value, index };
      }),
    );
    await produceAll(topic, records);

    const metrics = createMetricsRegistry('dead-letter-test');
    const counter = deadLetterCounter(metrics);
    const groupId = uniqueName('group');
    const processed: SensorReading[] = [];
    const consumer = new Consumer(client, {
      groupId,
      topics: [topic],
      fromBeginning: true,
      deadLetters: { counter },
      ...(transactional ? { transactionalId: uniqueName('tx') } : {}),
    });
    const startedAt = Date.now();
    await consumer.start(async (record: ConsumedRecord): Promise<HandlerResult> => {
      const { value } = await serde.decode(record.value);
      if (value.value < -273.15) {
        return deadLetter(
          'below-absolute-zero',
          `${value.deviceId} reported ${value.value} ${value.unit}`,
        );
      }
      processed.push(value);
      return { produce: [{ topic: output, key: record.key, value: record.value }] };
    });
    await until(
      async () => {
        const committed = await admin.committedOffsets(groupId, topic);
        const ends = await admin.endOffsets(topic);
        // An empty partition has nothing to commit.
        return [...ends].every(([p, end]) => end === '0' || committed.get(p) === end);
      },
      { within: '60s', what: 'the group to commit every partition to its end' },
    );
    await consumer.stop();

    // Every good record, each device's in order, once.
    expect(processed).toHaveLength(60);
    for (const device of devices) {
      const seqs = processed.filter((r) => r.deviceId === device).map((r) => r.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
    expect(processed.map((r) => r.seq).sort((a, b) => a - b)).toEqual(
      plan.filter((p) => p.kind === 'good').map((p) => p.seq),
    );
    expect(await readCommitted(client, output)).toHaveLength(60);

    // Every bad record in the DLQ, unchanged, with headers naming why and where from.
    const source = new Map(
      (await readCommitted(client, topic)).map((r) => [r.headers['x-test-index']?.toString(), r]),
    );
    const letters = await readCommitted(client, dlq);
    const bad = plan.map((p, index) => ({ ...p, index })).filter((p) => p.kind !== 'good');
    expect(letters).toHaveLength(bad.length);
    for (const letter of letters) {
      const index = letter.headers['x-test-index']?.toString();
      const original = source.get(index);
      const planned = plan[Number(index)];
      if (original === undefined || planned === undefined || planned.kind === 'good') {
        throw new Error(`dead letter ${index} is not one of the bad records`);
      }
      const header = (name: string) => letter.headers[name]?.toString();
      expect(letter.key).toEqual(original.key);
      expect(letter.value).toEqual(original.value);
      expect(header('dlq.reason')).toBe(expectedReason[planned.kind]);
      expect(header('dlq.source.topic')).toBe(topic);
      expect(header('dlq.source.partition')).toBe(String(original.partition));
      expect(header('dlq.source.offset')).toBe(original.offset);
      expect(header('dlq.consumer.group')).toBe(groupId);
      expect(Date.parse(header('dlq.time') ?? '')).toBeGreaterThanOrEqual(startedAt - 1_000);
      expect(header('dlq.error')).toMatch(
        planned.kind === 'rule-broken'
          ? /reported -300 celsius/
          : planned.kind === 'unknown-id'
            ? /no schema with id 20000000\d\d/
            : /not Confluent wire format/,
      );
    }

    const counts = Object.fromEntries(
      (await counter.get()).values.map((v) => [String(v.labels.reason), [v.labels.topic, v.value]]),
    );
    expect(counts).toEqual({
      'not-wire-format': [topic, 12],
      'unknown-schema-id': [topic, 6],
      'below-absolute-zero': [topic, 6],
    });
  });
});

describe('a transactional consumer', () => {
  it('commits a batch’s dead letters with its outputs and offsets, or none of them', async () => {
    const { topic, dlq, output, serde } = await freshTopics(1);
    const good = (seq: number) => serde.encode({ name: 'SensorReading', value: reading(seq) });
    await produceAll(topic, [
      { key: 'device-a', value: await good(0), index: 0 },
      { key: 'device-a', value: Buffer.from('garbage'), index: 1 },
      { key: 'device-a', value: await good(1), index: 2 },
      { key: 'device-a', value: await good(2), index: 3 },
    ]);

    let failedOnce = false;
    const seen: number[] = [];
    const groupId = uniqueName('group');
    const consumer = new Consumer(client, {
      groupId,
      topics: [topic],
      fromBeginning: true,
      transactionalId: uniqueName('tx'),
    });
    await consumer.start(async (record): Promise<HandlerResult> => {
      const { value } = await serde.decode(record.value);
      seen.push(value.seq);
      if (value.seq === 2 && !failedOnce) {
        failedOnce = true;
        // After the dead letter and an output of this batch were written into its transaction.
        throw new StreamfoldError('REGISTRY_UNAVAILABLE', 'simulated outage', { retriable: true });
      }
      return { produce: [{ topic: output, key: record.key, value: record.value }] };
    });
    await until(async () => (await admin.committedOffsets(groupId, topic)).get(0) === '4', {
      within: '60s',
      what: 'the batch to commit after its retry',
    });
    await consumer.stop();

    // The first attempt was aborted: its dead letter and outputs are invisible, not doubled.
    expect(failedOnce).toBe(true);
    expect(seen.slice(0, 2)).toEqual([0, 1]);
    expect(seen.filter((s) => s === 0).length).toBeGreaterThanOrEqual(2);
    expect(
      (await readCommitted(client, dlq)).map((r) => r.headers['dlq.source.offset']?.toString()),
    ).toEqual(['1']);
    const outputs = await readCommitted(client, output);
    expect(
      await Promise.all(outputs.map(async (r) => (await serde.decode(r.value)).value.seq)),
    ).toEqual([0, 1, 2]);
  });
});

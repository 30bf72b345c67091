/**
 * What this project needs from kafkajs 2.2.4 against the broker version the stack runs
 * (docs/decisions/0001): idempotent produce, consumer groups, admin, and transactions with
 * offsets, aborts and fencing. Kept as a suite so that a broker upgrade proves itself here.
 */
import kafkajs from 'kafkajs';
import { readCommitted, testKafkaClient, uniqueName } from '@streamfold/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { KafkaAdmin } from './admin.js';
import { kafkajsOf } from './client.js';

const client = testKafkaClient('compat-test');
const kafka = kafkajsOf(client);
const admin = new KafkaAdmin(client);
afterAll(() => admin.disconnect());

const transactional = (transactionalId: string) =>
  kafka.producer({
    transactionalId,
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: kafkajs.Partitioners.DefaultPartitioner,
  });

describe('kafkajs 2.2.4 against this broker', () => {
  it('commits a transaction with its consumer offsets, and hides an aborted one from read_committed', async () => {
    const input = uniqueName('tx-in');
    const output = uniqueName('tx-out');
    const groupId = uniqueName('tx-group');
    await admin.ensureTopics([
      { name: input, partitions: 1, cleanupPolicy: 'delete' },
      { name: output, partitions: 2, cleanupPolicy: 'delete' },
    ]);
    const producer = transactional(uniqueName('tx'));
    await producer.connect();
    try {
      const committed = await producer.transaction();
      await committed.send({
        topic: output,
        messages: [
          { key: 'a', value: 'kept-1' },
          { key: 'b', value: 'kept-2' },
        ],
      });
      await committed.sendOffsets({
        consumerGroupId: groupId,
        topics: [{ topic: input, partitions: [{ partition: 0, offset: '7' }] }],
      });
      await committed.commit();

      const aborted = await producer.transaction();
      await aborted.send({ topic: output, messages: [{ key: 'a', value: 'dropped' }] });
      await aborted.sendOffsets({
        consumerGroupId: groupId,
        topics: [{ topic: input, partitions: [{ partition: 0, offset: '9' }] }],
      });
      await aborted.abort();

      const last = await producer.transaction();
      await last.send({ topic: output, messages: [{ key: 'b', value: 'kept-3' }] });
      await last.commit();
    } finally {
      await producer.disconnect();
    }

    const seen = (await readCommitted(client, output)).map((r) => r.value?.toString());
    expect(seen.sort()).toEqual(['kept-1', 'kept-2', 'kept-3']);
    expect(await admin.committedOffsets(groupId, input)).toEqual(new Map([[0, '7']]));
  });

  it('fences the older of two producers with one transactional id, and drops its writes', async () => {
    const output = uniqueName('fence-out');
    await admin.ensureTopics([{ name: output, partitions: 1, cleanupPolicy: 'delete' }]);
    const transactionalId = uniqueName('fence');
    const zombie = transactional(transactionalId);
    const successor = transactional(transactionalId);
    await zombie.connect();
    try {
      const stale = await zombie.transaction();
      await stale.send({ topic: output, messages: [{ value: 'from-zombie' }] });

      await successor.connect();
      const current = await successor.transaction();
      await current.send({ topic: output, messages: [{ value: 'from-successor' }] });
      await current.commit();

      const error = await stale.commit().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(kafkajs.KafkaJSProtocolError);
      expect((error as kafkajs.KafkaJSProtocolError).type).toBe('INVALID_PRODUCER_EPOCH');
    } finally {
      await successor.disconnect();
      await zombie.disconnect();
    }
    const seen = (await readCommitted(client, output)).map((r) => r.value?.toString());
    expect(seen).toEqual(['from-successor']);
  });

  it('lists, describes and deletes what it created', async () => {
    const topic = uniqueName('admin');
    await admin.ensureTopics([{ name: topic, partitions: 2, cleanupPolicy: 'compact' }]);
    expect(await admin.listTopics()).toContain(topic);
    expect(await admin.ping()).toMatchObject({ brokers: 1 });
    await admin.deleteTopics([topic]);
    expect(await admin.listTopics()).not.toContain(topic);
  });
});

/**
 * What fences a zombie with kafkajs 2.2.4, which has no KIP-447 (a transactional producer
 * cannot be fenced through the consumer group's generation): a second producer initialising
 * the same transactional id bumps its epoch. This pins the behaviour the stream processor's
 * fencing scheme (one transactional id per input partition) is built on.
 */
import { testKafkaClient, uniqueName } from '@streamfold/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { KafkaAdmin } from './admin.js';
import { kafkajsOf } from './client.js';
import { mapped } from './errors.js';
import { readToEnd } from './read-to-end.js';

const client = testKafkaClient('fencing-test');
const admin = new KafkaAdmin(client);
afterAll(() => admin.disconnect());

const transactional = (transactionalId: string) =>
  kafkajsOf(client).producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });

describe('a transactional id', () => {
  it('fences the producer that held it when another initialises it: the old one cannot commit, and its writes stay invisible', async () => {
    const topic = uniqueName('fencing');
    await admin.ensureTopics([{ name: topic, partitions: 1, cleanupPolicy: 'delete' }]);
    const id = uniqueName('tx');
    const zombie = transactional(id);
    const successor = transactional(id);
    await zombie.connect();
    await successor.connect();
    try {
      const open = await zombie.transaction();
      await open.send({ topic, messages: [{ key: 'k', value: 'from the zombie' }] });

      // The successor's first transaction initialises the id: epoch + 1, the zombie's open
      // transaction is aborted by the coordinator.
      const next = await successor.transaction();
      await next.send({ topic, messages: [{ key: 'k', value: 'from the successor' }] });
      await next.commit();

      const failure = await mapped('zombie commit', () => open.commit()).catch((e: unknown) => e);
      expect(failure).toMatchObject({ code: 'KAFKA_FENCED', retriable: false });

      const visible = await readToEnd(client, topic);
      expect(visible.map((r) => r.value?.toString())).toEqual(['from the successor']);
    } finally {
      await zombie.disconnect();
      await successor.disconnect();
    }
  });
});

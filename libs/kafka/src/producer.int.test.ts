import { readCommitted, testKafkaClient, uniqueName } from '@streamfold/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { KafkaAdmin } from './admin.js';
import { Producer } from './producer.js';

const client = testKafkaClient('producer-test');
const admin = new KafkaAdmin(client);
const producer = new Producer(client, { transactionalId: uniqueName('atomic') });
afterAll(async () => {
  await producer.disconnect();
  await admin.disconnect();
});

const records = (keys: readonly string[]) =>
  keys.map((key) => ({ key, value: Buffer.from(`value of ${key}`) }));

describe('atomic sends', () => {
  it('make a request across partitions visible whole, and abort it when the caller gives up before the commit', async () => {
    const topic = uniqueName('atomic');
    await admin.ensureTopics([{ name: topic, partitions: 3, cleanupPolicy: 'delete' }]);
    await producer.connect();

    const kept = ['a', 'b', 'c', 'd', 'e', 'f'];
    await producer.sendAtomically(topic, records(kept));
    let asked = 0;
    const given = producer.sendAtomically(topic, records(['x', 'y', 'z']), {
      beforeCommit: () => {
        asked += 1;
        return false;
      },
    });
    await expect(given).rejects.toMatchObject({ code: 'KAFKA_TIMEOUT', retriable: true });
    // Calls run in turn: the next one is not disturbed by the aborted one.
    await producer.sendAtomically(topic, records(['g']));

    // Sends made together share a transaction; one given up on leaves the others whole.
    const together = await Promise.allSettled([
      producer.sendAtomically(topic, records(['h1', 'h2'])),
      producer.sendAtomically(topic, records(['lost']), { beforeCommit: () => false }),
      producer.sendAtomically(topic, records(['i1', 'i2', 'i3'])),
    ]);
    expect(together.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);

    const read = await readCommitted(client, topic);
    expect(asked).toBe(1);
    expect(read.map((r) => r.key?.toString()).sort()).toEqual(
      [...kept, 'g', 'h1', 'h2', 'i1', 'i2', 'i3'].sort(),
    );
    expect(new Set(read.map((r) => r.partition)).size).toBeGreaterThan(1);
  });
});

import { testKafkaClient, until, uniqueName } from '@streamfold/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { KafkaAdmin } from './admin.js';
import { Consumer } from './consumer.js';
import { Producer } from './producer.js';

const client = testKafkaClient('consumer-test');
const admin = new KafkaAdmin(client);
const producer = new Producer(client);
afterAll(async () => {
  await producer.disconnect();
  await admin.disconnect();
});

const values = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => ({
    key: `device-${(from + i) % 3}`,
    value: Buffer.from(String(from + i)),
  }));

describe('a consumer group', () => {
  it('resumes after a restart from its committed offsets: nothing twice, nothing lost', async () => {
    const topic = uniqueName('orders');
    const groupId = uniqueName('group');
    await admin.ensureTopics([{ name: topic, partitions: 3, cleanupPolicy: 'delete' }]);
    await producer.connect();
    await producer.send(topic, values(0, 30));

    const first: string[] = [];
    const before = new Consumer(client, { groupId, topics: [topic], fromBeginning: true });
    await before.start((record) => void first.push(record.value?.toString() ?? ''));
    await until(() => first.length === 30, {
      within: '30s',
      what: 'the first member reads all 30',
    });
    await before.stop();

    const committed = await admin.committedOffsets(groupId, topic);
    expect([...committed.values()].reduce((sum, o) => sum + Number(o), 0)).toBe(30);

    await producer.send(topic, values(30, 45));
    const second: string[] = [];
    const after = new Consumer(client, { groupId, topics: [topic], fromBeginning: true });
    await after.start((record) => void second.push(record.value?.toString() ?? ''));
    await until(() => second.length >= 15, {
      within: '30s',
      what: 'the restarted member reads the 15 new ones',
    });
    await after.stop();

    expect(second.map(Number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 15 }, (_, i) => 30 + i),
    );
    expect(new Set([...first, ...second]).size).toBe(45);
  });
});

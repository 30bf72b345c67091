import { testKafkaClient, uniqueName } from '@streamfold/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { KafkaAdmin, type TopicSpec } from './admin.js';
import { StreamfoldError } from './errors.js';

const client = testKafkaClient('admin-test');
const admin = new KafkaAdmin(client);
afterAll(() => admin.disconnect());

const spec = (overrides: Partial<TopicSpec> = {}): TopicSpec => ({
  name: uniqueName('topics'),
  partitions: 3,
  cleanupPolicy: 'delete',
  ...overrides,
});

describe('ensureTopics', () => {
  it('creates missing topics with their partitions, cleanup policy and retention', async () => {
    const events = spec({ retentionMs: -1 });
    const snapshots = spec({ cleanupPolicy: 'compact', partitions: 2 });
    const report = await admin.ensureTopics([events, snapshots]);
    expect(report.created.sort()).toEqual([events.name, snapshots.name].sort());

    // Ensuring again finds both exactly as specified: nothing created, no drift, no warning.
    const again = await admin.ensureTopics([events, snapshots]);
    expect(again).toEqual({ created: [], unchanged: [events.name, snapshots.name], warnings: [] });
  });

  it('reports an existing topic with another partition count as drift', async () => {
    const topic = spec({ partitions: 2 });
    await admin.ensureTopics([topic]);
    const error = await admin.ensureTopics([{ ...topic, partitions: 4 }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamfoldError);
    expect(error).toMatchObject({ code: 'TOPIC_DRIFT', retriable: false });
    expect((error as Error).message).toContain(`${topic.name} has 2 partitions, expected 4`);
  });

  it('reports an existing topic with another cleanup policy as drift', async () => {
    const topic = spec({ cleanupPolicy: 'delete' });
    await admin.ensureTopics([topic]);
    const error = await admin
      .ensureTopics([{ ...topic, cleanupPolicy: 'compact' }])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TOPIC_DRIFT' });
    expect((error as Error).message).toContain(
      `${topic.name} has cleanup.policy=delete, expected compact`,
    );
  });

  it('tolerates a retention an operator changed, but says so', async () => {
    const topic = spec({ retentionMs: 3_600_000 });
    await admin.ensureTopics([topic]);
    const report = await admin.ensureTopics([{ ...topic, retentionMs: 7_200_000 }]);
    expect(report.warnings).toEqual([`${topic.name} has retention.ms=3600000, spec says 7200000`]);
  });
});

import { describe, expect, it } from 'vitest';
import { defaultDeadLetterTopic } from '@streamfold/kafka';
import { systemTopics, topicNames, topics } from './topics.js';

const day = 86_400_000;
const specs = systemTopics({ partitions: 6, replicationFactor: 3 });
const specOf = (name: string) => {
  const spec = specs.find((s) => s.name === name);
  if (spec === undefined) throw new Error(`no spec for ${name}`);
  return spec;
};

describe('systemTopics', () => {
  it('has one spec per named topic, and no other', () => {
    expect(specs.map((s) => s.name).sort()).toEqual(Object.values(topics).sort());
    expect(new Set(specs.map((s) => s.name)).size).toBe(specs.length);
  });

  it('gives every topic the same partitions and replication (co-partitioning)', () => {
    for (const spec of specs) {
      expect([spec.name, spec.partitions, spec.replicationFactor]).toEqual([spec.name, 6, 3]);
    }
    expect(systemTopics({ partitions: 12, replicationFactor: 1 }).map((s) => s.partitions)).toEqual(
      Array.from({ length: specs.length }, () => 12),
    );
  });

  it('compacts only the snapshots; every other topic is a log', () => {
    expect(Object.fromEntries(specs.map((s) => [s.name, s.cleanupPolicy]))).toEqual({
      'telemetry.readings': 'delete',
      'device.commands': 'delete',
      'device.events': 'delete',
      'telemetry.aggregates': 'delete',
      'device.snapshots': 'compact',
      'telemetry.readings.dlq': 'delete',
      'device.commands.dlq': 'delete',
      'device.events.dlq': 'delete',
      'telemetry.aggregates.dlq': 'delete',
    });
  });

  it('keeps the event store forever and the other logs for a bounded time', () => {
    expect(Object.fromEntries(specs.map((s) => [s.name, s.retentionMs]))).toEqual({
      'telemetry.readings': 7 * day,
      'device.commands': 7 * day,
      'device.events': -1,
      'telemetry.aggregates': 28 * day,
      'device.snapshots': undefined,
      'telemetry.readings.dlq': 14 * day,
      'device.commands.dlq': 14 * day,
      'device.events.dlq': 14 * day,
      'telemetry.aggregates.dlq': 14 * day,
    });
  });

  it('lets old snapshots of a key be compacted away at once, in daily segments', () => {
    expect(specOf(topics.snapshots).config).toEqual({
      'min.compaction.lag.ms': '0',
      'segment.ms': String(day),
    });
    expect(specs.filter((s) => s.config !== undefined).map((s) => s.name)).toEqual([
      topics.snapshots,
    ]);
  });

  it('names each dead-letter topic after the topic whose bad records it keeps', () => {
    expect(topics.readingsDlq).toBe(defaultDeadLetterTopic(topics.readings));
    expect(topics.commandsDlq).toBe(defaultDeadLetterTopic(topics.commands));
    expect(topics.eventsDlq).toBe(defaultDeadLetterTopic(topics.events));
    expect(topics.aggregatesDlq).toBe(defaultDeadLetterTopic(topics.aggregates));
    expect(specOf(topics.readingsDlq).retentionMs).toBeGreaterThan(
      specOf(topics.readings).retentionMs ?? Infinity,
    );
  });
});

describe('topicNames', () => {
  it('are the system names, or the system names behind a prefix everywhere', () => {
    expect(topicNames()).toEqual(topics);
    expect(topicNames('t1.').events).toBe('t1.device.events');
    expect(
      systemTopics({ partitions: 3, replicationFactor: 1, prefix: 't1.' }).map((s) => s.name),
    ).toEqual(Object.values(topics).map((name) => `t1.${name}`));
  });
});

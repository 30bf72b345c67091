import type { TopicSpec } from '@streamfold/kafka';
import { z } from 'zod';

const day = 86_400_000;

export interface TopologyOptions {
  /** The same for every topic: co-partitioning puts one device on one partition number everywhere. */
  partitions: number;
  replicationFactor: number;
  /** Put before every topic name: keeps test runs, or several systems on one cluster, apart. */
  prefix?: string;
}

/** The names of the system's topics (DESIGN.md, Topics). */
export const topics = {
  readings: 'telemetry.readings',
  commands: 'device.commands',
  events: 'device.events',
  aggregates: 'telemetry.aggregates',
  snapshots: 'device.snapshots',
  readingsDlq: 'telemetry.readings.dlq',
  commandsDlq: 'device.commands.dlq',
  eventsDlq: 'device.events.dlq',
  aggregatesDlq: 'telemetry.aggregates.dlq',
} as const;

/** `TOPIC_PREFIX`: what every service and init put before the system's topic names. */
export const topicPrefixEnv = z
  .string()
  .regex(/^[A-Za-z0-9._-]*$/, 'only letters, digits, ".", "_" and "-"')
  .default('');

export type TopicNames = { readonly [K in keyof typeof topics]: string };

/** The system's topic names with a prefix (none by default: the names of `topics`). */
export function topicNames(prefix = ''): TopicNames {
  return Object.fromEntries(
    Object.entries(topics).map(([key, name]) => [key, `${prefix}${name}`]),
  ) as unknown as TopicNames;
}

/**
 * Every topic of the telemetry system with its partitions, cleanup policy and retention. The
 * one spec both `npm start` and the Docker topic-init job ensure.
 */
export function systemTopics(options: TopologyOptions): TopicSpec[] {
  const base = { partitions: options.partitions, replicationFactor: options.replicationFactor };
  const names = topicNames(options.prefix);
  return [
    { ...base, name: names.readings, cleanupPolicy: 'delete', retentionMs: 7 * day },
    { ...base, name: names.commands, cleanupPolicy: 'delete', retentionMs: 7 * day },
    // The event store: kept forever, never compacted (every event matters, not only the last per key).
    { ...base, name: names.events, cleanupPolicy: 'delete', retentionMs: -1 },
    { ...base, name: names.aggregates, cleanupPolicy: 'delete', retentionMs: 28 * day },
    {
      ...base,
      name: names.snapshots,
      cleanupPolicy: 'compact',
      // Old snapshots of a key may go soon after a newer one; restore reads only the latest.
      config: { 'min.compaction.lag.ms': '0', 'segment.ms': String(day) },
    },
    { ...base, name: names.readingsDlq, cleanupPolicy: 'delete', retentionMs: 14 * day },
    { ...base, name: names.commandsDlq, cleanupPolicy: 'delete', retentionMs: 14 * day },
    { ...base, name: names.eventsDlq, cleanupPolicy: 'delete', retentionMs: 14 * day },
    { ...base, name: names.aggregatesDlq, cleanupPolicy: 'delete', retentionMs: 14 * day },
  ];
}

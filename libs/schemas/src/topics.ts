import type { TopicSpec } from '@streamfold/kafka';

const day = 86_400_000;

export interface TopologyOptions {
  /** The same for every topic: co-partitioning puts one device on one partition number everywhere. */
  partitions: number;
  replicationFactor: number;
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

/**
 * Every topic of the telemetry system with its partitions, cleanup policy and retention. The
 * one spec both `npm start` and the Docker topic-init job ensure.
 */
export function systemTopics(options: TopologyOptions): TopicSpec[] {
  const base = { partitions: options.partitions, replicationFactor: options.replicationFactor };
  return [
    { ...base, name: topics.readings, cleanupPolicy: 'delete', retentionMs: 7 * day },
    { ...base, name: topics.commands, cleanupPolicy: 'delete', retentionMs: 7 * day },
    // The event store: kept forever, never compacted (every event matters, not only the last per key).
    { ...base, name: topics.events, cleanupPolicy: 'delete', retentionMs: -1 },
    { ...base, name: topics.aggregates, cleanupPolicy: 'delete', retentionMs: 28 * day },
    {
      ...base,
      name: topics.snapshots,
      cleanupPolicy: 'compact',
      // Old snapshots of a key may go soon after a newer one; restore reads only the latest.
      config: { 'min.compaction.lag.ms': '0', 'segment.ms': String(day) },
    },
    { ...base, name: topics.readingsDlq, cleanupPolicy: 'delete', retentionMs: 14 * day },
    { ...base, name: topics.commandsDlq, cleanupPolicy: 'delete', retentionMs: 14 * day },
    { ...base, name: topics.eventsDlq, cleanupPolicy: 'delete', retentionMs: 14 * day },
    { ...base, name: topics.aggregatesDlq, cleanupPolicy: 'delete', retentionMs: 14 * day },
  ];
}

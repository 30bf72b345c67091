import type { TopicSpec } from '@streamfold/kafka';
import {
  registerSubjects,
  schemaCatalog,
  subjectsOf,
  topicRecords,
  type SchemaRegistryClient,
} from '@streamfold/schemas';

const day = 86_400_000;

/** The example's topics, processor and group names; a prefix keeps runs (and tests) apart. */
export interface SeatNames {
  readonly prefix: string;
  readonly commands: string;
  readonly events: string;
  readonly snapshots: string;
  readonly commandsDlq: string;
  /** The processor: its consumer group and transactional-id prefix. */
  readonly processor: string;
  /** The availability projection's consumer group. */
  readonly projection: string;
}

export function seatNames(prefix = ''): SeatNames {
  return {
    prefix,
    commands: `${prefix}reservations.commands`,
    events: `${prefix}reservations.events`,
    snapshots: `${prefix}reservations.snapshots`,
    commandsDlq: `${prefix}reservations.commands.dlq`,
    processor: `${prefix}seat-availability`,
    projection: `${prefix}seat-availability-projection`,
  };
}

/** Co-partitioned: a conference's commands, events and snapshot share one partition number. */
export function seatTopics(
  names: SeatNames,
  partitions: number,
  replicationFactor = 1,
): TopicSpec[] {
  const base = { partitions, replicationFactor };
  return [
    { ...base, name: names.commands, cleanupPolicy: 'delete', retentionMs: 7 * day },
    // The event store: kept forever.
    { ...base, name: names.events, cleanupPolicy: 'delete', retentionMs: -1 },
    {
      ...base,
      name: names.snapshots,
      cleanupPolicy: 'compact',
      config: { 'min.compaction.lag.ms': '0', 'segment.ms': String(day) },
    },
    { ...base, name: names.commandsDlq, cleanupPolicy: 'delete', retentionMs: 14 * day },
  ];
}

const logical = ['reservations.commands', 'reservations.events', 'reservations.snapshots'] as const;

/** Registers the example's subjects under its (prefixed) topic names. */
export async function registerSeatSubjects(registry: SchemaRegistryClient, names: SeatNames) {
  const topics = Object.fromEntries(logical.map((t) => [t, topicRecords[t]]));
  return registerSubjects(
    registry,
    subjectsOf(topics, schemaCatalog, { topicName: (topic) => `${names.prefix}${topic}` }),
  );
}

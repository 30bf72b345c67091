/**
 * Where the read models stand in Kafka. A record is named by (topic, partition, offset); the
 * read models remember, per partition, the offset of the last record they applied, and a
 * record at or below it changes nothing: that is what makes redelivery harmless.
 */

/** The topics the projection reads, by their logical names (without the deployment's prefix). */
export const projectedTopics = ['device.events', 'telemetry.aggregates'] as const;
export type ProjectedTopic = (typeof projectedTopics)[number];

export interface Position {
  readonly topic: ProjectedTopic;
  readonly partition: number;
  /** Kafka's 64-bit offset, as a decimal string. */
  readonly offset: string;
}

/** Per topic, per partition (as a string key, as in JSON), the offset of the last applied record. */
export type Positions = Readonly<Record<ProjectedTopic, Readonly<Record<string, string>>>>;

export const emptyPositions = (): Positions => ({
  'device.events': {},
  'telemetry.aggregates': {},
});

/** Whether the record at `position` is already reflected by `positions`. */
export function isApplied(positions: Positions, position: Position): boolean {
  const last = positions[position.topic][String(position.partition)];
  return last !== undefined && BigInt(position.offset) <= BigInt(last);
}

/** `positions` with `position` applied: its partition moves to its offset, never back. */
export function advance(positions: Positions, position: Position): Positions {
  if (isApplied(positions, position)) return positions;
  return {
    ...positions,
    [position.topic]: {
      ...positions[position.topic],
      [String(position.partition)]: position.offset,
    },
  };
}

/**
 * A position as one stable string, the Server-Sent Events id of the record:
 * `device.events/1/42`. The same record has the same id in every instance and after a restart.
 */
export const positionId = (position: Position): string =>
  `${position.topic}/${position.partition}/${position.offset}`;

export function parsePositionId(id: string): Position | undefined {
  const match = /^([a-z.]+)\/(\d{1,9})\/(\d{1,19})$/.exec(id.trim());
  if (match === null) return undefined;
  const [, topic, partition, offset] = match;
  if (!isProjectedTopic(topic)) return undefined;
  return { topic, partition: Number(partition), offset: String(BigInt(offset ?? '0')) };
}

export const isProjectedTopic = (topic: string | undefined): topic is ProjectedTopic =>
  (projectedTopics as readonly (string | undefined)[]).includes(topic);

import type { KafkaAdmin } from '@streamfold/kafka';

/** Whether the group has committed past every record of the topic (empty partitions count as done). */
export async function allCommitted(
  admin: KafkaAdmin,
  group: string,
  topic: string,
): Promise<boolean> {
  const [ranges, committed] = await Promise.all([
    admin.offsetRanges(topic),
    admin.committedOffsets(group, topic),
  ]);
  return [...ranges].every(([p, { end }]) => end === '0' || committed.get(p) === end);
}

/** How many records the group has committed past, over all partitions. */
export async function committedCount(
  admin: KafkaAdmin,
  group: string,
  topic: string,
): Promise<number> {
  const committed = await admin.committedOffsets(group, topic);
  return [...committed.values()].reduce((sum, offset) => sum + Number(offset), 0);
}

import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import { KafkaAdmin } from './admin.js';
import { kafkajsOf, type KafkaClient } from './client.js';
import { toRecord } from './consumer.js';
import { mapped, StreamfoldError, toStreamfoldError } from './errors.js';
import type { ConsumedRecord } from './records.js';

export interface ReadPartitionsOptions {
  topic: string;
  /** The partitions to read; every partition of the topic when absent. */
  partitions?: readonly number[];
  /** Called with each record in offset order per partition, before the next batch is fetched. */
  onRecord: (record: ConsumedRecord) => void | Promise<void>;
  /** Called after each batch with the records read so far and the records to read in all. */
  onProgress?: (read: number, total: number) => void;
  /** Give up (with a retriable error) when the end is not reached by then. */
  withinMs?: number;
}

/**
 * Reads some partitions of a topic from their beginning to the end offsets they have when the
 * read starts, as a read_committed consumer sees them. Aborted records and transaction markers
 * are skipped but count as progress, so a partition whose last batch is a marker still
 * finishes. Commits nothing.
 *
 * kafkajs has no manual assignment, so the read runs in a throwaway group of one member whose
 * assigner hands it exactly the wanted partitions.
 */
export async function readPartitions(
  client: KafkaClient,
  options: ReadPartitionsOptions,
): Promise<{ records: number; ends: ReadonlyMap<number, string> }> {
  const { topic } = options;
  const admin = new KafkaAdmin(client);
  let ranges: Map<number, { start: string; end: string }>;
  try {
    ranges = await admin.offsetRanges(topic);
  } finally {
    await admin.disconnect();
  }
  const selected = new Map<number, { start: string; end: string }>();
  for (const partition of options.partitions ?? [...ranges.keys()]) {
    const range = ranges.get(partition);
    if (range === undefined) {
      throw new StreamfoldError('TOPIC_MISSING', `${topic} has no partition ${partition}`, {
        retriable: false,
      });
    }
    selected.set(partition, range);
  }
  const ends = new Map([...selected].map(([p, { end }]) => [p, end]));
  const total = [...selected.values()].reduce(
    (sum, { start, end }) => sum + Number(BigInt(end) - BigInt(start)),
    0,
  );
  const remaining = new Map(
    [...selected]
      .filter(([, { start, end }]) => BigInt(end) > BigInt(start))
      .map(([p, { end }]) => [p, end]),
  );
  let read = 0;
  if (remaining.size === 0) return { records: 0, ends };

  const consumer = kafkajsOf(client).consumer({
    groupId: `streamfold-read-${randomUUID()}`,
    readUncommitted: false,
    allowAutoTopicCreation: false,
    partitionAssigners: [exactly(topic, [...remaining.keys()])],
  });
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const progress = (partition: number, lastOffset: string): void => {
    const end = remaining.get(partition);
    if (end !== undefined && BigInt(lastOffset) >= BigInt(end) - 1n) remaining.delete(partition);
    if (remaining.size === 0) finish();
  };
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    if (payload.topic === topic) progress(payload.partition, payload.lastOffset);
  });

  const within = options.withinMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const left = [...remaining].map(([p, end]) => `partition ${p} (end ${end})`).join(', ');
      reject(
        new StreamfoldError(
          'KAFKA_TIMEOUT',
          `read of ${topic} did not reach its end within ${within} ms: ${left}`,
          { retriable: true },
        ),
      );
    }, within);
  });
  let failed: unknown;
  try {
    await mapped('read connect', () => consumer.connect());
    await mapped('read subscribe', () =>
      consumer.subscribe({ topics: [topic], fromBeginning: true }),
    );
    await mapped('read run', () =>
      consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const end = ends.get(batch.partition);
          try {
            for (const message of batch.messages) {
              if (end !== undefined && BigInt(message.offset) < BigInt(end)) {
                read += 1;
                await options.onRecord(toRecord(batch.topic, batch.partition, message));
              }
            }
          } catch (error) {
            failed ??= error;
            finish();
            throw error;
          }
          options.onProgress?.(read, total);
        },
      }),
    );
    await Promise.race([done, timedOut]);
    if (failed !== undefined) throw toStreamfoldError(failed, `read of ${topic}`);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return { records: read, ends };
}

/** An assigner for a group of one: that member gets exactly these partitions of the topic. */
function exactly(topic: string, partitions: readonly number[]): kafkajs.PartitionAssigner {
  return () => ({
    name: 'StreamfoldExactly',
    version: 0,
    assign: ({ members }) =>
      Promise.resolve(
        members.map(({ memberId }, index) => ({
          memberId,
          memberAssignment: kafkajs.AssignerProtocol.MemberAssignment.encode({
            version: 0,
            assignment: index === 0 ? { [topic]: [...partitions] } : {},
            userData: Buffer.alloc(0),
          }),
        })),
      ),
    protocol: ({ topics }) => ({
      name: 'StreamfoldExactly',
      metadata: kafkajs.AssignerProtocol.MemberMetadata.encode({
        version: 0,
        topics,
        userData: Buffer.alloc(0),
      }),
    }),
  });
}

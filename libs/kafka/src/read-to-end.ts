import { randomUUID } from 'node:crypto';
import { KafkaAdmin } from './admin.js';
import { kafkajsOf, type KafkaClient } from './client.js';
import { mapped, StreamfoldError } from './errors.js';
import { toRecord } from './consumer.js';
import type { ConsumedRecord } from './records.js';

export interface ReadToEndOptions {
  /** Give up (with a retriable error) when the end is not reached by then. */
  withinMs?: number;
}

/**
 * Reads every committed record of a topic, from the beginning to the end offsets it has when
 * the read starts, as a read_committed consumer sees them. Aborted records and transaction
 * markers are skipped but still count as progress, so a topic whose last batch is a marker
 * still finishes. Commits nothing: the group it uses is throwaway.
 */
export async function readToEnd(
  client: KafkaClient,
  topic: string,
  options: ReadToEndOptions = {},
): Promise<ConsumedRecord[]> {
  const admin = new KafkaAdmin(client);
  let ends: Map<number, string>;
  try {
    ends = await admin.endOffsets(topic);
  } finally {
    await admin.disconnect();
  }
  const remaining = new Map([...ends].filter(([, end]) => BigInt(end) > 0n));
  const records: ConsumedRecord[] = [];
  if (remaining.size === 0) return records;

  const consumer = kafkajsOf(client).consumer({
    groupId: `streamfold-read-to-end-${randomUUID()}`,
    readUncommitted: false,
    allowAutoTopicCreation: false,
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

  const within = options.withinMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const left = [...remaining].map(([p, end]) => `partition ${p} (end ${end})`).join(', ');
      reject(
        new StreamfoldError(
          'KAFKA_TIMEOUT',
          `read of ${topic} did not reach its end within ${within} ms: ${left}`,
          {
            retriable: true,
          },
        ),
      );
    }, within);
  });
  try {
    await mapped('read-to-end connect', () => consumer.connect());
    await mapped('read-to-end subscribe', () =>
      consumer.subscribe({ topics: [topic], fromBeginning: true }),
    );
    await mapped('read-to-end run', () =>
      consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const end = ends.get(batch.partition);
          for (const message of batch.messages) {
            if (end !== undefined && BigInt(message.offset) < BigInt(end)) {
              records.push(toRecord(batch.topic, batch.partition, message));
            }
          }
          await Promise.resolve();
        },
      }),
    );
    await Promise.race([done, timedOut]);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return records;
}

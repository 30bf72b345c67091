import type kafkajs from 'kafkajs';
import { kafkajsOf, type KafkaClient } from './client.js';
import { mapped } from './errors.js';
import type { ConsumedRecord } from './records.js';

export interface ConsumerOptions {
  groupId: string;
  topics: readonly string[];
  /** Where a group with no committed offset starts: the beginning, or only new records. */
  fromBeginning: boolean;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
}

export type RecordHandler = (record: ConsumedRecord) => Promise<void> | void;

/**
 * A consumer-group member that reads only committed transactional data (read_committed) and
 * commits a partition's offset only after the handler has finished every record before it,
 * at the end of each fetched batch: a crash re-delivers, it never skips.
 */
export class Consumer {
  private readonly consumer: kafkajs.Consumer;

  constructor(
    client: KafkaClient,
    private readonly options: ConsumerOptions,
  ) {
    this.consumer = kafkajsOf(client).consumer({
      groupId: options.groupId,
      readUncommitted: false,
      allowAutoTopicCreation: false,
      ...(options.sessionTimeoutMs === undefined
        ? {}
        : { sessionTimeout: options.sessionTimeoutMs }),
      ...(options.heartbeatIntervalMs === undefined
        ? {}
        : { heartbeatInterval: options.heartbeatIntervalMs }),
    });
  }

  async start(handle: RecordHandler): Promise<void> {
    await mapped('consumer connect', () => this.consumer.connect());
    await mapped('consumer subscribe', () =>
      this.consumer.subscribe({
        topics: [...this.options.topics],
        fromBeginning: this.options.fromBeginning,
      }),
    );
    await mapped('consumer run', () =>
      this.consumer.run({
        autoCommit: true,
        // Commit as soon as anything is resolved, i.e. at the end of each batch.
        autoCommitThreshold: 1,
        eachBatchAutoResolve: false,
        eachBatch: async (payload) => {
          const { batch } = payload;
          for (const message of batch.messages) {
            if (!payload.isRunning() || payload.isStale()) return;
            await handle(toRecord(batch.topic, batch.partition, message));
            payload.resolveOffset(message.offset);
            await payload.heartbeat();
          }
        },
      }),
    );
  }

  /** Leaves the group after the batch in hand is finished and its offsets committed. */
  stop(): Promise<void> {
    return mapped('consumer disconnect', () => this.consumer.disconnect());
  }
}

export function toRecord(
  topic: string,
  partition: number,
  message: kafkajs.KafkaMessage,
): ConsumedRecord {
  const headers: Record<string, Buffer | undefined> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    // A header repeated under one name arrives as an array; the last one wins, as in Java's lastHeader.
    const last = Array.isArray(value) ? value.at(-1) : value;
    headers[name] = last === undefined ? undefined : Buffer.from(last);
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers,
    timestamp: message.timestamp,
  };
}

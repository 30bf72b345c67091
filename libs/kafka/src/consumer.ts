import type kafkajs from 'kafkajs';
import { kafkajsOf, type KafkaClient } from './client.js';
import { BatchWrites, type DeadLetterRouting } from './batch-writes.js';
import { defaultDeadLetterTopic, type DeadLetter, type DeadLetterOptions } from './dead-letters.js';
import { mapped, toStreamfoldError } from './errors.js';
import type { ConsumedRecord, ProducedRecord } from './records.js';

export interface ConsumerOptions {
  groupId: string;
  topics: readonly string[];
  /** Where a group with no committed offset starts: the beginning, or only new records. */
  fromBeginning: boolean;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Where refused records go (`<topic>.dlq` by default) and what counts them. */
  deadLetters?: DeadLetterOptions;
  /**
   * Exactly-once: each batch's outputs, dead letters and consumer offsets commit in one Kafka
   * transaction under this id, or not at all. Without it, outputs and dead letters are written
   * (acks=all) before the offset moves: at least once.
   */
  transactionalId?: string;
}

/** A record the handler wants written, to any topic. */
export interface OutputRecord extends ProducedRecord {
  topic: string;
}

/**
 * What a handler makes of a record: nothing to write, records to write, or a dead letter. A
 * handler that throws a retriable error has the record delivered again; any other failure
 * sends the record to the dead-letter topic.
 */
export type HandlerResult = undefined | DeadLetter | { readonly produce: readonly OutputRecord[] };

// A handler with nothing to write is the common case, and `async () => {}` is a Promise<void>.
/* eslint-disable @typescript-eslint/no-invalid-void-type */
export type RecordHandler = (
  record: ConsumedRecord,
) => Promise<HandlerResult | void> | HandlerResult | void;
/* eslint-enable @typescript-eslint/no-invalid-void-type */

/**
 * A consumer-group member that reads only committed transactional data (read_committed),
 * handles each partition's records in order, and moves a partition's offset only past records
 * whose outputs and dead letters are written: a crash re-delivers, it never skips.
 */
export class Consumer {
  private readonly consumer: kafkajs.Consumer;
  private readonly producer: kafkajs.Producer;
  private readonly routing: DeadLetterRouting;

  constructor(
    client: KafkaClient,
    private readonly options: ConsumerOptions,
  ) {
    const kafka = kafkajsOf(client);
    this.consumer = kafka.consumer({
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
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      ...(options.transactionalId === undefined
        ? {}
        : { transactionalId: options.transactionalId }),
    });
    this.routing = {
      group: options.groupId,
      topicOf: options.deadLetters?.topicOf ?? defaultDeadLetterTopic,
    };
  }

  async start(handle: RecordHandler): Promise<void> {
    await mapped('producer connect', () => this.producer.connect());
    await mapped('consumer connect', () => this.consumer.connect());
    await mapped('consumer subscribe', () =>
      this.consumer.subscribe({
        topics: [...this.options.topics],
        fromBeginning: this.options.fromBeginning,
      }),
    );
    const transactional = this.options.transactionalId !== undefined;
    await mapped('consumer run', () =>
      this.consumer.run({
        // Transactions commit offsets themselves; otherwise commit at the end of each batch.
        autoCommit: !transactional,
        autoCommitThreshold: 1,
        eachBatchAutoResolve: false,
        eachBatch: (payload) =>
          transactional
            ? this.transactionalBatch(payload, handle)
            : this.atLeastOnceBatch(payload, handle),
      }),
    );
  }

  /** Leaves the group after the batch in hand is finished and its offsets committed. */
  async stop(): Promise<void> {
    await mapped('consumer disconnect', () => this.consumer.disconnect());
    await mapped('producer disconnect', () => this.producer.disconnect());
  }

  /** Outputs and dead letters written (acks=all) before the offset moves past them. */
  private async atLeastOnceBatch(
    payload: kafkajs.EachBatchPayload,
    handle: RecordHandler,
  ): Promise<void> {
    const { pending, last } = await this.handleBatch(payload, handle);
    if (last === undefined) return;
    await pending.write(this.producer);
    pending.countDeadLetters(this.options.deadLetters?.counter);
    payload.resolveOffset(last);
  }

  /** One transaction per batch: its outputs, its dead letters and the offset past its end. */
  private async transactionalBatch(
    payload: kafkajs.EachBatchPayload,
    handle: RecordHandler,
  ): Promise<void> {
    const { batch } = payload;
    const transaction = await mapped('begin transaction', () => this.producer.transaction());
    let handled: { pending: BatchWrites; last: string };
    try {
      const { pending, last } = await this.handleBatch(payload, handle);
      if (last === undefined) {
        await transaction.abort();
        return;
      }
      await pending.write(transaction);
      const offset = (BigInt(last) + 1n).toString();
      await transaction.sendOffsets({
        consumerGroupId: this.options.groupId,
        topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset }] }],
      });
      await transaction.commit();
      handled = { pending, last };
    } catch (error) {
      // Nothing of the batch is visible to read_committed readers; it is delivered again.
      await abortAfter(transaction, error);
      throw toStreamfoldError(error, `batch of ${batch.topic}[${batch.partition}]`);
    }
    handled.pending.countDeadLetters(this.options.deadLetters?.counter);
    payload.resolveOffset(handled.last);
  }

  /**
   * Handles the batch's records in order, until the consumer stops or the partition is sought
   * elsewhere: what they produced, and the offset of the last one handled.
   */
  private async handleBatch(
    payload: kafkajs.EachBatchPayload,
    handle: RecordHandler,
  ): Promise<{ pending: BatchWrites; last: string | undefined }> {
    const { batch } = payload;
    const pending = new BatchWrites();
    let last: string | undefined;
    for (const message of batch.messages) {
      if (!payload.isRunning() || payload.isStale()) break;
      await pending.handle(toRecord(batch.topic, batch.partition, message), handle, this.routing);
      last = message.offset;
      await payload.heartbeat();
    }
    return { pending, last };
  }
}

async function abortAfter(transaction: kafkajs.Transaction, cause: unknown): Promise<void> {
  try {
    await transaction.abort();
  } catch (abortError) {
    // The broker aborts it anyway when the transaction times out or the id is fenced; the
    // failure reported is the one that made us abort.
    throw toStreamfoldError(cause, `abort failed (${String(abortError)}) after`);
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

import kafkajs from 'kafkajs';
import { kafkajsOf, type KafkaClient } from './client.js';
import { mapped, StreamfoldError } from './errors.js';
import type { ProducedBatch, ProducedRecord } from './records.js';

export interface ProducerOptions {
  /** How long a send may wait for the brokers before failing with a retriable error. */
  sendTimeoutMs?: number;
  /**
   * Makes `sendAtomically` available: each call is one transaction under this id. Unique per
   * running instance (a second instance with the same id fences the first).
   */
  transactionalId?: string;
  /**
   * How long the broker keeps a transaction of a vanished instance open before aborting it;
   * read_committed readers of its partitions wait that long. 10 s by default.
   */
  transactionTimeoutMs?: number;
}

export interface AtomicSendOptions {
  /**
   * Asked once the records are written, just before the commit: false aborts them instead (the
   * caller stopped waiting and told its client nothing was written). Once it answers true the
   * commit goes ahead, however long it takes.
   */
  beforeCommit?: () => boolean;
}

/**
 * An idempotent producer that waits for every in-sync replica (acks=all): a send that
 * resolves is durable, and a retried send is never written twice. Keys are partitioned
 * with murmur2 like the Java client, so records of one key land on the same partition
 * number in every co-partitioned topic whoever wrote them.
 */
interface Pending {
  readonly topic: string;
  readonly records: readonly ProducedRecord[];
  readonly bytes: number;
  readonly options: AtomicSendOptions;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/** A group commit's records stay under the broker's 1 MiB record batch. */
const maxGroupBytes = 512 * 1024;

export class Producer {
  private readonly producer: kafkajs.Producer;
  private readonly timeout: number;

  /** Atomic sends waiting for the next transaction, and whether one is being written. */
  private readonly waiting: Pending[] = [];
  private draining = false;

  constructor(
    client: KafkaClient,
    private readonly options: ProducerOptions = {},
  ) {
    this.timeout = options.sendTimeoutMs ?? 30_000;
    this.producer = kafkajsOf(client).producer({
      idempotent: true,
      // kafkajs keeps ordering under idempotence only with one request in flight.
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: kafkajs.Partitioners.DefaultPartitioner,
      ...(options.transactionalId === undefined
        ? {}
        : {
            transactionalId: options.transactionalId,
            transactionTimeout: options.transactionTimeoutMs ?? 10_000,
            // The broker answers CONCURRENT_TRANSACTIONS while the previous commit's markers
            // are written, for a few milliseconds: retry soon (as the Java client does), not
            // after kafkajs's 300 ms.
            retry: { initialRetryTime: 20, retries: 8 },
          }),
    });
  }

  /**
   * Writes the records in one transaction: read_committed readers see all of them or none,
   * whatever partitions and brokers they span. Sends that arrive while a transaction is being
   * written share the next one (a group commit: a kafkajs producer has one transaction at a
   * time), each still all or nothing.
   */
  sendAtomically(
    topic: string,
    records: readonly ProducedRecord[],
    options: AtomicSendOptions = {},
  ): Promise<void> {
    if (this.options.transactionalId === undefined) {
      return Promise.reject(
        new Error('sendAtomically needs a producer created with a transactionalId'),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const bytes = records.reduce((n, r) => n + (r.value?.length ?? 0) + 64, 0);
      this.waiting.push({ topic, records, bytes, options, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.waiting.length > 0) await this.transact(this.nextGroup());
    } finally {
      this.draining = false;
    }
  }

  /** The oldest waiting sends up to one request's worth of bytes (at least one send). */
  private nextGroup(): Pending[] {
    let bytes = 0;
    let count = 0;
    for (const pending of this.waiting) {
      if (count > 0 && bytes + pending.bytes > maxGroupBytes) break;
      bytes += pending.bytes;
      count += 1;
    }
    return this.waiting.splice(0, count);
  }

  private async transact(group: Pending[]): Promise<void> {
    let transaction: kafkajs.Transaction | undefined;
    try {
      transaction = await mapped('begin transaction', () => this.producer.transaction());
      const byTopic = new Map<string, kafkajs.Message[]>();
      for (const { topic, records } of group) {
        byTopic.set(topic, [...(byTopic.get(topic) ?? []), ...records.map(toMessage)]);
      }
      const open = transaction;
      await mapped(`produce to ${[...byTopic.keys()].join(', ')}`, () =>
        open.sendBatch({
          acks: -1,
          timeout: this.timeout,
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        }),
      );
      const abandoned = group.filter((pending) => pending.options.beforeCommit?.() === false);
      if (abandoned.length > 0) {
        await open.abort();
        for (const pending of abandoned) {
          pending.reject(
            new StreamfoldError(
              'KAFKA_TIMEOUT',
              `produce to ${pending.topic}: the caller stopped waiting; the records are aborted`,
              { retriable: true },
            ),
          );
        }
        // The others go again, first, in a transaction of their own.
        this.waiting.unshift(...group.filter((pending) => !abandoned.includes(pending)));
        return;
      }
      await mapped('commit', () => open.commit());
      for (const pending of group) pending.resolve();
    } catch (error) {
      // The broker aborts it anyway once the transaction times out or the id is fenced.
      await transaction?.abort().catch(() => undefined);
      for (const pending of group) {
        pending.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  connect(): Promise<void> {
    return mapped('producer connect', () => this.producer.connect());
  }

  disconnect(): Promise<void> {
    return mapped('producer disconnect', () => this.producer.disconnect());
  }

  async send(topic: string, records: readonly ProducedRecord[]): Promise<ProducedBatch[]> {
    const result = await mapped(`produce to ${topic}`, () =>
      this.producer.send({
        topic,
        acks: -1,
        timeout: this.timeout,
        messages: records.map(toMessage),
      }),
    );
    return result.map((r) => ({
      topic: r.topicName,
      partition: r.partition,
      baseOffset: r.baseOffset ?? '-1',
    }));
  }
}

export function toMessage(record: ProducedRecord): kafkajs.Message {
  return {
    key: record.key,
    value: record.value,
    ...(record.headers === undefined ? {} : { headers: record.headers }),
    ...(record.partition === undefined ? {} : { partition: record.partition }),
    ...(record.timestamp === undefined ? {} : { timestamp: record.timestamp }),
  };
}

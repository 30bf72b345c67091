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
export class Producer {
  private readonly producer: kafkajs.Producer;
  private readonly timeout: number;

  /** Atomic sends run one after the other: a kafkajs producer has one transaction at a time. */
  private atomic: Promise<unknown> = Promise.resolve();

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
          }),
    });
  }

  /**
   * Writes the records in one transaction: read_committed readers see all of them or none,
   * whatever partitions and brokers they span. Calls run one after the other.
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
    const run = this.atomic.then(() => this.transact(topic, records, options));
    this.atomic = run.catch(() => undefined);
    return run;
  }

  private async transact(
    topic: string,
    records: readonly ProducedRecord[],
    options: AtomicSendOptions,
  ): Promise<void> {
    const transaction = await mapped('begin transaction', () => this.producer.transaction());
    try {
      await mapped(`produce to ${topic}`, () =>
        transaction.send({
          topic,
          acks: -1,
          timeout: this.timeout,
          messages: records.map(toMessage),
        }),
      );
      if (options.beforeCommit?.() === false) {
        throw new StreamfoldError(
          'KAFKA_TIMEOUT',
          `produce to ${topic}: the caller stopped waiting; the records are aborted`,
          { retriable: true },
        );
      }
      await mapped(`commit to ${topic}`, () => transaction.commit());
    } catch (error) {
      // The broker aborts it anyway once the transaction times out or the id is fenced.
      await transaction.abort().catch(() => undefined);
      throw error;
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

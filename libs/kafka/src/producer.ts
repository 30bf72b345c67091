import kafkajs from 'kafkajs';
import { kafkajsOf, type KafkaClient } from './client.js';
import { mapped } from './errors.js';
import type { ProducedBatch, ProducedRecord } from './records.js';

export interface ProducerOptions {
  /** How long a send may wait for the brokers before failing with a retriable error. */
  sendTimeoutMs?: number;
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

  constructor(client: KafkaClient, options: ProducerOptions = {}) {
    this.timeout = options.sendTimeoutMs ?? 30_000;
    this.producer = kafkajsOf(client).producer({
      idempotent: true,
      // kafkajs keeps ordering under idempotence only with one request in flight.
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: kafkajs.Partitioners.DefaultPartitioner,
    });
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

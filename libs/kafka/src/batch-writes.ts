import type kafkajs from 'kafkajs';
import {
  deadLetterFor,
  deadLetterRecord,
  isDeadLetter,
  type DeadLetterCounter,
} from './dead-letters.js';
import type { HandlerResult, OutputRecord, RecordHandler } from './consumer.js';
import { mapped } from './errors.js';
import { toMessage } from './producer.js';
import type { ConsumedRecord } from './records.js';

/** Where a consumer's refused records go, and under which group they are signed. */
export interface DeadLetterRouting {
  readonly group: string;
  readonly topicOf: (topic: string) => string;
}

/**
 * What a batch's records produced: outputs and dead letters by topic, written in one request
 * (through the producer, or the batch's transaction), and the dead letters to count after.
 */
export class BatchWrites {
  private readonly byTopic = new Map<string, kafkajs.Message[]>();
  readonly letters: { topic: string; reason: string }[] = [];

  add({ topic, ...record }: OutputRecord): void {
    const list = this.byTopic.get(topic);
    if (list === undefined) this.byTopic.set(topic, [toMessage(record)]);
    else list.push(toMessage(record));
  }

  /**
   * Runs the handler on one record and keeps what it produced. A thrown error that is not
   * retriable becomes a dead letter; a retriable one is rethrown, so the batch fails.
   */
  async handle(record: ConsumedRecord, handle: RecordHandler, routing: DeadLetterRouting) {
    let result: HandlerResult;
    try {
      result = (await handle(record)) ?? undefined;
    } catch (error) {
      const letter = deadLetterFor(error);
      if (letter === undefined) throw error;
      result = letter;
    }
    if (result === undefined) return;
    if (isDeadLetter(result)) {
      const letter = deadLetterRecord(record, result, { group: routing.group, at: new Date() });
      this.add({ topic: routing.topicOf(record.topic), ...letter });
      this.letters.push({ topic: record.topic, reason: result.reason });
      return;
    }
    for (const output of result.produce) this.add(output);
  }

  /**
   * Writes everything, in order, in requests of at most `maxRequestBytes`: kafkajs puts each
   * partition's messages of a request in one record batch, and a broker refuses a batch over
   * its `message.max.bytes` (1 MiB by default). In a transaction the requests all belong to it.
   */
  /** Counts the dead letters, once their batch is committed. */
  countDeadLetters(counter: DeadLetterCounter | undefined): void {
    for (const labels of this.letters) counter?.inc(labels);
  }

  async write(sender: kafkajs.Sender, maxRequestBytes = 512 * 1024): Promise<void> {
    if (this.byTopic.size === 0) return;
    let request = new Map<string, kafkajs.Message[]>();
    let bytes = 0;
    const flush = async () => {
      if (request.size === 0) return;
      const topicMessages = [...request].map(([topic, messages]) => ({ topic, messages }));
      await mapped(`produce to ${[...request.keys()].join(', ')}`, () =>
        sender.sendBatch({ acks: -1, topicMessages }),
      );
      request = new Map();
      bytes = 0;
    };
    for (const [topic, messages] of this.byTopic) {
      for (const message of messages) {
        const size = sizeOf(message);
        if (bytes > 0 && bytes + size > maxRequestBytes) await flush();
        const list = request.get(topic);
        if (list === undefined) request.set(topic, [message]);
        else list.push(message);
        bytes += size;
      }
    }
    await flush();
  }
}

/** A message's bytes on the wire, near enough: key, value, headers and a record's overhead. */
function sizeOf(message: kafkajs.Message): number {
  const length = (value: unknown) =>
    typeof value === 'string'
      ? Buffer.byteLength(value)
      : Buffer.isBuffer(value)
        ? value.length
        : 0;
  let size = 64 + length(message.key) + length(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    size +=
      Buffer.byteLength(name) +
      (Array.isArray(value) ? value.map(length).reduce((a, b) => a + b, 0) : length(value));
  }
  return size;
}

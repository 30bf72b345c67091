import type kafkajs from 'kafkajs';
import { deadLetterFor, deadLetterRecord, isDeadLetter } from './dead-letters.js';
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

  async write(sender: kafkajs.Sender): Promise<void> {
    if (this.byTopic.size === 0) return;
    const topicMessages = [...this.byTopic].map(([topic, messages]) => ({ topic, messages }));
    await mapped(`produce to ${[...this.byTopic.keys()].join(', ')}`, () =>
      sender.sendBatch({ acks: -1, topicMessages }),
    );
  }
}

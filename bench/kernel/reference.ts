/**
 * The reference the processor is measured against: a plain kafkajs consumer that does nothing
 * with what it reads. It imports kafkajs directly, bypassing libs/kafka, on purpose: it is the
 * floor the kernel is built on (fetch, decode the batch, commit), so it must carry none of the
 * kernel's own work (fencing, transactions, decoding, state, snapshots).
 */
import kafkajs from 'kafkajs';
import { kafkajsConnectionOf, type ResolvedKafkaConfig } from '@streamfold/kafka';
import { within, type Timing } from './context.js';

/**
 * Reads `topic` from the beginning in a fresh group with kafkajs's defaults (eachBatch with
 * eachBatchAutoResolve, autoCommit after every batch, read_committed), until the group has
 * committed every partition to `ends`. The clock starts once `run` resolves, that is once the
 * group is joined, exactly as for the processor.
 */
export async function timeNoopConsumer(
  config: ResolvedKafkaConfig,
  topic: string,
  groupId: string,
  ends: ReadonlyMap<number, string>,
  withinMs: number,
): Promise<Timing> {
  const kafka = new kafkajs.Kafka({
    ...kafkajsConnectionOf(config),
    clientId: `${config.clientId}-reference`,
    logLevel: kafkajs.logLevel.WARN,
  });
  const consumer = kafka.consumer({ groupId });
  const total = [...ends.values()].reduce((sum, end) => sum + Number(end), 0);
  // Keyed by the partition as text: kafkajs 2.2.4 types the committed partitions as numbers
  // but passes strings, so both are looked up by their text.
  const waiting = new Map(
    [...ends].filter(([, end]) => end !== '0').map(([partition, end]) => [`${partition}`, end]),
  );
  let seen = 0;
  let seenAt: number | undefined;
  let finish: () => void = () => undefined;
  const committedAll = new Promise<void>((resolve) => (finish = resolve));
  // Emitted after the broker acknowledged the commit: the same finish line as the processor's.
  consumer.on(consumer.events.COMMIT_OFFSETS, ({ payload }) => {
    for (const { topic: committed, partitions } of payload.topics) {
      if (committed !== topic) continue;
      for (const { partition, offset } of partitions) {
        const end = waiting.get(`${partition}`);
        if (end !== undefined && BigInt(offset) >= BigInt(end)) waiting.delete(`${partition}`);
      }
    }
    if (waiting.size === 0) finish();
  });

  const started = performance.now();
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachBatch: ({ batch }) => {
        seen += batch.messages.length;
        if (seen >= total) seenAt ??= performance.now();
        return Promise.resolve();
      },
    });
    const joined = performance.now();
    await within(committedAll, withinMs, `the no-op consumer did not commit ${topic} to its end`);
    const done = performance.now();
    return {
      joinMs: joined - started,
      runMs: done - joined,
      notes: `saw all after ${((seenAt ?? done) - joined).toFixed(0)} ms`,
    };
  } finally {
    await consumer.disconnect();
  }
}

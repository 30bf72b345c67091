import type { KafkaClient } from './client.js';
import { readPartitions } from './read-partitions.js';
import type { ConsumedRecord } from './records.js';

export interface ReadToEndOptions {
  /** Give up (with a retriable error) when the end is not reached by then. */
  withinMs?: number;
}

/**
 * Every committed record of a topic, from the beginning to the end offsets it has when the
 * read starts, as a read_committed consumer sees them, in offset order per partition.
 */
export async function readToEnd(
  client: KafkaClient,
  topic: string,
  options: ReadToEndOptions = {},
): Promise<ConsumedRecord[]> {
  const records: ConsumedRecord[] = [];
  await readPartitions(client, {
    topic,
    onRecord: (record) => void records.push(record),
    ...(options.withinMs === undefined ? {} : { withinMs: options.withinMs }),
  });
  return records;
}

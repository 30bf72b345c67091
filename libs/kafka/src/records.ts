/** Header values as Kafka carries them: bytes, or a string that will be UTF-8 encoded. */
export type HeaderValue = Buffer | string;

/** A record to write. `key` decides the partition unless `partition` is given. */
export interface ProducedRecord {
  key: Buffer | string | null;
  value: Buffer | null;
  headers?: Record<string, HeaderValue>;
  partition?: number;
  /** Milliseconds since the epoch, as a string (Kafka's int64). */
  timestamp?: string;
}

/** A record as read from a topic. Offsets are strings because Kafka's are 64-bit. */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | undefined>;
  timestamp: string;
}

/** Where one produce request landed, per partition. */
export interface ProducedBatch {
  topic: string;
  partition: number;
  baseOffset: string;
}

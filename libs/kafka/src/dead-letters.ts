/**
 * Dead letters: a record a consumer cannot take (bytes that do not decode, a value that breaks
 * a rule) goes, unchanged, to `<topic>.dlq` with headers saying why and where it came from,
 * and the consumer moves on. Nothing is dropped and one bad record never stops a partition.
 */
import { StreamfoldError } from './errors.js';
import type { ConsumedRecord, ProducedRecord } from './records.js';

/** What a handler returns for a record it refuses. */
export interface DeadLetter {
  readonly deadLetter: true;
  /** A short, stable word an operator filters by: `not-wire-format`, `unknown-device`. */
  readonly reason: string;
  /** What was wrong, in words. */
  readonly error: string;
}

export const deadLetter = (reason: string, error: string): DeadLetter => ({
  deadLetter: true,
  reason,
  error,
});

export const isDeadLetter = (value: unknown): value is DeadLetter =>
  typeof value === 'object' &&
  value !== null &&
  (value as { deadLetter?: unknown }).deadLetter === true;

/** The headers a dead letter carries besides the original record's own. */
export const deadLetterHeaders = {
  reason: 'dlq.reason',
  error: 'dlq.error',
  topic: 'dlq.source.topic',
  partition: 'dlq.source.partition',
  offset: 'dlq.source.offset',
  group: 'dlq.consumer.group',
  time: 'dlq.time',
} as const;

/** Dead-letter headers longer than this are cut: a header is for reading, not for a dump. */
const maxErrorLength = 2_000;

/**
 * A failure a handler threw, as a dead letter, or undefined when it is retriable (trying the
 * record again can succeed, so it must not be set aside). A `reason` the error carries (a
 * SerdeError's) is kept; otherwise the error's code, or `handler-error` for a plain Error.
 */
export function deadLetterFor(error: unknown): DeadLetter | undefined {
  if (error instanceof StreamfoldError) {
    if (error.retriable) return undefined;
    const reason = (error as { reason?: unknown }).reason;
    return deadLetter(
      typeof reason === 'string' ? reason : error.code.toLowerCase().replaceAll('_', '-'),
      error.message,
    );
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return deadLetter('handler-error', message);
}

export interface DeadLetterContext {
  readonly group: string;
  readonly at: Date;
}

/** The record to write to the dead-letter topic: the original key, value and headers, and ours. */
export function deadLetterRecord(
  record: ConsumedRecord,
  letter: DeadLetter,
  context: DeadLetterContext,
): ProducedRecord {
  const headers: Record<string, Buffer | string> = {};
  for (const [name, value] of Object.entries(record.headers)) {
    if (value !== undefined) headers[name] = value;
  }
  Object.assign(headers, {
    [deadLetterHeaders.reason]: letter.reason,
    [deadLetterHeaders.error]: letter.error.slice(0, maxErrorLength),
    [deadLetterHeaders.topic]: record.topic,
    [deadLetterHeaders.partition]: String(record.partition),
    [deadLetterHeaders.offset]: record.offset,
    [deadLetterHeaders.group]: context.group,
    [deadLetterHeaders.time]: context.at.toISOString(),
  });
  return { key: record.key, value: record.value, headers, timestamp: record.timestamp };
}

/** Counts dead letters; a prom-client Counter with labels topic and reason fits. */
export interface DeadLetterCounter {
  inc(labels: { topic: string; reason: string }): void;
}

export interface DeadLetterOptions {
  /** The dead-letter topic of a source topic; `<topic>.dlq` unless told otherwise. */
  readonly topicOf?: (topic: string) => string;
  readonly counter?: DeadLetterCounter;
}

export const defaultDeadLetterTopic = (topic: string): string => `${topic}.dlq`;

/** A dead letter as an operator reads it: why, from where, when, and the original record. */
export interface DeadLetterView {
  readonly reason: string;
  readonly error: string;
  readonly source: string;
  readonly group: string;
  readonly time: string;
  readonly key: string | null;
  /** The original value's size and first bytes in hex. */
  readonly value: string;
  /** The original record's own headers. */
  readonly headers: Readonly<Record<string, string>>;
}

const ours = new Set<string>(Object.values(deadLetterHeaders));

export function viewDeadLetter(record: ConsumedRecord): DeadLetterView {
  const header = (name: string) => record.headers[name]?.toString() ?? '?';
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.headers)) {
    if (!ours.has(name) && value !== undefined) headers[name] = value.toString();
  }
  const value = record.value;
  return {
    reason: header(deadLetterHeaders.reason),
    error: header(deadLetterHeaders.error),
    source: `${header(deadLetterHeaders.topic)}[${header(deadLetterHeaders.partition)}]@${header(deadLetterHeaders.offset)}`,
    group: header(deadLetterHeaders.group),
    time: header(deadLetterHeaders.time),
    key: record.key?.toString() ?? null,
    value:
      value === null
        ? 'null'
        : `${value.length} bytes: ${value.subarray(0, 32).toString('hex')}${value.length > 32 ? '…' : ''}`,
    headers,
  };
}

import { StreamfoldError } from '@streamfold/kafka';

/**
 * Why bytes could not become a record, or a record bytes. Each is also the `reason` a dead
 * letter carries, so an operator can filter the DLQ by it.
 */
export type SerdeFailure =
  /** Not magic byte 0 followed by a 4-byte schema id. */
  | 'not-wire-format'
  /** The registry knows no schema with the id the bytes carry. */
  | 'unknown-schema-id'
  /** The writer's schema is not one this topic carries, or cannot be read as the reader's. */
  | 'schema-mismatch'
  /** The body does not decode with the writer's schema (truncated, garbage). */
  | 'malformed'
  /** A value to encode does not fit its schema. */
  | 'invalid-value'
  /** The schema to write with is not registered under the topic's subject. */
  | 'not-registered';

/** Bytes or a value that can never succeed as they are: not retriable; dead-letter them. */
export class SerdeError extends StreamfoldError {
  override readonly name = 'SerdeError';
  readonly reason: SerdeFailure;

  constructor(reason: SerdeFailure, message: string, cause?: unknown) {
    super('SERDE', message, { retriable: false, cause });
    this.reason = reason;
  }
}

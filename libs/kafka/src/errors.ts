import kafkajs from 'kafkajs';

/** What went wrong, in words a caller can branch on (never on message text). */
export type StreamfoldErrorCode =
  | 'KAFKA_UNAVAILABLE'
  | 'KAFKA_TIMEOUT'
  | 'KAFKA_FENCED'
  | 'KAFKA_PROTOCOL'
  | 'KAFKA_CLIENT'
  | 'TOPIC_DRIFT'
  | 'TOPIC_MISSING'
  | 'INVALID_CONFIG'
  | 'REGISTRY_UNAVAILABLE'
  | 'REGISTRY_REJECTED'
  | 'SERDE';

/**
 * The one error family of Streamfold. `retriable` tells a loop whether backing off and trying
 * again can succeed; `cause` keeps the original error for logs.
 */
export class StreamfoldError extends Error {
  override readonly name: string = 'StreamfoldError';
  readonly code: StreamfoldErrorCode;
  readonly retriable: boolean;

  constructor(
    code: StreamfoldErrorCode,
    message: string,
    options: { retriable: boolean; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retriable = options.retriable;
  }
}

export const isStreamfoldError = (error: unknown): error is StreamfoldError =>
  error instanceof StreamfoldError;

// Protocol error types after which this producer can never succeed again: another instance
// with the same transactional id has taken over (KIP-98 fencing).
const fencedTypes = new Set([
  'INVALID_PRODUCER_EPOCH',
  'PRODUCER_FENCED',
  'INVALID_PRODUCER_ID_MAPPING',
]);

const connectionErrors: ReadonlySet<string> = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSMetadataNotLoaded',
]);

/** Maps anything kafkajs throws into a StreamfoldError; StreamfoldErrors pass through. */
export function toStreamfoldError(error: unknown, context?: string): StreamfoldError {
  if (error instanceof StreamfoldError) return error;
  const prefix = context === undefined ? '' : `${context}: `;
  if (error instanceof kafkajs.KafkaJSError) {
    const message = `${prefix}${error.message}`;
    const type = error instanceof kafkajs.KafkaJSProtocolError ? error.type : undefined;
    if (type !== undefined && fencedTypes.has(type)) {
      return new StreamfoldError('KAFKA_FENCED', message, { retriable: false, cause: error });
    }
    // Not its subclasses (timeouts, a missing coordinator): those are failures of their own.
    const wrapsAFailure = error.name === 'KafkaJSNonRetriableError' && error.cause !== undefined;
    if (error instanceof kafkajs.KafkaJSNumberOfRetriesExceeded || wrapsAFailure) {
      // kafkajs's retrier wraps the real failure (the last one, or the first that may not be
      // retried, e.g. a fenced producer); classify by that one.
      if (error.cause === undefined) {
        return new StreamfoldError('KAFKA_CLIENT', message, { retriable: false, cause: error });
      }
      const last = toStreamfoldError(error.cause, context);
      return new StreamfoldError(last.code, message, { retriable: last.retriable, cause: error });
    }
    if (connectionErrors.has(error.name)) {
      return new StreamfoldError('KAFKA_UNAVAILABLE', message, { retriable: true, cause: error });
    }
    if (
      error instanceof kafkajs.KafkaJSRequestTimeoutError ||
      error instanceof kafkajs.KafkaJSTimeout
    ) {
      return new StreamfoldError('KAFKA_TIMEOUT', message, { retriable: true, cause: error });
    }
    if (type !== undefined) {
      return new StreamfoldError('KAFKA_PROTOCOL', message, {
        retriable: error.retriable,
        cause: error,
      });
    }
    return new StreamfoldError('KAFKA_CLIENT', message, {
      retriable: error.retriable,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new StreamfoldError('KAFKA_CLIENT', `${prefix}${message}`, {
    retriable: false,
    cause: error,
  });
}

/** Runs a kafkajs call and rethrows its failure as a StreamfoldError. */
export async function mapped<T>(context: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toStreamfoldError(error, context);
  }
}

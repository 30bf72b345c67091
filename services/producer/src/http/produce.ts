import { isStreamfoldError, type ProducedRecord } from '@streamfold/kafka';
import type { Logger } from '@streamfold/observability';
import type { Response } from 'express';
import type { KafkaGateway } from '../kafka/gateway.js';
import type { ProducerMetrics } from '../metrics.js';
import { reject } from './body.js';

export interface ProduceDeps {
  readonly gateway: KafkaGateway;
  /** How long a request waits for Kafka's acknowledgement before it is answered 503. */
  readonly sendTimeoutMs: number;
  /** What a 503 tells the client to wait before trying again. */
  readonly retryAfterSeconds: number;
  readonly metrics: Pick<ProducerMetrics, 'rejected'>;
  readonly logger: Logger;
}

/**
 * Writes a request's records in one send and answers true once Kafka acknowledged them all.
 * When Kafka (or the registry) does not answer in time it answers 503 with Retry-After itself
 * and returns false; any other failure is thrown, for the error handler's 500.
 */
export async function produceOr503(
  res: Response,
  deps: ProduceDeps,
  topic: string,
  build: () => Promise<readonly ProducedRecord[]>,
): Promise<boolean> {
  try {
    await deps.gateway.send(topic, build, { withinMs: deps.sendTimeoutMs });
    return true;
  } catch (error) {
    if (!isStreamfoldError(error) || !error.retriable) throw error;
    deps.logger.warn({ err: error, topic }, 'not acknowledged in time; answering 503');
    res.set('Retry-After', String(deps.retryAfterSeconds));
    const what =
      error.code === 'REGISTRY_UNAVAILABLE'
        ? 'The schema registry did not answer'
        : `Kafka did not acknowledge the records within ${deps.sendTimeoutMs} ms`;
    reject(
      res,
      deps.metrics,
      'kafka-unavailable',
      503,
      `${what} (${error.code}); send the same request again after ${deps.retryAfterSeconds} s`,
    );
    return false;
  }
}

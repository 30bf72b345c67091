import {
  Producer,
  StreamfoldError,
  type KafkaClient,
  type ProducedRecord,
} from '@streamfold/kafka';
import type { Logger } from '@streamfold/observability';
import type { ProducerMetrics } from '../metrics.js';

export interface GatewayOptions {
  /** How long the brokers may take to acknowledge a produce request (acks=all). */
  readonly ackTimeoutMs: number;
  /** Each send is one transaction under this id: unique per running instance. */
  readonly transactionalId: string;
  readonly metrics: Pick<ProducerMetrics, 'produced' | 'produceSeconds' | 'sendsInFlight'>;
  readonly logger: Logger;
}

export interface SendOptions {
  /**
   * Give up after this long with a retriable KAFKA_TIMEOUT, and then nothing is written: the
   * transaction is aborted instead of committed. Once its commit has begun, the send is waited
   * for whatever the time, so a timeout always means "not written".
   */
  readonly withinMs?: number;
}

/**
 * The service's one transactional producer (acks=all). It connects on first use and again after
 * a failed connect, so the service starts, and answers 503, while Kafka is away. Each `send`
 * writes its records in one transaction: read_committed readers (the aggregator) see all of a
 * request or none of it, across partitions and brokers, and a request answered with a timeout
 * is aborted, so a client that retries it never makes a duplicate.
 */
export class KafkaGateway {
  private readonly producer: Producer;
  private connecting: Promise<void> | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    client: KafkaClient,
    private readonly options: GatewayOptions,
  ) {
    this.producer = new Producer(client, {
      sendTimeoutMs: options.ackTimeoutMs,
      transactionalId: options.transactionalId,
    });
  }

  /** Connects once; a failed attempt is forgotten so that the next call tries again. */
  connect(): Promise<void> {
    if (this.stopped) {
      return Promise.reject(
        new StreamfoldError('KAFKA_UNAVAILABLE', 'the producer is shutting down', {
          retriable: true,
        }),
      );
    }
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = null;
      throw error;
    });
    return this.connecting;
  }

  /**
   * Builds the records (encoding may ask the registry) and writes them in one send. Resolves once
   * Kafka acknowledged all of them; rejects with a StreamfoldError (retriable when trying again
   * may succeed).
   */
  async send(
    topic: string,
    build: () => Promise<readonly ProducedRecord[]>,
    options: SendOptions = {},
  ): Promise<void> {
    let state: 'waiting' | 'committing' | 'abandoned' = 'waiting';
    const beforeCommit = (): boolean => {
      if (state === 'abandoned') return false;
      state = 'committing';
      return true;
    };
    const work = this.track(this.write(topic, build, beforeCommit));
    const { withinMs } = options;
    if (withinMs === undefined) return work;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        // Committing: its outcome, not the clock, says whether it was written.
        if (state !== 'waiting') return;
        state = 'abandoned';
        reject(
          new StreamfoldError(
            'KAFKA_TIMEOUT',
            `produce to ${topic}: Kafka did not acknowledge within ${withinMs} ms; nothing was written`,
            { retriable: true },
          ),
        );
      }, withinMs);
      work.then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  private async write(
    topic: string,
    build: () => Promise<readonly ProducedRecord[]>,
    beforeCommit: () => boolean,
  ): Promise<void> {
    const { metrics } = this.options;
    const end = metrics.produceSeconds.startTimer({ topic });
    try {
      await this.connect();
      const records = await build();
      await this.producer.sendAtomically(topic, records, { beforeCommit });
      metrics.produced.inc({ topic }, records.length);
      end({ outcome: 'ok' });
    } catch (error) {
      end({ outcome: 'error' });
      throw error;
    }
  }

  /** Keeps a send in the in-flight set until it settles, so shutdown can wait for it. */
  private track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    this.options.metrics.sendsInFlight.set(this.inFlight.size);
    const settled = (): void => {
      this.inFlight.delete(work);
      this.options.metrics.sendsInFlight.set(this.inFlight.size);
    };
    work.then(settled, settled);
    return work;
  }

  /**
   * Waits for the sends still in flight, including those a caller stopped waiting for, then
   * disconnects. Not sooner: kafkajs cannot cancel a send, and one cut off by a disconnect may
   * still reach a broker later from inside the client. The kafkajs retries bound the wait; the
   * service's shutdown deadline bounds it too.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    const pending = [...this.inFlight];
    if (pending.length > 0) {
      this.options.logger.info({ sends: pending.length }, 'waiting for sends in flight');
      await Promise.allSettled(pending);
    }
    if (this.connecting !== null) await this.producer.disconnect();
  }
}

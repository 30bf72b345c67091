import {
  deadLetterFor,
  readPartitions,
  TaskConsumer,
  type ConsumedRecord,
  type DeadLetterCounter,
  type HandlerResult,
  type KafkaClient,
  type TaskEvent,
} from '@streamfold/kafka';
import type { Logger } from '@streamfold/observability';
import {
  serdeFor,
  type DeviceEventsRecord,
  type SchemaRegistryClient,
  type TelemetryAggregatesRecord,
  type TopicNames,
  type TopicSerde,
} from '@streamfold/schemas';
import type { Position, ProjectedTopic } from '../domain/positions.js';
import type { ProjectedRecord } from '../domain/read-models.js';
import type { ReadModelStore } from '../store/store.js';

/** What the ingestion counts; prom-client's Counter and Histogram fit. */
export interface IngestionMetrics {
  recordsIn: { inc(labels: { topic: string }): void };
  /** Records at or below their partition's position: redelivered, so nothing changed. */
  skipped: { inc(labels: { topic: string }, value: number): void };
  deadLetters: DeadLetterCounter;
  batchSeconds: { observe(labels: { topic: string }, seconds: number): void };
}

export interface IngestionOptions {
  client: KafkaClient;
  registry: SchemaRegistryClient;
  names: TopicNames;
  /** This instance's own group: it must read every partition, so it shares it with no one. */
  groupId: string;
  store: ReadModelStore;
  logger: Logger;
  metrics: IngestionMetrics;
  /** Told the records each batch applied, in order: the stream and read-your-writes. */
  onApplied: (applied: readonly ProjectedRecord[]) => void;
  sessionTimeoutMs?: number;
  /** How long the start-up scan for the end offsets' last records may take. */
  catchUpScanMs?: number;
}

/** The records of the batch in hand of one partition number, waiting for its end. */
interface Pending {
  topic: string;
  records: ProjectedRecord[];
  /** The offset of the batch's last record, applied, skipped or dead-lettered. */
  last: string;
}

/** Whether the read models have caught up with the end offsets the topics had at start. */
export interface CatchUp {
  readonly ready: boolean;
  readonly detail: string;
}

/**
 * device.events and telemetry.aggregates into the store, read_committed, from the beginning,
 * in a consumer group of this instance alone (so it gets every partition). Each fetched batch
 * is decoded record by record (bytes that do not decode go to the topic's DLQ) and applied to
 * the store in one call at the batch's end; the store skips records it already applied.
 */
export class Ingestion {
  private readonly consumer: TaskConsumer;
  private readonly serdes: {
    events: TopicSerde<DeviceEventsRecord>;
    aggregates: TopicSerde<TelemetryAggregatesRecord>;
  };
  private readonly log: Logger;
  private readonly pending = new Map<number, Pending>();
  /** `${topic}/${partition}` (the topic's name on the cluster) → last applied offset. */
  private readonly applied = new Map<string, bigint>();
  /** The same, for every record whose batch finished: applied, skipped or dead-lettered. */
  private readonly handled = new Map<string, bigint>();
  /** Per partition, the last record below the end offsets seen at start; unknown while scanning. */
  private targets: Map<string, bigint> | undefined;
  private caughtUpOnce = false;
  private scanFailure: ((error: unknown) => void) | undefined;
  private readonly scanFailed: Promise<never>;

  constructor(private readonly options: IngestionOptions) {
    const { registry, names } = options;
    this.serdes = {
      events: serdeFor(registry, 'device.events', names.events),
      aggregates: serdeFor(registry, 'telemetry.aggregates', names.aggregates),
    };
    this.log = options.logger.child({ ns: 'projection.ingestion' });
    this.consumer = new TaskConsumer(options.client, {
      groupId: options.groupId,
      topics: [names.events, names.aggregates],
      transactionalIdPrefix: options.groupId,
      // The store's positions make a repeat harmless, so no transaction is needed; dead
      // letters are written (acks=all) before the offsets move.
      guarantee: 'at-least-once',
      deadLetters: { counter: options.metrics.deadLetters },
      onEvent: (event) => this.onTaskEvent(event),
      ...(options.sessionTimeoutMs === undefined
        ? {}
        : { sessionTimeoutMs: options.sessionTimeoutMs }),
    });
    this.scanFailed = new Promise<never>((_, reject) => (this.scanFailure = reject));
    this.scanFailed.catch(() => undefined);
  }

  /** Rejects when ingestion stopped for good on a failure it could not get past. */
  get failed(): Promise<never> {
    return Promise.race([this.consumer.failed, this.scanFailed]);
  }

  async start(): Promise<void> {
    const positions = await this.options.store.positions();
    for (const [topic, partitions] of Object.entries(positions)) {
      for (const [partition, offset] of Object.entries(partitions)) {
        this.applied.set(`${this.topicName(topic as ProjectedTopic)}/${partition}`, BigInt(offset));
      }
    }
    void this.scanEnds();
    await this.consumer.start({
      start: () => Promise.resolve(),
      handle: (record) => this.handle(record),
      endBatch: (partition) => this.endBatch(partition),
      committed: (partition) => this.committed(partition),
      drop: (partition) => void this.pending.delete(partition),
    });
  }

  /** Finishes the batch in hand and leaves the group. */
  stop(): Promise<void> {
    return this.consumer.stop();
  }

  /**
   * Caught up once every record below the end offsets seen at start is handled. Kafka's end
   * offset of a partition written in transactions counts the commit marker after the last
   * record, and a reader never receives markers; so the target is the last record itself,
   * found by a scan at start. Once caught up, it stays so.
   */
  catchUp(): CatchUp {
    if (this.caughtUpOnce) return { ready: true, detail: 'caught up' };
    if (this.targets === undefined) {
      return { ready: false, detail: 'reading the end offsets the topics had at start' };
    }
    const behind = [...this.targets]
      .filter(([key, last]) => (this.handled.get(key) ?? -1n) < last)
      .map(([key, last]) => `${key} (at ${String(this.handled.get(key) ?? 'none')}, to ${last})`);
    if (behind.length > 0) return { ready: false, detail: `catching up: ${behind.join(', ')}` };
    this.caughtUpOnce = true;
    this.log.info('caught up with the end offsets seen at start');
    return { ready: true, detail: 'caught up' };
  }

  /** The next offset to handle of a partition (`topic` as named on the cluster), if any was. */
  nextOffset(topic: string, partition: number): bigint | undefined {
    const last = this.handled.get(`${topic}/${partition}`);
    return last === undefined ? undefined : last + 1n;
  }

  private async handle(record: ConsumedRecord): Promise<HandlerResult> {
    const { topic, partition, offset } = record;
    this.options.metrics.recordsIn.inc({ topic });
    let pending = this.pending.get(partition);
    if (pending?.topic !== topic) {
      // A batch is one topic's partition; what another topic's batch left here did not finish.
      pending = { topic, records: [], last: offset };
      this.pending.set(partition, pending);
    }
    pending.last = offset;
    const key = `${topic}/${partition}`;
    const last = this.applied.get(key);
    if (last !== undefined && BigInt(offset) <= last) {
      this.options.metrics.skipped.inc({ topic }, 1);
      return undefined;
    }
    const position: Position = { topic: this.logicalTopic(topic), partition, offset };
    try {
      const decoded =
        position.topic === 'device.events'
          ? await this.serdes.events.decode(record.value)
          : await this.serdes.aggregates.decode(record.value);
      pending.records.push({ position, record: decoded });
      return undefined;
    } catch (error) {
      // Bytes that can never decode go to the DLQ; a registry that does not answer is retried.
      const letter = deadLetterFor(error);
      if (letter === undefined) throw error;
      this.log.warn(
        { topic, partition, offset, reason: letter.reason, error: letter.error },
        'record dead-lettered',
      );
      return letter;
    }
  }

  private async endBatch(partition: number): Promise<never[]> {
    const pending = this.pending.get(partition);
    if (pending === undefined || pending.records.length === 0) return [];
    const { applied, skipped } = await this.options.store.apply(pending.records);
    pending.records = [];
    for (const { position } of applied) {
      this.applied.set(
        `${this.topicName(position.topic)}/${position.partition}`,
        BigInt(position.offset),
      );
    }
    if (skipped > 0) this.options.metrics.skipped.inc({ topic: pending.topic }, skipped);
    if (applied.length > 0) this.options.onApplied(applied);
    return [];
  }

  /** The batch's dead letters are written and its offsets committed: all of it is handled. */
  private committed(partition: number): void {
    const pending = this.pending.get(partition);
    if (pending === undefined) return;
    this.handled.set(`${pending.topic}/${partition}`, BigInt(pending.last));
    this.pending.delete(partition);
  }

  private onTaskEvent(event: TaskEvent): void {
    switch (event.type) {
      case 'committed':
        this.options.metrics.batchSeconds.observe({ topic: event.topic }, event.durationMs / 1000);
        return;
      case 'aborted':
        this.log.warn(
          { partition: event.partition, attempt: event.attempt, err: event.error },
          'batch failed; retrying',
        );
        return;
      case 'assigned':
      case 'started':
        this.log.info({ partitions: event.partitions }, `partitions ${event.type}`);
        return;
      case 'fenced':
      case 'dropped':
        this.log.info({ partition: event.partition }, `partition ${event.type}`);
        return;
    }
  }

  /** Finds, per partition, the last record below the end offset it has now. */
  private async scanEnds(): Promise<void> {
    const started = Date.now();
    const attempts = 3;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const targets = new Map<string, bigint>();
        await Promise.all(
          [this.options.names.events, this.options.names.aggregates].map((topic) =>
            readPartitions(this.options.client, {
              topic,
              onRecord: (r) => void targets.set(`${r.topic}/${r.partition}`, BigInt(r.offset)),
              withinMs: this.options.catchUpScanMs ?? 600_000,
            }),
          ),
        );
        this.targets = targets;
        this.log.info(
          { partitions: targets.size, durationMs: Date.now() - started },
          'end offsets at start known; catching up',
        );
        return;
      } catch (error) {
        if (attempt >= attempts) {
          this.log.error({ err: error }, 'could not read the end offsets at start; giving up');
          this.scanFailure?.(error);
          return;
        }
        this.log.warn({ err: error, attempt }, 'could not read the end offsets at start; retrying');
        await new Promise((resolve) => setTimeout(resolve, 1_000 * attempt));
      }
    }
  }

  private logicalTopic(topic: string): ProjectedTopic {
    return topic === this.options.names.events ? 'device.events' : 'telemetry.aggregates';
  }

  private topicName(topic: ProjectedTopic): string {
    return topic === 'device.events' ? this.options.names.events : this.options.names.aggregates;
  }
}

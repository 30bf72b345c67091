import {
  deadLetter,
  isDeadLetter,
  StreamfoldError,
  TaskConsumer,
  type DeadLetterOptions,
  type HandlerResult,
  type KafkaClient,
  type OutputRecord,
  type TaskEvent,
  type TaskHandlers,
} from '@streamfold/kafka';
import type { Logger } from 'pino';
import { mergePartitions, rebuildFromEvents, restoreSnapshots } from './restore.js';
import {
  PartitionState,
  type KeyedHandler,
  type RebuildFrom,
  type SnapshotCodec,
} from './state.js';

export interface ProcessorOptions<S> {
  /**
   * The processor's name: its consumer group, and the prefix of its transactional ids
   * (`<name>-<partition>`). Keep it stable across deploys; a new name starts from scratch.
   */
  name: string;
  consumed: {
    /** Co-partitioned input topics keyed by entity id. */
    topics: readonly string[];
  };
  materialized: {
    /** A compacted topic with the inputs' partition count: one snapshot per key, latest wins. */
    snapshotTopic: string;
    codec: SnapshotCodec<S>;
    /** How to rebuild a partition whose snapshots this build cannot read. */
    rebuild?: RebuildFrom<S>;
  };
  handle: KeyedHandler<S>;
  /** `exactly-once` by default; `at-least-once` trades repeats after a crash for speed. */
  guarantee?: 'exactly-once' | 'at-least-once';
  deadLetters?: DeadLetterOptions;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  transactionTimeoutMs?: number;
  maxAttempts?: number;
  backoff?: { initialMs: number; maxMs: number };
  logger: Logger;
  /** Told about every step of every task: for metrics, and for tests that watch the protocol. */
  onEvent?: (event: ProcessorEvent) => void;
}

export type ProcessorEvent =
  | TaskEvent
  | { type: 'restored'; partitions: readonly number[]; keys: number; records: number }
  | { type: 'rebuilt'; partition: number; reason: string; keys: number; records: number };

/**
 * A stateful consume-transform-produce processor (Kafka Streams' shape, on kafkajs): each key's
 * state lives in memory on the member that owns its partition, and each batch commits its
 * outputs, the snapshots of the keys it changed and its input offsets in one transaction.
 */
export class Processor<S> {
  private readonly consumer: TaskConsumer;
  private readonly states = new Map<number, PartitionState<S>>();
  private readonly log: Logger;

  constructor(
    private readonly client: KafkaClient,
    private readonly options: ProcessorOptions<S>,
  ) {
    this.log = options.logger.child({ ns: 'streams.processor', processor: options.name });
    this.consumer = new TaskConsumer(client, {
      groupId: options.name,
      topics: options.consumed.topics,
      transactionalIdPrefix: options.name,
      onEvent: (event) => this.onTaskEvent(event),
      ...pick(options, [
        'guarantee',
        'deadLetters',
        'sessionTimeoutMs',
        'heartbeatIntervalMs',
        'transactionTimeoutMs',
        'maxAttempts',
        'backoff',
      ]),
    });
  }

  /** Rejects when the processor stopped for good on a failure it could not get past. */
  get failed(): Promise<never> {
    return this.consumer.failed;
  }

  async start(): Promise<void> {
    await this.consumer.start(this.handlers());
  }

  async stop(): Promise<void> {
    await this.consumer.stop({ drop: (partition) => this.states.delete(partition) });
  }

  /** The state of one key, if this member holds its partition. */
  stateOf(key: string): S | undefined {
    for (const partition of this.states.values()) {
      const state = partition.values.get(key);
      if (state !== undefined) return state;
    }
    return undefined;
  }

  /** Every key's state this member holds, whatever its partition. */
  snapshot(): Map<string, S> {
    return mergePartitions(new Map([...this.states].map(([p, state]) => [p, state.values])));
  }

  tasks(): { joined: boolean; assigned: number[]; active: number[] } {
    return this.consumer.tasks();
  }

  private handlers(): TaskHandlers {
    return {
      start: (partitions, heartbeat) => this.restore(partitions, heartbeat),
      handle: (record) => this.handleRecord(record),
      endBatch: (partition) => this.snapshots(partition),
      drop: (partition) => this.states.delete(partition),
    };
  }

  private async restore(partitions: readonly number[], heartbeat: () => Promise<void>) {
    const { snapshotTopic, codec, rebuild } = this.options.materialized;
    let beat = Promise.resolve();
    let beatFailed: { error: unknown } | undefined;
    let last = Date.now();
    // Heartbeats interleave with a long read; a rebalance found here aborts the start (after
    // the read, so the failure is caught at once and rethrown then, never left unhandled).
    const onProgress = () => {
      if (Date.now() - last < 1_000 || beatFailed !== undefined) return;
      last = Date.now();
      beat = beat.then(heartbeat).catch((error: unknown) => {
        beatFailed ??= { error };
      });
    };
    const heartbeatsHeld = async () => {
      await beat;
      if (beatFailed !== undefined) throw beatFailed.error;
    };
    const restored = await restoreSnapshots(this.client, snapshotTopic, codec, {
      partitions,
      onProgress,
    });
    await heartbeatsHeld();
    for (const [partition, why] of restored.unknownFormat) {
      if (rebuild === undefined) {
        throw new Error(
          `partition ${partition} of ${snapshotTopic} holds a snapshot this build cannot read (${why}) and no rebuild is configured`,
        );
      }
      this.log.warn(
        { partition, snapshotTopic, reason: why, from: rebuild.topic },
        'snapshot in an unknown format: rebuilding the partition from its events',
      );
      const rebuilt = await rebuildFromEvents(this.client, rebuild, {
        partitions: [partition],
        onProgress,
      });
      await heartbeatsHeld();
      const states = rebuilt.states.get(partition) ?? new Map<string, S>();
      restored.states.set(partition, states);
      this.onTaskEvent({
        type: 'rebuilt',
        partition,
        reason: why,
        keys: states.size,
        records: rebuilt.records,
      });
    }
    let keys = 0;
    for (const partition of partitions) {
      const state = new PartitionState<S>();
      for (const [key, value] of restored.states.get(partition) ?? []) state.values.set(key, value);
      keys += state.values.size;
      this.states.set(partition, state);
    }
    this.onTaskEvent({ type: 'restored', partitions, keys, records: restored.records });
  }

  private async handleRecord(
    record: Parameters<TaskHandlers['handle']>[0],
  ): Promise<HandlerResult> {
    const entityKey = record.key?.toString();
    if (entityKey === undefined) {
      return deadLetter('no-key', 'the record has no key, so it belongs to no entity');
    }
    const partition = this.states.get(record.partition);
    if (partition === undefined) {
      // Its task was dropped under the batch (the group moved on): fail the batch, not the record.
      throw new StreamfoldError(
        'KAFKA_CLIENT',
        `partition ${record.partition} has no state here: its task was dropped`,
        { retriable: true },
      );
    }
    const result = await this.options.handle(
      { ...record, entityKey },
      partition.values.get(entityKey),
    );
    partition.saw(record);
    if (result === undefined) return undefined;
    if (isDeadLetter(result)) return result;
    if (result.state !== undefined) partition.set(entityKey, result.state);
    return { produce: result.produce ?? [] };
  }

  private async snapshots(partition: number): Promise<OutputRecord[]> {
    const state = this.states.get(partition);
    if (state === undefined || state.changed.size === 0) return [];
    const { snapshotTopic, codec } = this.options.materialized;
    const context = {
      partition,
      positions: [...state.positions].map(([topic, offset]) => ({ topic, partition, offset })),
      takenAt: state.takenAt,
    };
    const records: OutputRecord[] = [];
    for (const key of state.changed) {
      const value = state.values.get(key);
      records.push({
        topic: snapshotTopic,
        key,
        partition,
        value: value === undefined ? null : await codec.encode(key, value, context),
      });
    }
    state.changed.clear();
    return records;
  }

  private onTaskEvent(event: ProcessorEvent): void {
    switch (event.type) {
      case 'committed':
        this.log.debug(event, 'batch committed');
        break;
      case 'fenced':
        this.log.warn(
          { partition: event.partition, err: event.error },
          'fenced: another member owns this partition now; its state here is dropped',
        );
        break;
      case 'aborted':
        this.log.warn(
          { partition: event.partition, attempt: event.attempt, err: event.error },
          'batch aborted: the task restarts from its last commit',
        );
        break;
      default:
        this.log.info(event, event.type);
    }
    this.options.onEvent?.(event);
  }
}

/** Starts a processor; resolves once it has joined its group and runs. */
export async function runProcessor<S>(
  client: KafkaClient,
  options: ProcessorOptions<S>,
): Promise<Processor<S>> {
  const processor = new Processor(client, options);
  await processor.start();
  return processor;
}

function pick<T extends object, K extends keyof T>(object: T, keys: readonly K[]): Pick<T, K> {
  const picked: Partial<T> = {};
  for (const key of keys) if (object[key] !== undefined) picked[key] = object[key];
  return picked as Pick<T, K>;
}

import type { KafkaAdmin } from '@streamfold/kafka';
import { Counter, Gauge, Histogram, type Registry } from '@streamfold/observability';
import type { ProcessorEvent } from '@streamfold/streams';

/**
 * The aggregator's metrics. Records out are held per partition until their batch commits, so
 * the count is what downstream read_committed consumers can see, not what was attempted.
 */
export class AggregatorMetrics {
  private readonly recordsIn: Counter<'topic'>;
  private readonly recordsOut: Counter<'topic'>;
  private readonly transactions: Counter<'outcome'>;
  private readonly batchSeconds: Histogram<'topic'>;
  private readonly refused: Counter<'reason'>;
  private readonly commands: Counter<'outcome'>;
  /** Counts of each partition's batch in flight, applied once it commits, dropped if it aborts. */
  private readonly pending = new Map<number, (() => void)[]>();

  constructor(registry: Registry) {
    const registers = [registry];
    this.recordsIn = new Counter({
      name: 'streamfold_records_in_total',
      help: 'Input records in committed batches, by topic',
      labelNames: ['topic'],
      registers,
    });
    this.recordsOut = new Counter({
      name: 'streamfold_records_out_total',
      help: 'Records written by committed batches, by topic (snapshots and dead letters excluded)',
      labelNames: ['topic'],
      registers,
    });
    this.transactions = new Counter({
      name: 'streamfold_transactions_total',
      help: 'Batch transactions, by outcome (committed, aborted, fenced)',
      labelNames: ['outcome'],
      registers,
    });
    this.batchSeconds = new Histogram({
      name: 'streamfold_batch_duration_seconds',
      help: 'From a batch handed over to its transaction committed, by input topic',
      labelNames: ['topic'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.refused = new Counter({
      name: 'streamfold_readings_refused_total',
      help: 'Readings the aggregator sent to the dead-letter topic in committed batches, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.commands = new Counter({
      name: 'streamfold_commands_total',
      help: 'Device commands handled in committed batches, by outcome (accepted, rejected, duplicate)',
      labelNames: ['outcome'],
      registers,
    });
  }

  /** Counts an output of a batch of `partition`, once that batch commits. */
  produced(partition: number, topic: string, count = 1): void {
    this.onCommit(partition, () => this.recordsOut.inc({ topic }, count));
  }

  commandHandled(partition: number, outcome: 'accepted' | 'rejected' | 'duplicate'): void {
    this.onCommit(partition, () => this.commands.inc({ outcome }));
  }

  readingRefused(partition: number, reason: string): void {
    this.onCommit(partition, () => this.refused.inc({ reason }));
  }

  private onCommit(partition: number, count: () => void): void {
    const counts = this.pending.get(partition);
    if (counts === undefined) this.pending.set(partition, [count]);
    else counts.push(count);
  }

  onProcessorEvent(event: ProcessorEvent): void {
    switch (event.type) {
      case 'committed': {
        this.transactions.inc({ outcome: 'committed' });
        this.recordsIn.inc({ topic: event.topic }, event.records);
        this.batchSeconds.observe({ topic: event.topic }, event.durationMs / 1000);
        for (const count of this.pending.get(event.partition) ?? []) count();
        this.pending.delete(event.partition);
        return;
      }
      case 'aborted':
      case 'fenced':
        this.transactions.inc({ outcome: event.type });
        this.pending.delete(event.partition);
        return;
      case 'dropped':
        this.pending.delete(event.partition);
        return;
      default:
        return;
    }
  }
}

/**
 * Consumer lag per input partition (end offset minus the group's committed offset), measured
 * when /metrics is scraped, so it is never older than the scrape.
 */
export function consumerLagGauge(
  registry: Registry,
  admin: KafkaAdmin,
  groupId: string,
  topics: readonly string[],
): Gauge<'topic' | 'partition'> {
  return new Gauge({
    name: 'streamfold_consumer_lag',
    help: 'Records in the input partitions not yet committed by the group',
    labelNames: ['topic', 'partition'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const topic of topics) {
        const [ranges, committed] = await Promise.all([
          admin.offsetRanges(topic),
          admin.committedOffsets(groupId, topic),
        ]);
        for (const [partition, { start, end }] of ranges) {
          // A partition the group never committed starts at the oldest record still held.
          const lag = BigInt(end) - BigInt(committed.get(partition) ?? start);
          this.set({ topic, partition: String(partition) }, Number(lag));
        }
      }
    },
  });
}

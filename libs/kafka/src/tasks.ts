/**
 * Exactly-once consume-transform-produce over co-partitioned topics, with kafkajs 2.2.4.
 *
 * kafkajs has no KIP-447: a transactional producer cannot be fenced through the consumer
 * group's generation. So, as Kafka Streams did before KIP-447, each partition number (a task:
 * that partition of every input topic) gets its own transactional id, `<prefix>-<partition>`.
 * Whoever takes a task over initialises that id first, which bumps its epoch: the broker then
 * refuses every later write and commit of the previous owner (a zombie) and aborts its open
 * transaction. Only after that does the new owner read the committed offsets and the state,
 * so it sees exactly what the last successful transaction left. See docs/architecture.md.
 */
import kafkajs from 'kafkajs';
import { KafkaAdmin } from './admin.js';
import { kafkajsOf, type KafkaClient } from './client.js';
import { toRecord, type OutputRecord, type RecordHandler } from './consumer.js';
import { BatchWrites, type DeadLetterRouting } from './batch-writes.js';
import { defaultDeadLetterTopic, type DeadLetterOptions } from './dead-letters.js';
import { mapped, StreamfoldError, toStreamfoldError } from './errors.js';

export interface TaskConsumerOptions {
  /** The consumer group; its committed offsets are part of each task's transactions. */
  groupId: string;
  /** Input topics, co-partitioned: the same partition count, keyed alike. */
  topics: readonly string[];
  /** Each task writes under the transactional id `<prefix>-<partition>`. Name it; never generate it. */
  transactionalIdPrefix: string;
  /**
   * `exactly-once` (the default): a batch's outputs, state and offsets commit in one
   * transaction. `at-least-once`: outputs are written (acks=all) before the offsets are
   * committed, so after a crash a batch is handled again (outputs repeat, and state already
   * snapshotted sees its records twice); no transactions, no fencing.
   */
  guarantee?: 'exactly-once' | 'at-least-once';
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** How long the broker lets a transaction stay open before aborting it; 60 s by default. */
  transactionTimeoutMs?: number;
  /** Where refused records go (`<topic>.dlq` by default) and what counts them. */
  deadLetters?: DeadLetterOptions;
  /** Failed attempts in a row of one task before the consumer gives up; 10 by default. */
  maxAttempts?: number;
  /** Backoff between attempts: doubles from `initialMs` up to `maxMs`. */
  backoff?: { initialMs: number; maxMs: number };
  /** Told about each step a task goes through, for logs and metrics. */
  onEvent?: (event: TaskEvent) => void;
}

export type DropReason = 'revoked' | 'failed' | 'fenced' | 'stopped';

export type TaskEvent =
  | { type: 'assigned'; partitions: readonly number[] }
  | { type: 'started'; partitions: readonly number[]; durationMs: number }
  | { type: 'committed'; partition: number; topic: string; records: number; durationMs: number }
  | { type: 'aborted'; partition: number; error: StreamfoldError; attempt: number }
  | { type: 'fenced'; partition: number; error: StreamfoldError }
  | { type: 'dropped'; partition: number; why: DropReason };

/** What the stateful layer does at each step of a task's life. */
export interface TaskHandlers {
  /**
   * The tasks are now this instance's: previous owners are fenced and the committed offsets
   * are final. Load their state (call `heartbeat` during a long load). Nothing of them is
   * handled before this resolves.
   */
  start: (partitions: readonly number[], heartbeat: () => Promise<void>) => Promise<void>;
  /** One input record, in offset order within its partition. */
  handle: RecordHandler;
  /** After a batch's records: what else its transaction writes (the snapshots of changed keys). */
  endBatch: (partition: number) => readonly OutputRecord[] | Promise<readonly OutputRecord[]>;
  /** The batch's transaction committed. */
  committed?: (partition: number) => void;
  /** The task's state is no longer this instance's or no longer to be trusted: forget it. */
  drop: (partition: number, why: DropReason) => void;
}

interface Task {
  readonly partition: number;
  readonly producer: kafkajs.Producer;
}

/** A heartbeat that found the group changing: kafkajs must see the original to rejoin. */
class GroupChanged extends Error {
  /** @param original the heartbeat's error, for kafkajs to rejoin on; none when already rejoined. */
  constructor(readonly original: unknown) {
    super('the consumer group is rebalancing');
  }
}

const assignerName = 'StreamfoldCoPartitioned';

/**
 * A consumer-group member that runs tasks: partition p of every input topic, handled in one
 * transaction per batch with the outputs, the dead letters, what `endBatch` adds and the
 * consumer offsets, under the task's own transactional id.
 */
export class TaskConsumer {
  private readonly kafka: kafkajs.Kafka;
  private readonly consumer: kafkajs.Consumer;
  private readonly admin: KafkaAdmin;
  private readonly routing: DeadLetterRouting;
  private readonly timing: { sessionTimeoutMs: number; heartbeatIntervalMs: number };
  /** Partition numbers the group gave this member in its last assignment. */
  private assigned = new Set<number>();
  /** Whether the group has given this member its (possibly empty) share yet. */
  private joined = false;
  /** Counts assignments: a batch or start begun under an older one must not commit. */
  private generation = 0;
  private memberId: string | undefined;
  /** When this member was fenced on a partition the group still gives it. */
  private readonly fencedAt = new Map<number, number>();
  private stopping = false;
  private readonly active = new Map<number, Task>();
  private readonly attempts = new Map<number, number>();
  private crashed: ((error: unknown) => void) | undefined;
  private readonly failure: Promise<never>;

  constructor(
    private readonly client: KafkaClient,
    private readonly options: TaskConsumerOptions,
  ) {
    this.kafka = kafkajsOf(client);
    const sessionTimeoutMs = options.sessionTimeoutMs ?? 30_000;
    this.timing = {
      sessionTimeoutMs,
      heartbeatIntervalMs:
        options.heartbeatIntervalMs ?? Math.min(3_000, Math.floor(sessionTimeoutMs / 3)),
    };
    this.admin = new KafkaAdmin(client);
    this.routing = {
      group: options.groupId,
      topicOf: options.deadLetters?.topicOf ?? defaultDeadLetterTopic,
    };
    this.consumer = this.kafka.consumer({
      groupId: options.groupId,
      readUncommitted: false,
      allowAutoTopicCreation: false,
      partitionAssigners: [this.coPartitionedAssigner()],
      sessionTimeout: this.timing.sessionTimeoutMs,
      heartbeatInterval: this.timing.heartbeatIntervalMs,
      // kafkajs heartbeats only between fetches, so a fetch may not wait on the broker longer
      // than a heartbeat interval: an idle member would otherwise miss its session.
      maxWaitTimeInMs: this.timing.heartbeatIntervalMs,
    });
    this.failure = new Promise<never>((_, reject) => (this.crashed = reject));
    // Nobody may be waiting on it yet; the rejection is still delivered to whoever waits later.
    this.failure.catch(() => undefined);
  }

  /** Rejects when the consumer stops for good on an error it cannot get past. */
  get failed(): Promise<never> {
    return this.failure;
  }

  async start(handlers: TaskHandlers): Promise<void> {
    await this.checkCoPartitioned();
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) =>
      this.onAssignment(payload.memberId, payload.memberAssignment, handlers),
    );
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.giveUp(toStreamfoldError(payload.error, 'consumer crashed'));
    });
    await mapped('consumer connect', () => this.consumer.connect());
    await mapped('consumer subscribe', () =>
      this.consumer.subscribe({ topics: [...this.options.topics], fromBeginning: true }),
    );
    await mapped('consumer run', () =>
      this.consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: 1,
        eachBatch: (payload) => this.onBatch(payload, handlers),
      }),
    );
  }

  /**
   * Stops handling records, commits what the batch in hand has handled so far, leaves the
   * group and drops every task.
   */
  async stop(handlers?: Pick<TaskHandlers, 'drop'>): Promise<void> {
    this.stopping = true;
    await mapped('consumer disconnect', () => this.consumer.disconnect());
    for (const partition of [...this.active.keys()]) {
      await this.dispose(partition, 'stopped', handlers);
    }
    await this.admin.disconnect();
  }

  /** The partitions this member was assigned and the tasks it runs, for readiness and tests. */
  tasks(): { joined: boolean; assigned: number[]; active: number[] } {
    return {
      joined: this.joined,
      assigned: numerically(this.assigned),
      active: numerically(this.active.keys()),
    };
  }

  private onAssignment(
    memberId: string,
    assignment: Record<string, number[]>,
    handlers: TaskHandlers,
  ): void {
    const next = new Set(Object.values(assignment).flat());
    // A new member id means the group forgot this member (its session expired): whatever it
    // held may have been run by another member since, so none of its state is trusted.
    const rejoined = this.memberId !== undefined && this.memberId !== memberId;
    this.memberId = memberId;
    this.assigned = next;
    this.fencedAt.clear();
    this.generation += 1;
    this.joined = true;
    this.options.onEvent?.({ type: 'assigned', partitions: numerically(next) });
    for (const partition of [...this.active.keys()]) {
      if (rejoined || !next.has(partition)) void this.dispose(partition, 'revoked', handlers);
    }
  }

  private async onBatch(payload: kafkajs.EachBatchPayload, handlers: TaskHandlers) {
    const heartbeat = async () => {
      try {
        await payload.heartbeat();
      } catch (error) {
        throw new GroupChanged(error);
      }
    };
    try {
      const { partition } = payload.batch;
      const task = this.active.get(partition);
      if (!this.assigned.has(partition)) {
        // Fetched before this member lost the partition, or fenced on it: not ours to run.
        // A heartbeat finds out whether the group is changing; the batch is left alone.
        await heartbeat();
        await this.retakeAfterFence(partition);
      } else if (task === undefined) await this.startTasks(handlers, heartbeat);
      else await this.runBatch(task, payload, handlers, heartbeat);
    } catch (error) {
      if (error instanceof GroupChanged) throw error.original;
      throw error;
    }
  }

  /**
   * Takes over every assigned task not yet running: fence, then read offsets, then load state,
   * then move the fetch positions to the committed offsets. The batch in hand was fetched from
   * positions read before the fence and is dropped; the next fetch starts where the last
   * committed transaction ended.
   */
  private async startTasks(handlers: TaskHandlers, heartbeat: () => Promise<void>) {
    const started = Date.now();
    const generation = this.generation;
    const partitions = numerically(this.assigned).filter((p) => !this.active.has(p));
    const tasks: Task[] = [];
    try {
      // A member that was frozen past its session learns it here, before it fences anyone.
      await heartbeat();
      for (const partition of partitions) {
        tasks.push(await this.fence(partition));
        await heartbeat();
      }
      const positions = await this.committedPositions(partitions);
      await handlers.start(partitions, heartbeat);
      if (generation !== this.generation) throw new GroupChanged(undefined);
      for (const [topic, offsets] of positions) {
        for (const [partition, offset] of offsets) {
          this.consumer.seek({ topic, partition, offset });
        }
      }
    } catch (error) {
      await Promise.all(tasks.map((task) => disconnectQuietly(task.producer)));
      for (const partition of partitions) handlers.drop(partition, 'failed');
      if (error instanceof GroupChanged) {
        if (error.original === undefined) return;
        throw error;
      }
      await this.backOff(partitions, toStreamfoldError(error, 'task start'), heartbeat);
      return;
    }
    for (const task of tasks) this.active.set(task.partition, task);
    this.options.onEvent?.({ type: 'started', partitions, durationMs: Date.now() - started });
  }

  /** A producer under the task's transactional id, initialised: every earlier owner is fenced. */
  private async fence(partition: number): Promise<Task> {
    const transactional = this.options.guarantee !== 'at-least-once';
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      ...(transactional
        ? { transactionalId: `${this.options.transactionalIdPrefix}-${partition}` }
        : {}),
      ...(this.options.transactionTimeoutMs === undefined
        ? {}
        : { transactionTimeout: this.options.transactionTimeoutMs }),
    });
    try {
      await mapped('producer connect', () => producer.connect());
      if (!transactional) return { partition, producer };
      // kafkajs initialises the transactional id (InitProducerId) on the first transaction; an
      // empty one ends locally without a request. The broker first finishes or aborts whatever
      // the previous owner left open.
      const transaction = await mapped(`fence task ${partition}`, () => producer.transaction());
      await mapped('end empty transaction', () => transaction.abort());
    } catch (error) {
      await disconnectQuietly(producer);
      throw error;
    }
    return { partition, producer };
  }

  /** Where each input partition resumes: its committed offset, else its first offset. */
  private async committedPositions(
    partitions: readonly number[],
  ): Promise<Map<string, Map<number, string>>> {
    const positions = new Map<string, Map<number, string>>();
    for (const topic of this.options.topics) {
      const [committed, ranges] = await Promise.all([
        this.admin.committedOffsets(this.options.groupId, topic),
        this.admin.offsetRanges(topic),
      ]);
      const offsets = new Map<number, string>();
      for (const partition of partitions) {
        offsets.set(partition, committed.get(partition) ?? ranges.get(partition)?.start ?? '0');
      }
      positions.set(topic, offsets);
    }
    return positions;
  }

  /**
   * One batch: its outputs and dead letters, what endBatch adds, and the offset past it.
   * Exactly once, all in one transaction; at least once, the writes (acks=all) before the
   * offsets, so a crash repeats and never skips.
   */
  private async runBatch(
    task: Task,
    payload: kafkajs.EachBatchPayload,
    handlers: TaskHandlers,
    heartbeat: () => Promise<void>,
  ) {
    const started = Date.now();
    const generation = this.generation;
    let transaction: kafkajs.Transaction | undefined;
    try {
      if (this.options.guarantee !== 'at-least-once') {
        transaction = await mapped('begin transaction', () => task.producer.transaction());
      }
      const { pending, last, handled } = await this.handleBatch(payload, handlers, heartbeat);
      if (last === undefined) {
        await transaction?.abort();
        return;
      }
      for (const output of await handlers.endBatch(task.partition)) pending.add(output);
      this.checkStillOwned(task, generation);
      await pending.write(transaction ?? task.producer);
      await this.commitOffsets(payload, transaction, (BigInt(last) + 1n).toString());
      pending.countDeadLetters(this.options.deadLetters?.counter);
      payload.resolveOffset(last);
      this.attempts.delete(task.partition);
      handlers.committed?.(task.partition);
      this.options.onEvent?.({
        type: 'committed',
        partition: task.partition,
        topic: payload.batch.topic,
        records: handled,
        durationMs: Date.now() - started,
      });
    } catch (error) {
      await this.fail(task, transaction, error, handlers, heartbeat);
    }
  }

  /** The offset past the batch: in its transaction and committed with it, or committed alone. */
  private async commitOffsets(
    payload: kafkajs.EachBatchPayload,
    transaction: kafkajs.Transaction | undefined,
    offset: string,
  ) {
    const { topic, partition } = payload.batch;
    const topics = [{ topic, partitions: [{ partition, offset }] }];
    if (transaction === undefined) {
      await mapped('commit offsets', () => payload.commitOffsetsIfNecessary({ topics }));
      return;
    }
    await mapped('send offsets', () =>
      transaction.sendOffsets({ consumerGroupId: this.options.groupId, topics }),
    );
    await mapped('commit', () => transaction.commit());
  }

  /**
   * A batch that did not commit. Nothing of it is visible to read_committed readers, but its
   * records already changed the task's state in memory, and a commit that timed out may even
   * have succeeded: so the task is dropped whole and started again from what Kafka holds. A
   * fenced task is dropped at once (another member owns it now); any other failure is retried
   * after a backoff, and after `maxAttempts` in a row the consumer gives up.
   */
  private async fail(
    task: Task,
    transaction: kafkajs.Transaction | undefined,
    error: unknown,
    handlers: TaskHandlers,
    heartbeat: () => Promise<void>,
  ) {
    if (transaction?.isActive() === true) {
      // Best effort: a fenced or broken producer cannot abort; the next owner's fence does.
      await transaction.abort().catch(() => undefined);
    }
    if (error instanceof GroupChanged) {
      await this.dispose(task.partition, 'revoked', handlers);
      if (error.original === undefined) return;
      throw error;
    }
    const failure = toStreamfoldError(error, `task ${task.partition}`);
    if (failure.code === 'KAFKA_FENCED') {
      // Another producer took the task's id: a member the group gave it to, or the broker
      // aborting a transaction that outlived its timeout. Either way this member lets go until
      // the group says otherwise; a fence it keeps running into still counts as a failure.
      await this.dispose(task.partition, 'fenced', handlers);
      this.assigned.delete(task.partition);
      this.fencedAt.set(task.partition, Date.now());
      this.options.onEvent?.({ type: 'fenced', partition: task.partition, error: failure });
      this.countAttempt([task.partition], failure);
      return;
    }
    await this.dispose(task.partition, 'failed', handlers);
    await this.backOff([task.partition], failure, heartbeat);
  }

  /**
   * A member fenced on a partition stays off it until a heartbeat sent after the fence
   * succeeds: then the group has not moved on, the partition is still this member's, and
   * whoever fenced it was a zombie of its own or the broker timing out a transaction.
   * kafkajs sends a heartbeat at most once per interval, so one interval after the fence the
   * last successful heartbeat came after it.
   */
  private async retakeAfterFence(partition: number) {
    const at = this.fencedAt.get(partition);
    if (at !== undefined && Date.now() - at > this.timing.heartbeatIntervalMs) {
      this.fencedAt.delete(partition);
      this.assigned.add(partition);
      return;
    }
    await pause(200);
  }

  /** The group moved on since the batch began: its writes must not land. */
  private checkStillOwned(task: Task, generation: number) {
    if (generation !== this.generation || !this.assigned.has(task.partition)) {
      throw new GroupChanged(undefined);
    }
  }

  /** Counts a failure in a row; past `maxAttempts` the consumer gives up. */
  private countAttempt(partitions: readonly number[], failure: StreamfoldError): number {
    const max = this.options.maxAttempts ?? 10;
    const attempt = Math.max(...partitions.map((p) => (this.attempts.get(p) ?? 0) + 1));
    for (const p of partitions) {
      this.attempts.set(p, attempt);
      this.options.onEvent?.({ type: 'aborted', partition: p, error: failure, attempt });
    }
    if (attempt >= max) {
      this.giveUp(
        new StreamfoldError(
          failure.code,
          `task ${partitions.join(', ')} failed ${attempt} times in a row; last: ${failure.message}`,
          { retriable: false, cause: failure },
        ),
      );
      throw failure;
    }
    return attempt;
  }

  /** Stops for good: `failed` rejects and the consumer leaves the group once the batch returns. */
  private giveUp(error: StreamfoldError) {
    this.crashed?.(error);
    if (this.stopping) return;
    this.stopping = true;
    void this.consumer.disconnect().catch(() => undefined);
  }

  private async backOff(
    partitions: readonly number[],
    failure: StreamfoldError,
    heartbeat: () => Promise<void>,
  ) {
    const attempt = this.countAttempt(partitions, failure);
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 200, maxMs: 10_000 };
    const until = Date.now() + Math.min(maxMs, initialMs * 2 ** (attempt - 1));
    // Sleep in slices so the member keeps its place in the group while it waits.
    while (Date.now() < until && !this.stopping) {
      await pause(Math.min(1_000, until - Date.now()));
      await heartbeat();
    }
  }

  private async dispose(partition: number, why: DropReason, handlers?: Pick<TaskHandlers, 'drop'>) {
    const task = this.active.get(partition);
    this.active.delete(partition);
    if (why === 'revoked' || why === 'stopped') this.attempts.delete(partition);
    handlers?.drop(partition, why);
    this.options.onEvent?.({ type: 'dropped', partition, why });
    if (task !== undefined) await disconnectQuietly(task.producer);
  }

  /** Handles the batch's records in order, until the consumer stops or the partition is sought. */
  private async handleBatch(
    payload: kafkajs.EachBatchPayload,
    handlers: TaskHandlers,
    heartbeat: () => Promise<void>,
  ): Promise<{ pending: BatchWrites; last: string | undefined; handled: number }> {
    const { batch } = payload;
    const pending = new BatchWrites();
    let last: string | undefined;
    let handled = 0;
    for (const [index, message] of batch.messages.entries()) {
      if (!payload.isRunning() || payload.isStale()) break;
      // Between records only: after the last one the transaction commits (or is refused) first.
      if (index > 0) await heartbeat();
      const record = toRecord(batch.topic, batch.partition, message);
      await pending.handle(record, handlers.handle, this.routing);
      last = message.offset;
      handled += 1;
    }
    // The whole batch handled: its end includes the transaction markers after its last record
    // (kafkajs filters them out of `messages`), so the committed offset passes them and a
    // caught-up group shows no lag on a topic written in transactions.
    if (handled > 0 && handled === batch.messages.length) last = batch.lastOffset();
    return { pending, last, handled };
  }

  /**
   * Assigns partition numbers, not topic-partitions: a member gets partition p of every input
   * topic, so one key's records of all inputs meet in one task. A member keeps the partitions
   * it had (its metadata says which) up to its fair share, so a member joining or leaving moves
   * as few tasks, and so as few restores, as it can.
   */
  private coPartitionedAssigner(): kafkajs.PartitionAssigner {
    return ({ cluster }) => ({
      name: assignerName,
      version: 0,
      protocol: ({ topics }) => ({
        name: assignerName,
        metadata: kafkajs.AssignerProtocol.MemberMetadata.encode({
          version: 0,
          topics,
          userData: Buffer.from(JSON.stringify([...this.active.keys()])),
        }),
      }),
      assign: ({ members, topics }) => {
        const first = topics[0];
        const count = first === undefined ? 0 : cluster.findTopicPartitionMetadata(first).length;
        const owned = new Map(
          members.map((m) => [m.memberId, ownedPartitions(m.memberMetadata)] as const),
        );
        const plan = assignPartitions(count, owned);
        return Promise.resolve(
          members.map(({ memberId }) => ({
            memberId,
            memberAssignment: kafkajs.AssignerProtocol.MemberAssignment.encode({
              version: 0,
              assignment: Object.fromEntries(topics.map((t) => [t, plan.get(memberId) ?? []])),
              userData: Buffer.alloc(0),
            }),
          })),
        );
      },
    });
  }

  private async checkCoPartitioned() {
    const counts = await Promise.all(
      this.options.topics.map(
        async (topic) => [topic, (await this.admin.offsetRanges(topic)).size] as const,
      ),
    );
    const distinct = new Set(counts.map(([, n]) => n));
    if (distinct.size > 1) {
      throw new StreamfoldError(
        'TOPIC_DRIFT',
        `input topics are not co-partitioned: ${counts.map(([t, n]) => `${t} has ${n}`).join(', ')}`,
        { retriable: false },
      );
    }
  }
}

function ownedPartitions(metadata: Buffer): number[] {
  try {
    const decoded = kafkajs.AssignerProtocol.MemberMetadata.decode(metadata);
    const parsed: unknown = JSON.parse(decoded?.userData.toString() ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((p): p is number => Number.isInteger(p)) : [];
  } catch {
    // A member that says nothing usable is treated as owning nothing; the plan stays valid.
    return [];
  }
}

/**
 * Partitions 0..count-1 spread over the members as evenly as can be (no member more than one
 * above another), each member keeping what it owned while it stays within its share.
 */
export function assignPartitions(
  count: number,
  owned: ReadonlyMap<string, readonly number[]>,
): Map<string, number[]> {
  const members = [...owned.keys()].sort();
  const plan = new Map(members.map((m) => [m, [] as number[]]));
  if (members.length === 0) return plan;
  // The members that own the most get the larger shares, so the fewest partitions move.
  const byOwned = [...members].sort(
    (a, b) => (owned.get(b)?.length ?? 0) - (owned.get(a)?.length ?? 0) || a.localeCompare(b),
  );
  const base = Math.floor(count / members.length);
  const quota = new Map(
    byOwned.map((m, i) => [m, base + (i < count % members.length ? 1 : 0)] as const),
  );
  const taken = new Set<number>();
  const room = (member: string) => (plan.get(member)?.length ?? 0) < (quota.get(member) ?? 0);
  for (const member of byOwned) {
    for (const p of owned.get(member) ?? []) {
      if (p >= 0 && p < count && !taken.has(p) && room(member)) {
        plan.get(member)?.push(p);
        taken.add(p);
      }
    }
  }
  for (let p = 0; p < count; p += 1) {
    if (taken.has(p)) continue;
    const member = byOwned.find(room);
    if (member === undefined) break;
    plan.get(member)?.push(p);
    taken.add(p);
  }
  for (const list of plan.values()) list.sort((a, b) => a - b);
  return plan;
}

const numerically = (partitions: Iterable<number>): number[] =>
  [...partitions].sort((a, b) => a - b);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function disconnectQuietly(producer: kafkajs.Producer): Promise<void> {
  try {
    await producer.disconnect();
  } catch {
    // Closing a producer whose broker is gone can fail; its connections are dropped either way.
  }
}

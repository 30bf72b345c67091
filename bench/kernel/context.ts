import type { KafkaAdmin, KafkaClient, Producer } from '@streamfold/kafka';
import type { Logger } from '@streamfold/observability';
import type { SchemaRegistryClient } from '@streamfold/schemas';
import {
  registerSeatSubjects,
  seatTopics,
  type SeatNames,
} from '../../examples/seat-reservation/src/topics.js';

/** What every measurement of one run shares. */
export interface Bench {
  readonly client: KafkaClient;
  readonly admin: KafkaAdmin;
  readonly registry: SchemaRegistryClient;
  readonly producer: Producer;
  readonly logger: Logger;
  /** Every topic, group, transactional id and subject of this run starts with it. */
  readonly prefix: string;
  /** Of every topic: co-partitioned, so one key has one partition number everywhere. */
  readonly partitions: number;
  /** The topics this run created, to delete when it is done. */
  readonly topics: string[];
}

/** One throughput run, the group join apart from the work so each can be read on its own. */
export interface Timing {
  /** From connecting until `run` resolved, i.e. the group was joined and partitions assigned. */
  readonly joinMs: number;
  /** From the join until the last offset was committed: what commands/s is computed from. */
  readonly runMs: number;
  readonly notes: string;
}

/**
 * Creates some of the seat example's topics (to be deleted after the run) and registers the
 * example's subjects under the names' prefix.
 */
export async function createSeatTopics(
  bench: Bench,
  names: SeatNames,
  which: readonly string[],
): Promise<void> {
  const specs = seatTopics(names, bench.partitions).filter((spec) => which.includes(spec.name));
  bench.topics.push(...specs.map((spec) => spec.name));
  await bench.admin.ensureTopics(specs);
  await registerSeatSubjects(bench.registry, names);
}

/** Resolves as `promise` does, or rejects naming `what` after `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A result the bench must not report: the run proved something wrong. */
export class BenchFailure extends Error {
  override readonly name = 'BenchFailure';
}

import { readPartitions, type KafkaClient } from '@streamfold/kafka';
import type { RebuildFrom, SnapshotCodec } from './state.js';

export interface RestoreReport<S> {
  /** Each partition's state by key. */
  readonly states: Map<number, Map<string, S>>;
  /** Partitions holding a snapshot in a format this build cannot read, with why. */
  readonly unknownFormat: Map<number, string>;
  readonly records: number;
}

export interface ReadOptions {
  partitions?: readonly number[];
  onProgress?: (read: number, total: number) => void;
  withinMs?: number;
}

const byPartition = <S>(partitions: readonly number[] | undefined) =>
  new Map<number, Map<string, S>>((partitions ?? []).map((p) => [p, new Map<string, S>()]));

function stateOf<S>(states: Map<number, Map<string, S>>, partition: number): Map<string, S> {
  let map = states.get(partition);
  if (map === undefined) {
    map = new Map();
    states.set(partition, map);
  }
  return map;
}

/**
 * Reads snapshot partitions to their end: the latest snapshot of each key wins, a tombstone
 * deletes it. Because snapshots commit in the same transaction as the offsets, this is the
 * state exactly as of each partition's last committed batch.
 */
export async function restoreSnapshots<S>(
  client: KafkaClient,
  topic: string,
  codec: SnapshotCodec<S>,
  options: ReadOptions = {},
): Promise<RestoreReport<S>> {
  const states = byPartition<S>(options.partitions);
  const unknownFormat = new Map<number, string>();
  const { records } = await readPartitions(client, {
    topic,
    ...options,
    onRecord: async (record) => {
      const key = record.key?.toString();
      if (key === undefined || unknownFormat.has(record.partition)) return;
      const partition = stateOf(states, record.partition);
      if (record.value === null) {
        partition.delete(key);
        return;
      }
      const restored = await codec.decode({ ...record, value: record.value });
      if ('unknownFormat' in restored) {
        unknownFormat.set(record.partition, `key ${key}: ${restored.unknownFormat}`);
        partition.clear();
      } else {
        partition.set(key, restored.state);
      }
    },
  });
  return { states, unknownFormat, records };
}

/** Folds event-topic partitions from their beginning, ignoring snapshots: a rebuild. */
export async function rebuildFromEvents<S>(
  client: KafkaClient,
  rebuild: RebuildFrom<S>,
  options: ReadOptions = {},
): Promise<{ states: Map<number, Map<string, S>>; records: number }> {
  const states = byPartition<S>(options.partitions);
  const { records } = await readPartitions(client, {
    topic: rebuild.topic,
    ...options,
    onRecord: async (record) => {
      const key = record.key?.toString();
      if (key === undefined) return;
      const partition = stateOf(states, record.partition);
      partition.set(key, await rebuild.fold(partition.get(key), record));
    },
  });
  return { states, records };
}

/** One map of every key's state, from per-partition maps (a key lives in one partition). */
export const mergePartitions = <S>(
  states: ReadonlyMap<number, ReadonlyMap<string, S>>,
): Map<string, S> => new Map([...states.values()].flatMap((partition) => [...partition]));

/** Keys whose states differ between two restores (by `equal`, deep equality by default). */
export function differences<S>(
  a: ReadonlyMap<string, S>,
  b: ReadonlyMap<string, S>,
  equal: (x: S, y: S) => boolean = deepEqual,
): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  const differing: string[] = [];
  for (const key of keys) {
    const x = a.get(key);
    const y = b.get(key);
    if (x === undefined || y === undefined ? x !== y : !equal(x, y)) differing.push(key);
  }
  return differing.sort();
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map && b instanceof Map) || a.size !== b.size) return false;
    for (const [key, value] of a) if (!b.has(key) || !deepEqual(value, b.get(key))) return false;
    return true;
  }
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  const recordB = b as Record<string, unknown>;
  const recordA = a as Record<string, unknown>;
  return keysA.every((key) => key in recordB && deepEqual(recordA[key], recordB[key]));
}

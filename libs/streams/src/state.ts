import type { ConsumedRecord, OutputRecord, DeadLetter } from '@streamfold/kafka';

/** What a snapshot says about where its state came from. */
export interface SnapshotContext {
  readonly partition: number;
  /** The next offset to read of each input partition the state has seen this run. */
  readonly positions: readonly { topic: string; partition: number; offset: number }[];
  /** The newest record time the batch saw (event time, not a clock). */
  readonly takenAt: number;
}

/** A snapshot read back: the state, or why its format is not one this build reads. */
export type Restored<S> = { readonly state: S } | { readonly unknownFormat: string };

/**
 * How one key's state is written to and read from the snapshot topic. `decode` upcasts older
 * formats it knows; a format it does not know is answered with `unknownFormat`, and the
 * processor then rebuilds that partition from the event topic instead.
 */
export interface SnapshotCodec<S> {
  encode: (key: string, state: S, context: SnapshotContext) => Buffer | Promise<Buffer>;
  decode: (record: ConsumedRecord & { value: Buffer }) => Restored<S> | Promise<Restored<S>>;
}

/** How state follows from an event topic alone: a fold of each key's events, in order. */
export interface RebuildFrom<S> {
  readonly topic: string;
  readonly fold: (state: S | undefined, event: ConsumedRecord) => S | Promise<S>;
}

/** What a handler makes of one record for its key: a new state (or none), outputs, or a refusal. */
export type KeyedResult<S> =
  undefined | DeadLetter | { readonly state?: S; readonly produce?: readonly OutputRecord[] };

/** A record with its key as text: state is kept per key. */
export type KeyedRecord = ConsumedRecord & { readonly entityKey: string };

export type KeyedHandler<S> = (
  record: KeyedRecord,
  state: S | undefined,
) => KeyedResult<S> | Promise<KeyedResult<S>>;

/** One task's keyed state and what changed since its last commit. */
export class PartitionState<S> {
  readonly values = new Map<string, S>();
  readonly changed = new Set<string>();
  readonly positions = new Map<string, number>();
  takenAt = 0;

  set(key: string, state: S): void {
    this.values.set(key, state);
    this.changed.add(key);
  }

  saw(record: ConsumedRecord): void {
    this.positions.set(record.topic, Number(BigInt(record.offset) + 1n));
    this.takenAt = Math.max(this.takenAt, Number(record.timestamp));
  }
}

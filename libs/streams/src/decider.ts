import {
  applyEvent,
  handleCommand,
  initialEntity,
  type Aggregate,
  type CommandRecord,
  type Entity,
  type EventRecord,
  type Outcome,
} from '@streamfold/eventsourcing';
import type { ConsumedRecord } from '@streamfold/kafka';
import type { KeyedHandler, KeyedRecord, RebuildFrom } from './state.js';

/** Reads a topic's records (a TopicSerde fits). */
export interface RecordDecoder<R> {
  decode: (bytes: Buffer | null) => Promise<R>;
}

/** Reads and writes a topic's records (a TopicSerde fits). */
export interface RecordSerde<R> extends RecordDecoder<R> {
  encode: (record: R) => Promise<Buffer>;
}

export interface DeciderProcessing<C extends CommandRecord, E extends EventRecord, S> {
  aggregate: Aggregate<C, E, S>;
  commands: RecordDecoder<C>;
  events: { topic: string; serde: RecordSerde<E> };
  /** Told what became of each command, duplicates included (their events are not written again). */
  onOutcome?: (outcome: Outcome<E>, command: C, record: KeyedRecord) => void;
}

/**
 * A decider as a processor handler: each command record is decoded (bytes that do not decode
 * go to the dead-letter topic), handled against its entity, and its events written to the
 * event topic on the command's partition number, keyed by the entity. The entity (state,
 * version, remembered commands) is the processor's state, so it is snapshotted with the batch.
 */
export function deciderHandler<C extends CommandRecord, E extends EventRecord, S>(
  processing: DeciderProcessing<C, E, S>,
): KeyedHandler<Entity<S>> {
  const { aggregate, commands, events, onOutcome } = processing;
  return async (record, entity) => {
    const command = await commands.decode(record.value);
    const handled = handleCommand(aggregate, entity ?? initialEntity(aggregate), command);
    onOutcome?.(handled.outcome, command, record);
    if (handled.outcome.kind === 'duplicate') return undefined;
    const produce = await Promise.all(
      handled.outcome.events.map(async (event) => ({
        topic: events.topic,
        key: record.entityKey,
        partition: record.partition,
        value: await events.serde.encode(event),
        timestamp: String(event.value.meta.occurredAt),
      })),
    );
    return { state: handled.entity, produce };
  };
}

/** Rebuilding entities from their event topic: each event applied in order, as on the write path. */
export function deciderRebuild<C extends CommandRecord, E extends EventRecord, S>(
  processing: Pick<DeciderProcessing<C, E, S>, 'aggregate' | 'events'>,
): RebuildFrom<Entity<S>> {
  const { aggregate, events } = processing;
  return {
    topic: events.topic,
    fold: async (entity: Entity<S> | undefined, record: ConsumedRecord) =>
      applyEvent(
        aggregate,
        entity ?? initialEntity(aggregate),
        await events.serde.decode(record.value),
      ),
  };
}

import { AssertionError, deepStrictEqual } from 'node:assert/strict';
import type { Aggregate, CommandRecord, EventDraft, EventRecord } from './decider.js';
import { applyEvent, handleCommand, initialEntity, type Entity, type Outcome } from './entity.js';

/** A given event: a full one, or a draft the spec stamps as the entity's next version. */
export type GivenEvent<E extends EventRecord> = E | EventDraft<E>;

export interface When<E extends EventRecord, S> {
  /** The command's events, compared without their metadata. Returns what happened. */
  then: (expected: readonly EventDraft<E>[]) => Handled<E, S>;
  /** The command was handled before: nothing new, and its original outcome was `accepted`. */
  thenDuplicate: (accepted: boolean) => Handled<E, S>;
  /** What happened, for assertions of your own. */
  result: () => Handled<E, S>;
}

export interface Handled<E extends EventRecord, S> {
  readonly before: Entity<S>;
  readonly entity: Entity<S>;
  readonly outcome: Outcome<E>;
}

const hasMeta = <E extends EventRecord>(event: GivenEvent<E>): event is E => 'meta' in event.value;

/** An event without its metadata, as a decider writes it. */
export const draftOf = <E extends EventRecord>(event: E): EventDraft<E> => {
  const { meta: _meta, ...value } = event.value;
  return { name: event.name, value } as unknown as EventDraft<E>;
};

/**
 * Given / when / then for an aggregate, through the same command handling the processor runs
 * (versions, expectedVersion, remembered commandIds):
 *
 *   given([conferenceCreated]).when(reserve(2)).then([seatsReserved(2)])
 */
export function specification<C extends CommandRecord, E extends EventRecord, S>(
  aggregate: Aggregate<C, E, S>,
) {
  const given = (events: readonly GivenEvent<E>[]) => {
    let before = initialEntity(aggregate);
    for (const event of events) {
      // A draft is stamped as the kernel would: a rejection with the version it leaves alone.
      const version = aggregate.rejections.includes(event.name)
        ? before.version
        : before.version + 1;
      const full = hasMeta(event)
        ? event
        : ({
            name: event.name,
            value: { ...event.value, meta: { version, commandId: null, occurredAt: 0 } },
          } as unknown as E);
      before = applyEvent(aggregate, before, full);
    }
    return {
      when: (command: C): When<E, S> => {
        const handled = { before, ...handleCommand(aggregate, before, command) };
        return {
          result: () => handled,
          then: (expected) => {
            deepStrictEqual(handled.outcome.events.map(draftOf), expected);
            return handled;
          },
          thenDuplicate: (accepted) => {
            const { outcome } = handled;
            if (outcome.kind !== 'duplicate') {
              throw new AssertionError({
                message: `expected a duplicate, but the command was ${outcome.kind}`,
                actual: outcome.kind,
                expected: 'duplicate',
              });
            }
            deepStrictEqual(handled.entity, before);
            deepStrictEqual(outcome.original.accepted, accepted);
            return handled;
          },
        };
      },
    };
  };
  return { given };
}

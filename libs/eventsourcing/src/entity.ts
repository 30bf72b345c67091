import type { HandledCommand } from '@streamfold/schemas';
import type { Aggregate, CommandRecord, EventDraft, EventRecord } from './decider.js';

/**
 * An entity's state with what the kernel keeps beside it: its version (the number of
 * non-rejection events applied) and the commands it handled last, oldest first. Everything in
 * it follows from the entity's events alone, so folding them rebuilds it exactly.
 */
export interface Entity<S> {
  readonly state: S;
  readonly version: number;
  readonly recentCommands: readonly HandledCommand[];
}

/** What became of a command. */
export type Outcome<E extends EventRecord> =
  | { readonly kind: 'accepted'; readonly events: readonly E[]; readonly version: number }
  | { readonly kind: 'rejected'; readonly events: readonly E[]; readonly version: number }
  /** Handled before: nothing applied again; `original` says how it went then. */
  | { readonly kind: 'duplicate'; readonly events: readonly []; readonly original: HandledCommand };

export interface Handled<E extends EventRecord, S> {
  readonly entity: Entity<S>;
  readonly outcome: Outcome<E>;
}

const defaultRemembered = 100;

export function initialEntity<C extends CommandRecord, E extends EventRecord, S>(
  aggregate: Aggregate<C, E, S>,
): Entity<S> {
  return { state: aggregate.decider.initialState(), version: 0, recentCommands: [] };
}

export function isRejection<C extends CommandRecord, E extends EventRecord, S>(
  aggregate: Aggregate<C, E, S>,
  event: E,
): boolean {
  return aggregate.rejections.includes(event.name);
}

/**
 * Applies one event: a rejection leaves state and version as they are; any other event is
 * evolved in and raises the version by one. Either way the command that caused it is
 * remembered, so a repeat of it is recognised, also after a rebuild from the events.
 */
export function applyEvent<C extends CommandRecord, E extends EventRecord, S>(
  aggregate: Aggregate<C, E, S>,
  entity: Entity<S>,
  event: E,
): Entity<S> {
  const rejected = isRejection(aggregate, event);
  const state = rejected ? entity.state : aggregate.decider.evolve(entity.state, event);
  const version = rejected ? entity.version : entity.version + 1;
  return { state, version, recentCommands: remember(aggregate, entity, event, version) };
}

function remember<C extends CommandRecord, E extends EventRecord, S>(
  aggregate: Aggregate<C, E, S>,
  entity: Entity<S>,
  event: E,
  version: number,
): readonly HandledCommand[] {
  const { commandId } = event.value.meta;
  if (commandId === null) return entity.recentCommands;
  const accepted = !isRejection(aggregate, event);
  const last = entity.recentCommands.at(-1);
  // A command's later events update its entry: it is one command, however many events.
  const same = last?.commandId === commandId;
  const earlier = same ? entity.recentCommands.slice(0, -1) : entity.recentCommands;
  const entry = { commandId, accepted: same ? accepted && last.accepted : accepted, version };
  const limit = aggregate.rememberedCommands ?? defaultRemembered;
  return limit <= 0 ? [] : [...earlier, entry].slice(-limit);
}

/** Folds events into an entity, from its initial state: a rebuild. */
export function foldEvents<C extends CommandRecord, E extends EventRecord, S>(
  aggregate: Aggregate<C, E, S>,
  events: Iterable<E>,
  from: Entity<S> = initialEntity(aggregate),
): Entity<S> {
  let entity = from;
  for (const event of events) entity = applyEvent(aggregate, entity, event);
  return entity;
}

/**
 * Handles a command: a commandId seen recently is answered with its original outcome and
 * applies nothing; an expectedVersion other than the entity's version is rejected with the
 * aggregate's conflict event, naming both versions; otherwise the decider decides. The events
 * come back stamped with their versions, the commandId and the command's time, and the entity
 * is exactly what folding them in gives.
 */
export function handleCommand<C extends CommandRecord, E extends EventRecord, S>(
  aggregate: Aggregate<C, E, S>,
  entity: Entity<S>,
  command: C,
): Handled<E, S> {
  const { commandId, expectedVersion } = command.value.meta;
  const original = entity.recentCommands.find((handled) => handled.commandId === commandId);
  if (original !== undefined) {
    return { entity, outcome: { kind: 'duplicate', events: [], original } };
  }
  const drafts =
    expectedVersion !== null && expectedVersion !== entity.version
      ? [
          aggregate.versionConflict({
            command,
            expectedVersion,
            actualVersion: entity.version,
          }),
        ]
      : aggregate.decider.decide(command, entity.state);
  let next = entity;
  const events: E[] = [];
  for (const draft of drafts) {
    const event = stamp(aggregate, next, draft, command);
    events.push(event);
    next = applyEvent(aggregate, next, event);
  }
  const rejected = events.some((event) => isRejection(aggregate, event));
  return {
    entity: next,
    outcome: { kind: rejected ? 'rejected' : 'accepted', events, version: next.version },
  };
}

function stamp<C extends CommandRecord, E extends EventRecord, S>(
  aggregate: Aggregate<C, E, S>,
  entity: Entity<S>,
  draft: EventDraft<E>,
  command: C,
): E {
  const rejection = aggregate.rejections.includes(draft.name);
  const meta = {
    // A rejection carries the version it left untouched; any other event the one it makes.
    version: rejection ? entity.version : entity.version + 1,
    commandId: command.value.meta.commandId,
    occurredAt: command.value.meta.issuedAt,
  };
  return { name: draft.name, value: { ...draft.value, meta } } as unknown as E;
}

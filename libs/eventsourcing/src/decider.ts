import type { CommandMetadata, EventMetadata } from '@streamfold/schemas';

/** A command as the codegen types them: its record name, and a value carrying its metadata. */
export interface CommandRecord {
  readonly name: string;
  readonly value: { readonly meta: CommandMetadata };
}

/** An event as the codegen types them: its record name, and a value carrying its metadata. */
export interface EventRecord {
  readonly name: string;
  readonly value: { readonly meta: EventMetadata };
}

/**
 * An event as a decider writes it: everything but the metadata, which the kernel stamps on
 * (the version it makes, the command that caused it, the command's time).
 */
export type EventDraft<E extends EventRecord> = E extends unknown
  ? { readonly name: E['name']; readonly value: Omit<E['value'], 'meta'> }
  : never;

/**
 * The pure heart of an entity (Emmett's Decider): what a command means given the state, and
 * how an event changes the state. No clock, no randomness, no I/O: time arrives on the
 * command. A broken rule is a returned rejection event, never a throw.
 */
export interface Decider<C extends CommandRecord, E extends EventRecord, S> {
  readonly decide: (command: C, state: S) => readonly EventDraft<E>[];
  readonly evolve: (state: S, event: E) => S;
  readonly initialState: () => S;
}

/** What a version conflict looks like in this entity's own events. */
export interface Conflict<C extends CommandRecord> {
  readonly command: C;
  readonly expectedVersion: number;
  readonly actualVersion: number;
}

/**
 * A decider with what the kernel needs around it: which events are rejections (recorded, but
 * they change neither state nor version) and how a stale expectedVersion is rejected.
 */
export interface Aggregate<C extends CommandRecord, E extends EventRecord, S> {
  readonly decider: Decider<C, E, S>;
  /** Record names of the events that say a command was refused. */
  readonly rejections: readonly E['name'][];
  /** The rejection for a command whose expectedVersion is not the entity's version. */
  readonly versionConflict: (conflict: Conflict<C>) => EventDraft<E>;
  /** How many handled commandIds an entity remembers (oldest forgotten first); 100 by default. */
  readonly rememberedCommands?: number;
}

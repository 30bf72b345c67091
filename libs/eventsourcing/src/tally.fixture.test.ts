/**
 * A tally, the smallest aggregate with everything the kernel cares about: a command that can
 * make several events, and a rejection. Shared by the kernel's unit tests (this file holds no
 * tests of its own).
 */
import type { CommandMetadata, EventMetadata } from '@streamfold/schemas';
import type { Aggregate, EventDraft } from './decider.js';

export interface TallyCommand {
  readonly name: 'Add';
  readonly value: { readonly amounts: readonly number[]; readonly meta: CommandMetadata };
}
export type TallyEvent =
  | { readonly name: 'Added'; readonly value: { readonly amount: number; meta: EventMetadata } }
  | { readonly name: 'Refused'; readonly value: { readonly reason: string; meta: EventMetadata } };
export interface Tally {
  readonly total: number;
  readonly amounts: readonly number[];
}

export const added = (amount: number): EventDraft<TallyEvent> => ({
  name: 'Added',
  value: { amount },
});

export const refused = (reason: string): EventDraft<TallyEvent> => ({
  name: 'Refused',
  value: { reason },
});

export const tallyWith = (
  rememberedCommands?: number,
): Aggregate<TallyCommand, TallyEvent, Tally> => ({
  decider: {
    // Each amount is one event; a command with an amount below 1 adds nothing.
    decide: ({ value: { amounts } }) =>
      amounts.some((amount) => amount < 1)
        ? [refused(`amounts must be positive: ${amounts.join(', ')}`)]
        : amounts.map(added),
    evolve: (state, event) =>
      event.name === 'Added'
        ? {
            total: state.total + event.value.amount,
            amounts: [...state.amounts, event.value.amount],
          }
        : state,
    initialState: () => ({ total: 0, amounts: [] }),
  },
  rejections: ['Refused'],
  versionConflict: ({ expectedVersion, actualVersion }) =>
    refused(`expected version ${expectedVersion} but the tally is at version ${actualVersion}`),
  ...(rememberedCommands === undefined ? {} : { rememberedCommands }),
});

export const tally = tallyWith();

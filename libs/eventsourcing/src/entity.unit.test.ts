import { describe, expect, test } from 'vitest';
import type { Aggregate } from './decider.js';
import {
  applyEvent,
  foldEvents,
  handleCommand,
  initialEntity,
  isRejection,
  type Entity,
} from './entity.js';
import { draftOf } from './specification.js';
import {
  refused,
  tally,
  tallyWith,
  type Tally,
  type TallyCommand,
  type TallyEvent,
} from './tally.fixture.test.js';

const add = (
  commandId: string,
  amounts: readonly number[],
  expectedVersion: number | null = null,
): TallyCommand => ({
  name: 'Add',
  value: { amounts, meta: { commandId, expectedVersion, issuedAt: 1_790_000_000_000 } },
});

/** Handles the commands in turn; the entity after each, and every event in order. */
function handleAll(
  aggregate: Aggregate<TallyCommand, TallyEvent, Tally>,
  commands: readonly TallyCommand[],
  from: Entity<Tally> = initialEntity(aggregate),
) {
  let entity = from;
  const events: TallyEvent[] = [];
  for (const command of commands) {
    const handled = handleCommand(aggregate, entity, command);
    entity = handled.entity;
    events.push(...handled.outcome.events);
  }
  return { entity, events };
}

describe('versions', () => {
  test('a new entity is at version 0 with the initial state and nothing remembered', () => {
    expect(initialEntity(tally)).toStrictEqual({
      state: { total: 0, amounts: [] },
      version: 0,
      recentCommands: [],
    });
  });

  test('each accepted event raises the version by one, starting at 1', () => {
    const first = handleCommand(tally, initialEntity(tally), add('c1', [5]));
    expect(first.outcome).toMatchObject({ kind: 'accepted', version: 1 });
    expect(first.outcome.events.map((e) => e.value.meta.version)).toStrictEqual([1]);
    const second = handleCommand(tally, first.entity, add('c2', [7]));
    expect(second.outcome).toMatchObject({ kind: 'accepted', version: 2 });
    expect(second.outcome.events.map((e) => e.value.meta.version)).toStrictEqual([2]);
    expect(second.entity.state).toStrictEqual({ total: 12, amounts: [5, 7] });
    expect(second.entity.version).toBe(2);
  });

  test('a rejection keeps state and version and carries the version it left untouched', () => {
    const { entity: before } = handleAll(tally, [add('c1', [5])]);
    const { entity, outcome } = handleCommand(tally, before, add('c2', [-1]));
    expect(outcome.kind).toBe('rejected');
    expect(outcome.events.map(draftOf)).toStrictEqual([refused('amounts must be positive: -1')]);
    const [event] = outcome.events;
    expect(event?.value.meta.version).toBe(1);
    expect(event !== undefined && isRejection(tally, event)).toBe(true);
    expect(entity.state).toBe(before.state);
    expect(entity.version).toBe(1);
    expect(entity.recentCommands.at(-1)).toStrictEqual({
      commandId: 'c2',
      accepted: false,
      version: 1,
    });
  });

  test('the events of one command get consecutive versions and one remembered entry', () => {
    const { entity: before } = handleAll(tally, [add('c1', [5])]);
    const { entity, outcome } = handleCommand(tally, before, add('c2', [1, 2, 3]));
    expect(outcome).toMatchObject({ kind: 'accepted', version: 4 });
    expect(outcome.events.map((e) => e.value.meta.version)).toStrictEqual([2, 3, 4]);
    expect(entity.recentCommands).toStrictEqual([
      { commandId: 'c1', accepted: true, version: 1 },
      { commandId: 'c2', accepted: true, version: 4 },
    ]);
  });

  test('stamped events carry the commandId and the command’s time as occurredAt', () => {
    const command = add('c1', [1, 2]);
    const accepted = handleCommand(tally, initialEntity(tally), command);
    const rejected = handleCommand(tally, accepted.entity, add('c2', [0]));
    for (const event of [...accepted.outcome.events, ...rejected.outcome.events]) {
      expect(event.value.meta.occurredAt).toBe(command.value.meta.issuedAt);
    }
    expect(accepted.outcome.events.map((e) => e.value.meta.commandId)).toStrictEqual(['c1', 'c1']);
    expect(rejected.outcome.events.map((e) => e.value.meta.commandId)).toStrictEqual(['c2']);
  });

  test('an event no command caused raises the version and is not remembered', () => {
    const { entity: before } = handleAll(tally, [add('c1', [5])]);
    const event: TallyEvent = {
      name: 'Added',
      value: { amount: 2, meta: { version: 2, commandId: null, occurredAt: 0 } },
    };
    const entity = applyEvent(tally, before, event);
    expect(entity.version).toBe(2);
    expect(entity.state.total).toBe(7);
    expect(entity.recentCommands).toBe(before.recentCommands);
  });
});

describe('expected versions', () => {
  test('an expectedVersion equal to the entity’s version is decided as usual', () => {
    const { entity: before } = handleAll(tally, [add('c1', [5])]);
    const { outcome } = handleCommand(tally, before, add('c2', [1], 1));
    expect(outcome).toMatchObject({ kind: 'accepted', version: 2 });
  });

  test('no expectedVersion is decided whatever the version', () => {
    const { entity: before } = handleAll(tally, [add('c1', [5]), add('c2', [6])]);
    const { outcome } = handleCommand(tally, before, add('c3', [1], null));
    expect(outcome).toMatchObject({ kind: 'accepted', version: 3 });
  });

  test('a different expectedVersion is rejected naming both, and nothing changes', () => {
    const { entity: before } = handleAll(tally, [add('c1', [5]), add('c2', [6])]);
    const { entity, outcome } = handleCommand(tally, before, add('c3', [1], 1));
    expect(outcome).toMatchObject({ kind: 'rejected', version: 2 });
    expect(outcome.events.map(draftOf)).toStrictEqual([
      refused('expected version 1 but the tally is at version 2'),
    ]);
    expect(outcome.events[0]?.value.meta).toMatchObject({ version: 2, commandId: 'c3' });
    expect(entity.state).toBe(before.state);
    expect(entity.version).toBe(2);
  });

  test('an expectedVersion ahead of the entity is rejected too', () => {
    const { outcome } = handleCommand(tally, initialEntity(tally), add('c1', [1], 4));
    expect(outcome.events.map(draftOf)).toStrictEqual([
      refused('expected version 4 but the tally is at version 0'),
    ]);
  });
});

describe('repeated commands', () => {
  test('an accepted command sent again is answered with its outcome and applies nothing', () => {
    const { entity: before } = handleAll(tally, [add('c1', [5]), add('c2', [1, 1])]);
    const handled = handleCommand(tally, before, add('c2', [1, 1]));
    expect(handled.outcome).toStrictEqual({
      kind: 'duplicate',
      events: [],
      original: { commandId: 'c2', accepted: true, version: 3 },
    });
    expect(handled.entity).toBe(before);
  });

  test('a rejected command sent again is answered as rejected, not decided again', () => {
    const { entity: before } = handleAll(tally, [add('c1', [0]), add('c2', [5])]);
    // The same commandId with a body that would now pass: still the original answer.
    const handled = handleCommand(tally, before, add('c1', [3]));
    expect(handled.outcome).toStrictEqual({
      kind: 'duplicate',
      events: [],
      original: { commandId: 'c1', accepted: false, version: 0 },
    });
    expect(handled.entity).toBe(before);
  });

  test('a retry whose expectedVersion has gone stale is a duplicate, not a conflict', () => {
    const { entity: before } = handleAll(tally, [add('c1', [5], 0), add('c2', [6])]);
    const handled = handleCommand(tally, before, add('c1', [5], 0));
    expect(handled.outcome).toMatchObject({ kind: 'duplicate', original: { accepted: true } });
  });

  test('only the last rememberedCommands commandIds are remembered', () => {
    const remembering3 = tallyWith(3);
    const { entity } = handleAll(remembering3, [
      add('c1', [1]),
      add('c2', [1]),
      add('c3', [0]),
      add('c4', [1, 1]),
    ]);
    expect(entity.recentCommands.map((handled) => handled.commandId)).toStrictEqual([
      'c2',
      'c3',
      'c4',
    ]);
    expect(handleCommand(remembering3, entity, add('c2', [1])).outcome.kind).toBe('duplicate');
    const forgotten = handleCommand(remembering3, entity, add('c1', [1]));
    expect(forgotten.outcome).toMatchObject({ kind: 'accepted', version: 5 });
    expect(forgotten.entity.state.total).toBe(5);
  });

  test('by default the last 100 commandIds are remembered', () => {
    const commands = Array.from({ length: 101 }, (_, i) => add(`c${i + 1}`, [1]));
    const { entity } = handleAll(tally, commands);
    expect(entity.recentCommands).toHaveLength(100);
    expect(entity.recentCommands[0]?.commandId).toBe('c2');
    expect(handleCommand(tally, entity, add('c2', [1])).outcome.kind).toBe('duplicate');
    expect(handleCommand(tally, entity, add('c1', [1])).outcome.kind).toBe('accepted');
  });
});

describe('rebuilding', () => {
  const remembering3 = tallyWith(3);
  const commands = [
    add('c1', [5]),
    add('c2', [1, 2, 3]),
    add('c3', [-2]),
    add('c2', [1, 2, 3]),
    add('c4', [4], 1),
    add('c5', [4], 4),
    add('c6', [1]),
    add('c7', [0, 1]),
    add('c1', [5]),
  ];

  test('folding the stamped events gives the entity that handling them produced', () => {
    const { entity, events } = handleAll(remembering3, commands);
    expect(entity.version).toBe(7);
    expect(entity.state.amounts).toStrictEqual([5, 1, 2, 3, 4, 1, 5]);
    expect(foldEvents(remembering3, events)).toStrictEqual(entity);
  });

  test('folding the rest of the events onto an earlier entity gives the same entity', () => {
    const { entity, events } = handleAll(remembering3, commands);
    for (let split = 0; split <= events.length; split++) {
      const snapshot = foldEvents(remembering3, events.slice(0, split));
      expect(foldEvents(remembering3, events.slice(split), snapshot)).toStrictEqual(entity);
    }
  });
});

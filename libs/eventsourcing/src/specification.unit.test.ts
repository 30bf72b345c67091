import { describe, expect, test } from 'vitest';
import { draftOf, specification } from './specification.js';
import { added, refused, tally, type TallyCommand } from './tally.fixture.test.js';

const add = (
  amounts: readonly number[],
  {
    commandId = 'c1',
    expectedVersion = null,
  }: { commandId?: string; expectedVersion?: number | null } = {},
): TallyCommand => ({
  name: 'Add',
  value: { amounts, meta: { commandId, expectedVersion, issuedAt: 1_790_000_000_000 } },
});

const { given } = specification(tally);

describe('then', () => {
  test('passes when the command makes the expected events, and says what happened', () => {
    const handled = given([added(2)])
      .when(add([3, 4]))
      .then([added(3), added(4)]);
    expect(handled.before).toMatchObject({ state: { total: 2 }, version: 1 });
    expect(handled.entity).toMatchObject({ state: { total: 9 }, version: 3 });
    expect(handled.outcome).toMatchObject({ kind: 'accepted', version: 3 });
  });

  test('fails when an event differs', () => {
    const when = given([added(2)]).when(add([3]));
    expect(() => when.then([added(4)])).toThrow();
    expect(() => when.then([refused('amounts must be positive')])).toThrow();
  });

  test('fails when there are more or fewer events than expected', () => {
    const when = given([]).when(add([3, 4]));
    expect(() => when.then([added(3)])).toThrow();
    expect(() => when.then([added(3), added(4), added(5)])).toThrow();
    expect(() => when.then([])).toThrow();
  });

  test('compares the events without their metadata', () => {
    const { outcome } = given([])
      .when(add([3]))
      .then([added(3)]);
    expect(outcome.events[0]?.value.meta).toStrictEqual({
      version: 1,
      commandId: 'c1',
      occurredAt: 1_790_000_000_000,
    });
  });
});

describe('given', () => {
  test('stamps drafts as the entity’s next versions, rejections leaving it', () => {
    const { before } = given([added(1), added(2), refused('no'), added(3)])
      .when(add([1]))
      .then([added(1)]);
    expect(before).toStrictEqual({
      state: { total: 6, amounts: [1, 2, 3] },
      version: 3,
      recentCommands: [],
    });
  });

  test('takes full events as they are, so a command they record is remembered', () => {
    const first = given([])
      .when(add([5], { commandId: 'add-5' }))
      .result();
    const again = given(first.outcome.events)
      .when(add([5], { commandId: 'add-5' }))
      .thenDuplicate(true);
    expect(again.outcome).toStrictEqual({
      kind: 'duplicate',
      events: [],
      original: { commandId: 'add-5', accepted: true, version: 1 },
    });
  });

  test('runs the expectedVersion check like the processor does', () => {
    given([added(1), added(2)])
      .when(add([3], { expectedVersion: 1 }))
      .then([refused('expected version 1 but the tally is at version 2')]);
    given([added(1), added(2)])
      .when(add([3], { expectedVersion: 2 }))
      .then([added(3)]);
  });
});

describe('thenDuplicate', () => {
  const refusedBefore = given([])
    .when(add([0], { commandId: 'add-0' }))
    .result();

  test('passes for a repeat of a refused command answered as refused', () => {
    given(refusedBefore.outcome.events)
      .when(add([0], { commandId: 'add-0' }))
      .thenDuplicate(false);
  });

  test('fails when the original outcome was the other one', () => {
    const when = given(refusedBefore.outcome.events).when(add([0], { commandId: 'add-0' }));
    expect(() => when.thenDuplicate(true)).toThrow();
  });

  test('fails when the command is new', () => {
    const when = given(refusedBefore.outcome.events).when(add([1], { commandId: 'add-1' }));
    expect(() => when.thenDuplicate(false)).toThrow();
    expect(() => when.thenDuplicate(true)).toThrow();
  });
});

test('draftOf leaves out the metadata and nothing else', () => {
  const { outcome } = given([])
    .when(add([7]))
    .result();
  const [event] = outcome.events;
  expect(event).toBeDefined();
  if (event !== undefined) expect(draftOf(event)).toStrictEqual(added(7));
});

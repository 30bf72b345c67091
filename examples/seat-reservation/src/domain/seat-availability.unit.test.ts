import {
  foldEvents,
  handleCommand,
  initialEntity,
  specification,
  type Entity,
  type EventDraft,
} from '@streamfold/eventsourcing';
import type {
  ReservationRejected,
  ReservationsCommandsRecord,
  ReservationsEventsRecord,
} from '@streamfold/schemas';
import { describe, expect, test } from 'vitest';
import { random } from '../e2e/workload.js';
import { evolveAvailability, type Availability } from './availability.js';
import { remainingSeats, seatAvailability, type SeatAvailability } from './seat-availability.js';

const conferenceId = 'devconf-2026';
const { given } = specification(seatAvailability);

interface Sent {
  readonly commandId?: string;
  readonly expectedVersion?: number | null;
  readonly issuedAt?: number;
}

let issued = 0;
const metaOf = (sent: Sent = {}) => ({
  commandId: sent.commandId ?? `command-${++issued}`,
  expectedVersion: sent.expectedVersion ?? null,
  issuedAt: sent.issuedAt ?? 1_790_000_000_000,
});

const createConference = (seats: number, sent?: Sent): ReservationsCommandsRecord => ({
  name: 'CreateConference',
  value: { conferenceId, seats, meta: metaOf(sent) },
});
const reserveSeats = (
  reservationId: string,
  seats: number,
  sent?: Sent,
): ReservationsCommandsRecord => ({
  name: 'ReserveSeats',
  value: { conferenceId, reservationId, seats, meta: metaOf(sent) },
});
const cancelReservation = (reservationId: string, sent?: Sent): ReservationsCommandsRecord => ({
  name: 'CancelReservation',
  value: { conferenceId, reservationId, meta: metaOf(sent) },
});

type Draft = EventDraft<ReservationsEventsRecord>;

const conferenceCreated = (seats: number): Draft => ({
  name: 'ConferenceCreated',
  value: { conferenceId, seats },
});
const seatsReserved = (reservationId: string, seats: number, remaining: number): Draft => ({
  name: 'SeatsReserved',
  value: { conferenceId, reservationId, seats, remaining },
});
const seatsReleased = (reservationId: string, seats: number, remaining: number): Draft => ({
  name: 'SeatsReleased',
  value: { conferenceId, reservationId, seats, remaining },
});
const reservationRejected = (
  reason: ReservationRejected['reason'],
  rejected: { reservationId: string; requested: number; message: string },
): Draft => ({ name: 'ReservationRejected', value: { conferenceId, reason, ...rejected } });

describe('creating a conference', () => {
  test('a new conference opens with all its seats free', () => {
    const { entity } = given([])
      .when(createConference(100))
      .then([conferenceCreated(100)]);
    expect(entity.state).toStrictEqual({ status: 'open', capacity: 100, reservations: [] });
    expect(remainingSeats(entity.state)).toBe(100);
    expect(entity.version).toBe(1);
  });

  test('a conference that exists is not created again', () => {
    given([conferenceCreated(100)])
      .when(createConference(50))
      .then([
        reservationRejected('ALREADY_EXISTS', {
          reservationId: '',
          requested: 50,
          message: `conference ${conferenceId} already exists with 100 seats`,
        }),
      ]);
  });

  test.each([0, -5, 2.5])('a conference of %d seats is invalid', (seats) => {
    given([])
      .when(createConference(seats))
      .then([
        reservationRejected('INVALID', {
          reservationId: '',
          requested: seats,
          message: `a conference needs a whole number of seats above 0, not ${seats}`,
        }),
      ]);
  });
});

describe('reserving seats', () => {
  test('seats within capacity are granted and the rest remain', () => {
    const { entity } = given([conferenceCreated(10)])
      .when(reserveSeats('alice', 4))
      .then([seatsReserved('alice', 4, 6)]);
    expect(entity.state).toStrictEqual({
      status: 'open',
      capacity: 10,
      reservations: [{ reservationId: 'alice', seats: 4 }],
    });
    expect(remainingSeats(entity.state)).toBe(6);
  });

  test('the very last seats can be reserved, leaving none', () => {
    const { entity } = given([conferenceCreated(10), seatsReserved('alice', 7, 3)])
      .when(reserveSeats('bob', 3))
      .then([seatsReserved('bob', 3, 0)]);
    expect(remainingSeats(entity.state)).toBe(0);
  });

  test('more seats than remain are refused whole and the state is untouched', () => {
    const { before, entity } = given([conferenceCreated(10), seatsReserved('alice', 7, 3)])
      .when(reserveSeats('bob', 4))
      .then([
        reservationRejected('NOT_ENOUGH_SEATS', {
          reservationId: 'bob',
          requested: 4,
          message: 'requested 4 seats but only 3 remain',
        }),
      ]);
    expect(entity.state).toBe(before.state);
    expect(entity.version).toBe(before.version);
    expect(remainingSeats(entity.state)).toBe(3);
  });

  test('seats of a conference that does not exist are refused', () => {
    given([])
      .when(reserveSeats('alice', 2))
      .then([
        reservationRejected('NO_SUCH_CONFERENCE', {
          reservationId: 'alice',
          requested: 2,
          message: `conference ${conferenceId} does not exist`,
        }),
      ]);
  });

  test.each([0, -1])('a reservation of %d seats is invalid', (seats) => {
    given([conferenceCreated(10)])
      .when(reserveSeats('alice', seats))
      .then([
        reservationRejected('INVALID', {
          reservationId: 'alice',
          requested: seats,
          message: `a reservation needs a whole number of seats above 0, not ${seats}`,
        }),
      ]);
  });

  test('a reservation that already holds seats gets no more under the same id', () => {
    given([conferenceCreated(10), seatsReserved('alice', 2, 8)])
      .when(reserveSeats('alice', 1))
      .then([
        reservationRejected('ALREADY_EXISTS', {
          reservationId: 'alice',
          requested: 1,
          message: 'reservation alice already holds 2 seats',
        }),
      ]);
  });
});

describe('cancelling a reservation', () => {
  test('a cancellation releases the reservation’s seats', () => {
    const { entity } = given([conferenceCreated(10), seatsReserved('alice', 7, 3)])
      .when(cancelReservation('alice'))
      .then([seatsReleased('alice', 7, 10)]);
    expect(entity.state).toStrictEqual({ status: 'open', capacity: 10, reservations: [] });
  });

  test('released seats go to a later reservation that was refused before', () => {
    const commands = [
      createConference(10),
      reserveSeats('alice', 6),
      reserveSeats('bob', 5),
      cancelReservation('alice'),
      reserveSeats('bob', 5),
    ];
    let entity = initialEntity(seatAvailability);
    const events: ReservationsEventsRecord[] = [];
    const outcomes: string[] = [];
    for (const command of commands) {
      const handled = handleCommand(seatAvailability, entity, command);
      entity = handled.entity;
      events.push(...handled.outcome.events);
      outcomes.push(handled.outcome.kind);
    }
    expect(outcomes).toStrictEqual(['accepted', 'accepted', 'rejected', 'accepted', 'accepted']);
    expect(events.map((e) => e.name)).toStrictEqual([
      'ConferenceCreated',
      'SeatsReserved',
      'ReservationRejected',
      'SeatsReleased',
      'SeatsReserved',
    ]);
    expect(events.at(-1)?.value).toMatchObject({ reservationId: 'bob', seats: 5, remaining: 5 });
    expect(entity.state).toStrictEqual({
      status: 'open',
      capacity: 10,
      reservations: [{ reservationId: 'bob', seats: 5 }],
    });
    expect(entity.version).toBe(4);
    expect(foldEvents(seatAvailability, events)).toStrictEqual(entity);
  });

  test('a reservation that does not exist cannot be cancelled', () => {
    given([conferenceCreated(10), seatsReserved('alice', 2, 8)])
      .when(cancelReservation('bob'))
      .then([
        reservationRejected('NO_SUCH_RESERVATION', {
          reservationId: 'bob',
          requested: 0,
          message: 'reservation bob does not exist',
        }),
      ]);
  });

  test('a reservation of a conference that does not exist cannot be cancelled', () => {
    given([])
      .when(cancelReservation('alice'))
      .then([
        reservationRejected('NO_SUCH_CONFERENCE', {
          reservationId: 'alice',
          requested: 0,
          message: `conference ${conferenceId} does not exist`,
        }),
      ]);
  });
});

describe('expected versions', () => {
  const atVersion5 = [
    conferenceCreated(10),
    seatsReserved('alice', 1, 9),
    seatsReserved('bob', 1, 8),
    seatsReserved('carol', 1, 7),
    seatsReserved('dave', 1, 6),
  ];

  test('a stale expectedVersion is rejected naming both versions, and nothing changes', () => {
    const { before, entity, outcome } = given(atVersion5)
      .when(reserveSeats('eve', 1, { expectedVersion: 3 }))
      .then([
        reservationRejected('VERSION_CONFLICT', {
          reservationId: 'eve',
          requested: 1,
          message: 'expected version 3 but the conference is at version 5',
        }),
      ]);
    expect(entity.state).toBe(before.state);
    expect(entity.version).toBe(5);
    expect(outcome.kind).toBe('rejected');
    expect(outcome.events[0]?.value.meta.version).toBe(5);
  });

  test('a cancellation with a stale expectedVersion is rejected the same way', () => {
    given(atVersion5)
      .when(cancelReservation('alice', { expectedVersion: 4 }))
      .then([
        reservationRejected('VERSION_CONFLICT', {
          reservationId: 'alice',
          requested: 0,
          message: 'expected version 4 but the conference is at version 5',
        }),
      ]);
  });

  test('the current expectedVersion is decided as usual', () => {
    given(atVersion5)
      .when(reserveSeats('eve', 1, { expectedVersion: 5 }))
      .then([seatsReserved('eve', 1, 5)]);
  });
});

describe('a repeated command', () => {
  test('an accepted reservation sent twice is applied once and answered as accepted', () => {
    const reserve = reserveSeats('alice', 4, { commandId: 'reserve-alice' });
    const first = given([conferenceCreated(10)])
      .when(reserve)
      .then([seatsReserved('alice', 4, 6)]);
    const again = given([conferenceCreated(10), ...first.outcome.events])
      .when(reserve)
      .thenDuplicate(true);
    expect(again.outcome).toStrictEqual({
      kind: 'duplicate',
      events: [],
      original: { commandId: 'reserve-alice', accepted: true, version: 2 },
    });
    expect(again.entity.state).toStrictEqual(first.entity.state);
    expect(remainingSeats(again.entity.state)).toBe(6);
  });

  test('a refused reservation sent again is still refused, even once seats came free', () => {
    const reserve = reserveSeats('bob', 6, { commandId: 'reserve-bob' });
    const first = given([conferenceCreated(10), seatsReserved('alice', 5, 5)])
      .when(reserve)
      .then([
        reservationRejected('NOT_ENOUGH_SEATS', {
          reservationId: 'bob',
          requested: 6,
          message: 'requested 6 seats but only 5 remain',
        }),
      ]);
    const again = given([
      conferenceCreated(10),
      seatsReserved('alice', 5, 5),
      ...first.outcome.events,
      seatsReleased('alice', 5, 10),
    ])
      .when(reserve)
      .thenDuplicate(false);
    expect(again.outcome).toMatchObject({ original: { commandId: 'reserve-bob', version: 2 } });
    expect(remainingSeats(again.entity.state)).toBe(10);
  });
});

interface Step {
  readonly before: Entity<SeatAvailability>;
  readonly entity: Entity<SeatAvailability>;
  readonly kind: 'accepted' | 'rejected' | 'duplicate';
  readonly availability: Availability | undefined;
}

interface Run {
  readonly steps: readonly Step[];
  readonly events: readonly ReservationsEventsRecord[];
  readonly reasons: ReadonlySet<string>;
}

/**
 * Commands a busy box office might send: mostly reservations and cancellations over a dozen
 * reservation ids, some invalid sizes, a few creations, some with an expectedVersion (current
 * or stale) and some resent as they were (a client retrying).
 */
function randomRun(seed: number, commands: number): Run {
  const next = random(seed);
  const below = (n: number) => Math.floor(next() * n);
  const sent: ReservationsCommandsRecord[] = [];
  const steps: Step[] = [];
  const events: ReservationsEventsRecord[] = [];
  const reasons = new Set<string>();
  let entity = initialEntity(seatAvailability);
  let availability: Availability | undefined;
  for (let i = 0; i < commands; i++) {
    const retry = sent.length > 0 && next() < 0.1 ? sent[below(sent.length)] : undefined;
    const expectedVersion =
      next() < 0.15 ? (next() < 0.5 ? entity.version : entity.version - 1 - below(3)) : null;
    const meta = { commandId: `command-${i}`, expectedVersion, issuedAt: 1_790_000_000_000 + i };
    const roll = next();
    const reservationId = `reservation-${below(12)}`;
    const command =
      retry ??
      (roll < 0.05
        ? createConference(below(40) - 2, meta)
        : roll < 0.6
          ? reserveSeats(reservationId, below(9) - 1, meta)
          : cancelReservation(reservationId, meta));
    sent.push(command);
    const before = entity;
    const handled = handleCommand(seatAvailability, entity, command);
    entity = handled.entity;
    for (const event of handled.outcome.events) {
      events.push(event);
      availability = evolveAvailability(availability, event);
      if (event.name === 'ReservationRejected') reasons.add(event.value.reason);
    }
    steps.push({ before, entity, kind: handled.outcome.kind, availability });
  }
  return { steps, events, reasons };
}

const reservedSeats = (state: SeatAvailability): number =>
  state.status === 'none' ? 0 : state.reservations.reduce((sum, r) => sum + r.seats, 0);

describe.each([1, 42, 20260611])('a random run of 400 commands (seed %i)', (seed) => {
  const run = randomRun(seed, 400);

  test('exercises every kind of outcome and the interesting refusals', () => {
    const kinds = new Set(run.steps.map((step) => step.kind));
    expect(kinds).toStrictEqual(new Set(['accepted', 'rejected', 'duplicate']));
    expect(run.events.some((event) => event.name === 'SeatsReleased')).toBe(true);
    for (const reason of ['NOT_ENOUGH_SEATS', 'VERSION_CONFLICT', 'NO_SUCH_RESERVATION']) {
      expect(run.reasons).toContain(reason);
    }
  });

  test('rebuilding from the recorded events gives the entity command handling produced', () => {
    const last = run.steps.at(-1);
    expect(foldEvents(seatAvailability, run.events)).toStrictEqual(last?.entity);
  });

  test('the conference is never overbooked', () => {
    for (const { entity } of run.steps) {
      if (entity.state.status === 'none') continue;
      expect(reservedSeats(entity.state)).toBeLessThanOrEqual(entity.state.capacity);
      expect(remainingSeats(entity.state)).toBeGreaterThanOrEqual(0);
    }
  });

  test('a refused or repeated command changes neither state nor version', () => {
    for (const { before, entity, kind } of run.steps) {
      if (kind === 'accepted') continue;
      expect(entity.state).toBe(before.state);
      expect(entity.version).toBe(before.version);
    }
  });

  test('the availability view shows the same remaining seats as the aggregate', () => {
    for (const { entity, availability } of run.steps) {
      if (entity.state.status === 'none') {
        expect(availability).toBeUndefined();
        continue;
      }
      expect(availability).toMatchObject({
        capacity: entity.state.capacity,
        reserved: reservedSeats(entity.state),
        remaining: remainingSeats(entity.state),
        reservations: entity.state.reservations.length,
        version: entity.version,
      });
    }
  });
});

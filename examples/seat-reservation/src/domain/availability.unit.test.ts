import type { ReservationsEventsRecord } from '@streamfold/schemas';
import { describe, expect, test } from 'vitest';
import { evolveAvailability, type Availability } from './availability.js';

const conferenceId = 'devconf-2026';
const metaAt = (version: number) => ({ version, commandId: `command-${version}`, occurredAt: 0 });

const conferenceCreated = (version: number, seats: number): ReservationsEventsRecord => ({
  name: 'ConferenceCreated',
  value: { conferenceId, seats, meta: metaAt(version) },
});
const seatsReserved = (
  version: number,
  reservationId: string,
  seats: number,
  remaining: number,
): ReservationsEventsRecord => ({
  name: 'SeatsReserved',
  value: { conferenceId, reservationId, seats, remaining, meta: metaAt(version) },
});
const seatsReleased = (
  version: number,
  reservationId: string,
  seats: number,
  remaining: number,
): ReservationsEventsRecord => ({
  name: 'SeatsReleased',
  value: { conferenceId, reservationId, seats, remaining, meta: metaAt(version) },
});
const notEnoughSeats = (version: number, requested: number): ReservationsEventsRecord => ({
  name: 'ReservationRejected',
  value: {
    conferenceId,
    reservationId: 'late',
    requested,
    reason: 'NOT_ENOUGH_SEATS',
    message: `requested ${requested} seats`,
    meta: metaAt(version),
  },
});

const view = (events: readonly ReservationsEventsRecord[]): Availability | undefined =>
  events.reduce<Availability | undefined>(evolveAvailability, undefined);

describe('the availability view', () => {
  test('a new conference shows all its seats free', () => {
    expect(view([conferenceCreated(1, 50)])).toStrictEqual({
      conferenceId,
      capacity: 50,
      reserved: 0,
      remaining: 50,
      reservations: 0,
      rejected: 0,
      version: 1,
    });
  });

  test('reservations take seats and cancellations give them back', () => {
    const availability = view([
      conferenceCreated(1, 50),
      seatsReserved(2, 'alice', 10, 40),
      seatsReserved(3, 'bob', 5, 35),
      seatsReleased(4, 'alice', 10, 45),
    ]);
    expect(availability).toMatchObject({
      reserved: 5,
      remaining: 45,
      reservations: 1,
      version: 4,
    });
  });

  test('a refusal is counted and takes no seats', () => {
    const availability = view([
      conferenceCreated(1, 10),
      seatsReserved(2, 'alice', 10, 0),
      notEnoughSeats(2, 1),
      notEnoughSeats(2, 3),
    ]);
    expect(availability).toMatchObject({ reserved: 10, remaining: 0, rejected: 2, version: 2 });
  });

  test('a conference that was never created has no availability, refusals or not', () => {
    expect(view([notEnoughSeats(0, 2)])).toBeUndefined();
  });
});

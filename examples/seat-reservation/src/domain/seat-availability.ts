import type { Aggregate, Conflict, EventDraft } from '@streamfold/eventsourcing';
import type {
  CancelReservation,
  CreateConference,
  ReservationRejected,
  ReservationsCommandsRecord,
  ReservationsEventsRecord,
  ReserveSeats,
} from '@streamfold/schemas';

/** Seats held by one reservation. The snapshot's `Reservation` record has exactly this shape. */
export interface Reservation {
  readonly reservationId: string;
  readonly seats: number;
}

/**
 * One conference's seats: none before it is created; then its capacity and the reservations
 * holding seats, oldest first (the order the snapshot stores them in).
 */
export type SeatAvailability =
  | { readonly status: 'none' }
  | {
      readonly status: 'open';
      readonly capacity: number;
      readonly reservations: readonly Reservation[];
    };

type Draft = EventDraft<ReservationsEventsRecord>;

export const initialState = (): SeatAvailability => ({ status: 'none' });

/** Seats not held by any reservation: capacity minus the seats reserved. 0 before creation. */
export const remainingSeats = (state: SeatAvailability): number =>
  state.status === 'none'
    ? 0
    : state.reservations.reduce((left, reservation) => left - reservation.seats, state.capacity);

const rejected = (
  command: { readonly conferenceId: string; readonly reservationId?: string },
  requested: number,
  reason: ReservationRejected['reason'],
  message: string,
): Draft => ({
  name: 'ReservationRejected',
  value: {
    conferenceId: command.conferenceId,
    reservationId: command.reservationId ?? '',
    requested,
    reason,
    message,
  },
});

const isWholePositive = (seats: number): boolean => Number.isInteger(seats) && seats > 0;

function createConference(command: CreateConference, state: SeatAvailability): Draft[] {
  const { conferenceId, seats } = command;
  if (state.status === 'open') {
    const message = `conference ${conferenceId} already exists with ${state.capacity} seats`;
    return [rejected(command, seats, 'ALREADY_EXISTS', message)];
  }
  if (!isWholePositive(seats)) {
    const message = `a conference needs a whole number of seats above 0, not ${seats}`;
    return [rejected(command, seats, 'INVALID', message)];
  }
  return [{ name: 'ConferenceCreated', value: { conferenceId, seats } }];
}

function reserveSeats(command: ReserveSeats, state: SeatAvailability): Draft[] {
  const { conferenceId, reservationId, seats } = command;
  if (state.status === 'none') {
    const message = `conference ${conferenceId} does not exist`;
    return [rejected(command, seats, 'NO_SUCH_CONFERENCE', message)];
  }
  if (!isWholePositive(seats)) {
    const message = `a reservation needs a whole number of seats above 0, not ${seats}`;
    return [rejected(command, seats, 'INVALID', message)];
  }
  const held = state.reservations.find((r) => r.reservationId === reservationId);
  if (held !== undefined) {
    const message = `reservation ${reservationId} already holds ${held.seats} seats`;
    return [rejected(command, seats, 'ALREADY_EXISTS', message)];
  }
  const remaining = remainingSeats(state);
  // Granted whole or not at all: a partial grant would leave the caller holding seats it
  // did not ask for.
  if (seats > remaining) {
    const message = `requested ${seats} seats but only ${remaining} remain`;
    return [rejected(command, seats, 'NOT_ENOUGH_SEATS', message)];
  }
  return [
    {
      name: 'SeatsReserved',
      value: { conferenceId, reservationId, seats, remaining: remaining - seats },
    },
  ];
}

function cancelReservation(command: CancelReservation, state: SeatAvailability): Draft[] {
  const { conferenceId, reservationId } = command;
  if (state.status === 'none') {
    const message = `conference ${conferenceId} does not exist`;
    return [rejected(command, 0, 'NO_SUCH_CONFERENCE', message)];
  }
  const held = state.reservations.find((r) => r.reservationId === reservationId);
  if (held === undefined) {
    const message = `reservation ${reservationId} does not exist`;
    return [rejected(command, 0, 'NO_SUCH_RESERVATION', message)];
  }
  const remaining = remainingSeats(state) + held.seats;
  return [
    {
      name: 'SeatsReleased',
      value: { conferenceId, reservationId, seats: held.seats, remaining },
    },
  ];
}

export const decide = (command: ReservationsCommandsRecord, state: SeatAvailability): Draft[] => {
  switch (command.name) {
    case 'CreateConference':
      return createConference(command.value, state);
    case 'ReserveSeats':
      return reserveSeats(command.value, state);
    case 'CancelReservation':
      return cancelReservation(command.value, state);
  }
};

export const evolve = (
  state: SeatAvailability,
  event: ReservationsEventsRecord,
): SeatAvailability => {
  switch (event.name) {
    case 'ConferenceCreated':
      return { status: 'open', capacity: event.value.seats, reservations: [] };
    case 'SeatsReserved': {
      if (state.status === 'none') return state;
      const { reservationId, seats } = event.value;
      return { ...state, reservations: [...state.reservations, { reservationId, seats }] };
    }
    case 'SeatsReleased': {
      if (state.status === 'none') return state;
      const { reservationId } = event.value;
      const reservations = state.reservations.filter((r) => r.reservationId !== reservationId);
      return { ...state, reservations };
    }
    case 'ReservationRejected':
      return state;
  }
};

const requestedBy = (command: ReservationsCommandsRecord): number =>
  command.name === 'CancelReservation' ? 0 : command.value.seats;

const versionConflict = ({
  command,
  expectedVersion,
  actualVersion,
}: Conflict<ReservationsCommandsRecord>): Draft => {
  const message = `expected version ${expectedVersion} but the conference is at version ${actualVersion}`;
  return rejected(command.value, requestedBy(command), 'VERSION_CONFLICT', message);
};

/** The seat-availability aggregate: one per conference, never overbooked. */
export const seatAvailability: Aggregate<
  ReservationsCommandsRecord,
  ReservationsEventsRecord,
  SeatAvailability
> = {
  decider: { decide, evolve, initialState },
  rejections: ['ReservationRejected'],
  versionConflict,
};

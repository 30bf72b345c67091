import type { ReservationsEventsRecord } from '@streamfold/schemas';

/** What the availability projection shows for one conference. */
export interface Availability {
  readonly conferenceId: string;
  readonly capacity: number;
  readonly reserved: number;
  readonly remaining: number;
  /** Reservations holding seats now. */
  readonly reservations: number;
  /** Commands refused so far, of any reason. */
  readonly rejected: number;
  /** The version of the conference this view has seen, from the last event's metadata. */
  readonly version: number;
}

/**
 * One conference's availability after one more of its events. Undefined until the conference
 * is created: a refusal for a conference that does not exist has nothing to count against.
 */
export function evolveAvailability(
  current: Availability | undefined,
  event: ReservationsEventsRecord,
): Availability | undefined {
  const { version } = event.value.meta;
  if (event.name === 'ConferenceCreated') {
    const { conferenceId, seats } = event.value;
    return {
      conferenceId,
      capacity: seats,
      reserved: 0,
      remaining: seats,
      reservations: 0,
      rejected: 0,
      version,
    };
  }
  if (current === undefined) return undefined;
  switch (event.name) {
    case 'SeatsReserved':
      return withReserved(current, current.reserved + event.value.seats, 1, version);
    case 'SeatsReleased':
      return withReserved(current, current.reserved - event.value.seats, -1, version);
    case 'ReservationRejected':
      return { ...current, rejected: current.rejected + 1, version };
  }
}

function withReserved(
  current: Availability,
  reserved: number,
  reservationsDelta: number,
  version: number,
): Availability {
  return {
    ...current,
    reserved,
    remaining: current.capacity - reserved,
    reservations: current.reservations + reservationsDelta,
    version,
  };
}

export { evolveAvailability, type Availability } from './availability.js';
export {
  decide,
  evolve,
  initialState,
  remainingSeats,
  seatAvailability,
  type Reservation,
  type SeatAvailability,
} from './seat-availability.js';

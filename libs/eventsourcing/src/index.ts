export type {
  Aggregate,
  CommandRecord,
  Conflict,
  Decider,
  EventDraft,
  EventRecord,
} from './decider.js';
export {
  applyEvent,
  foldEvents,
  handleCommand,
  initialEntity,
  isRejection,
  type Entity,
  type Handled,
  type Outcome,
} from './entity.js';
export { draftOf, specification, type GivenEvent, type When } from './specification.js';

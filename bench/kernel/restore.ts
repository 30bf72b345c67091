import { handleCommand, initialEntity, type Entity } from '@streamfold/eventsourcing';
import { Producer, type ProducedRecord } from '@streamfold/kafka';
import {
  serdeFor,
  type ReservationsCommandsRecord,
  type ReservationsEventsRecord,
  type TopicSerde,
} from '@streamfold/schemas';
import {
  deepEqual,
  differences,
  rebuildFromEvents,
  restoreSnapshots,
  type RestoreReport,
  type SnapshotCodec,
} from '@streamfold/streams';
import {
  seatAvailability,
  type SeatAvailability,
} from '../../examples/seat-reservation/src/domain/index.js';
import {
  cancelReservation,
  createConference,
  reserveSeats,
} from '../../examples/seat-reservation/src/e2e/workload.js';
import { seatProcessing } from '../../examples/seat-reservation/src/handlers/processor.js';
import { seatNames, type SeatNames } from '../../examples/seat-reservation/src/topics.js';
import { BenchFailure, createSeatTopics, type Bench } from './context.js';
import { partitionOf } from './partition.js';

export interface RestoreSizes {
  readonly entities: number;
  /** A whole multiple of `entities`: each entity gets the same number of events. */
  readonly events: number;
}

export interface RestoreResult {
  readonly entities: number;
  readonly events: number;
  readonly writeMs: number;
  readonly restoreMs: number;
  readonly replayMs: number;
}

type SeatEntity = Entity<SeatAvailability>;

/** Events per produce request: big requests, so that writing the history stays cheap. */
const perRequest = 5_000;

/**
 * One conference's life in `length` accepted commands: created with `length` seats, then
 * one-seat reservations, every third step cancelling the oldest one still held instead.
 */
export function conferenceHistory(
  conferenceId: string,
  length: number,
): ReservationsCommandsRecord[] {
  const commands = [createConference(conferenceId, length)];
  const held: string[] = [];
  for (let step = 1; step < length; step += 1) {
    const oldest = held[0];
    if (step % 3 === 0 && oldest !== undefined) {
      held.shift();
      commands.push(cancelReservation(conferenceId, oldest));
    } else {
      const reservationId = `${conferenceId}-r${step}`;
      held.push(reservationId);
      commands.push(reserveSeats(conferenceId, reservationId, 1));
    }
  }
  return commands;
}

/** The events and the entity the kernel makes of the commands: what the processor would write. */
function fold(commands: readonly ReservationsCommandsRecord[]) {
  let entity: SeatEntity = initialEntity(seatAvailability);
  const events: ReservationsEventsRecord[] = [];
  for (const command of commands) {
    const handled = handleCommand(seatAvailability, entity, command);
    if (handled.outcome.kind !== 'accepted') {
      throw new BenchFailure(`${command.name} of ${command.value.conferenceId} was not accepted`);
    }
    entity = handled.entity;
    events.push(...handled.outcome.events);
  }
  return { events, entity };
}

/**
 * Writes every entity's events and its latest snapshot straight to the topics (the processor
 * would take far longer to make them), then reads the state back both ways, one after the
 * other: from the snapshots, and by folding every event. Both must give the same state.
 */
export async function restoreVsReplay(bench: Bench, sizes: RestoreSizes): Promise<RestoreResult> {
  const names = seatNames(`${bench.prefix}restore.`);
  await createSeatTopics(bench, names, [names.events, names.snapshots]);
  const { rebuild, codec } = seatProcessing(bench.registry, names);

  let started = performance.now();
  await writeHistories(bench, names, codec, sizes);
  const writeMs = performance.now() - started;

  // Well beyond what either read needs: a stall fails the run instead of hanging it.
  const read = { withinMs: 60_000 + sizes.events };
  console.error(`restore: reading ${sizes.entities} snapshots`);
  started = performance.now();
  const restored = await restoreSnapshots(bench.client, names.snapshots, codec, read);
  const restoreMs = performance.now() - started;
  console.error(`restore: replaying ${sizes.events} events`);
  started = performance.now();
  const replayed = await rebuildFromEvents(bench.client, rebuild, read);
  const replayMs = performance.now() - started;

  checkSameState(bench, names, sizes, restored, replayed);
  return { entities: sizes.entities, events: sizes.events, writeMs, restoreMs, replayMs };
}

async function writeHistories(
  bench: Bench,
  names: SeatNames,
  codec: SnapshotCodec<SeatEntity>,
  sizes: RestoreSizes,
): Promise<void> {
  const perEntity = sizes.events / sizes.entities;
  const eventSerde = serdeFor(bench.registry, 'reservations.events', names.events);
  const entitiesPerRequest = Math.max(1, Math.floor(perRequest / perEntity));
  // Its own producer, so the snapshots' requests go out beside the events' ones.
  const snapshotProducer = new Producer(bench.client);
  await snapshotProducer.connect();
  let sending: Promise<unknown> = Promise.resolve();
  let reported = 0;
  try {
    for (let first = 0; first < sizes.entities; first += entitiesPerRequest) {
      const last = Math.min(sizes.entities, first + entitiesPerRequest);
      const { events, snapshots } = await encodeEntities(bench, names, codec, eventSerde, {
        first,
        last,
        perEntity,
      });
      // The next request is encoded while this one is on the wire; one request in flight per
      // producer is all an idempotent kafkajs producer keeps in order.
      await sending;
      sending = Promise.all([
        bench.producer.send(names.events, events),
        snapshotProducer.send(names.snapshots, snapshots),
      ]);
      // Awaited on the next turn; until then a failure must not count as unhandled.
      sending.catch(() => undefined);
      const percent = Math.floor((last * 10) / sizes.entities) * 10;
      if (percent > reported) {
        reported = percent;
        console.error(`restore: wrote ${percent}% of ${sizes.events} events and their snapshots`);
      }
    }
    await sending;
  } finally {
    await snapshotProducer.disconnect();
  }
}

/** Conferences `first` to `last - 1`: their events, keyed by conference, and latest snapshots. */
async function encodeEntities(
  bench: Bench,
  names: SeatNames,
  codec: SnapshotCodec<SeatEntity>,
  eventSerde: TopicSerde<ReservationsEventsRecord>,
  range: { first: number; last: number; perEntity: number },
): Promise<{ events: ProducedRecord[]; snapshots: ProducedRecord[] }> {
  const events: ProducedRecord[] = [];
  const snapshots: ProducedRecord[] = [];
  for (let c = range.first; c < range.last; c += 1) {
    const key = `conf-${c}`;
    const history = fold(conferenceHistory(key, range.perEntity));
    for (const event of history.events) {
      events.push({ key, value: await eventSerde.encode(event) });
    }
    // No explicit partition: the producer's murmur2 decides, for both topics alike.
    const context = {
      partition: partitionOf(names.snapshots, key, bench.partitions),
      positions: [],
      takenAt: 0,
    };
    snapshots.push({ key, value: await codec.encode(key, history.entity, context) });
  }
  return { events, snapshots };
}

/** Restore and replay must agree, key for key and partition for partition; else no result. */
function checkSameState(
  bench: Bench,
  names: SeatNames,
  sizes: RestoreSizes,
  restored: RestoreReport<SeatEntity>,
  replayed: { states: Map<number, Map<string, SeatEntity>>; records: number },
): void {
  const problems: string[] = [];
  if (restored.unknownFormat.size > 0) {
    problems.push(`snapshots in an unknown format: ${[...restored.unknownFormat.values()][0]}`);
  }
  if (restored.records !== sizes.entities) {
    problems.push(`read ${restored.records} snapshots, wrote ${sizes.entities}`);
  }
  if (replayed.records !== sizes.events) {
    problems.push(`replayed ${replayed.records} events, wrote ${sizes.events}`);
  }
  if (!deepEqual(restored.states, replayed.states)) {
    const partitions = new Set([...restored.states.keys(), ...replayed.states.keys()]);
    const differing = [...partitions].flatMap((p) =>
      differences(restored.states.get(p) ?? new Map(), replayed.states.get(p) ?? new Map()),
    );
    problems.push(
      `restore and replay differ in ${differing.length} keys, e.g. ${differing.slice(0, 5).join(', ')}`,
    );
  }
  let keys = 0;
  for (const [partition, states] of restored.states) {
    for (const key of states.keys()) {
      keys += 1;
      const expected = partitionOf(names.snapshots, key, bench.partitions);
      if (expected !== partition) {
        problems.push(`${key} was read from partition ${partition}, not ${expected}`);
        break;
      }
    }
  }
  if (keys !== sizes.entities) problems.push(`restored ${keys} keys, wrote ${sizes.entities}`);
  if (problems.length > 0) {
    throw new BenchFailure(`restore is not equal to replay:\n  ${problems.join('\n  ')}`);
  }
}

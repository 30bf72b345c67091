/**
 * Workloads for the kernel's acceptance tests: seeded, so a failure replays exactly, and
 * checked against what the pure kernel makes of the same commands in the same order.
 */
import { handleCommand, initialEntity, type Entity } from '@streamfold/eventsourcing';
import type { KafkaAdmin, Producer } from '@streamfold/kafka';
import { uniqueName } from '@streamfold/testing';

// The committed-offset checks live in libs/testing now; the example's tests keep importing them here.
export { allCommitted, committedCount } from '@streamfold/testing';
import type {
  ReservationsCommandsRecord,
  ReservationsEventsRecord,
  SchemaRegistryClient,
  TopicSerde,
} from '@streamfold/schemas';
import { seatAvailability, type SeatAvailability } from '../domain/index.js';
import { registerSeatSubjects, seatNames, seatTopics, type SeatNames } from '../topics.js';

/** mulberry32: a small, fast, seeded PRNG; the same seed gives the same workload. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const meta = (commandId: string, expectedVersion: number | null = null) => ({
  commandId,
  expectedVersion,
  issuedAt: Date.UTC(2026, 10, 23),
});

export const createConference = (
  conferenceId: string,
  seats: number,
  commandId = `create-${conferenceId}`,
): ReservationsCommandsRecord => ({
  name: 'CreateConference',
  value: { conferenceId, seats, meta: meta(commandId) },
});

export const reserveSeats = (
  conferenceId: string,
  reservationId: string,
  seats: number,
  commandId = `reserve-${reservationId}`,
  expectedVersion: number | null = null,
): ReservationsCommandsRecord => ({
  name: 'ReserveSeats',
  value: { conferenceId, reservationId, seats, meta: meta(commandId, expectedVersion) },
});

export const cancelReservation = (
  conferenceId: string,
  reservationId: string,
  commandId = `cancel-${reservationId}`,
): ReservationsCommandsRecord => ({
  name: 'CancelReservation',
  value: { conferenceId, reservationId, meta: meta(commandId) },
});

/**
 * Random commands over many conferences: creations, reservations of 1–4 seats, cancellations,
 * stale expected versions and resent commands (the same commandId again).
 */
export function randomCommands(options: {
  seed: number;
  conferences: number;
  commands: number;
}): ReservationsCommandsRecord[] {
  const next = random(options.seed);
  const pick = (n: number) => Math.floor(next() * n);
  const sent: ReservationsCommandsRecord[][] = Array.from(
    { length: options.conferences },
    () => [],
  );
  const commands: ReservationsCommandsRecord[] = [];
  for (let i = 0; i < options.commands; i += 1) {
    const c = pick(options.conferences);
    const id = `conf-${c}`;
    const history = sent[c] ?? [];
    const roll = next();
    let command: ReservationsCommandsRecord;
    if (history.length === 0) command = createConference(id, 5 + pick(30));
    else if (roll < 0.55) command = reserveSeats(id, `r${i}`, 1 + pick(4));
    else if (roll < 0.75) {
      const reserved = history.flatMap((h) =>
        h.name === 'ReserveSeats' ? [h.value.reservationId] : [],
      );
      const target = reserved[pick(reserved.length)];
      command =
        target === undefined
          ? reserveSeats(id, `r${i}`, 1)
          : cancelReservation(id, target, `cancel-${i}`);
    } else if (roll < 0.85) {
      command = reserveSeats(id, `r${i}`, 1, `reserve-r${i}`, pick(history.length + 2));
    } else {
      command = history[pick(history.length)] ?? createConference(id, 10);
    }
    history.push(command);
    sent[c] = history;
    commands.push(command);
  }
  return commands;
}

export interface Expected {
  readonly entities: Map<string, Entity<SeatAvailability>>;
  readonly events: Map<string, ReservationsEventsRecord[]>;
  readonly eventCount: number;
}

/** What one uninterrupted run makes of the commands: each conference's events and entity. */
export function expectedRun(commands: readonly ReservationsCommandsRecord[]): Expected {
  const entities = new Map<string, Entity<SeatAvailability>>();
  const events = new Map<string, ReservationsEventsRecord[]>();
  let eventCount = 0;
  for (const command of commands) {
    const id = command.value.conferenceId;
    const handled = handleCommand(
      seatAvailability,
      entities.get(id) ?? initialEntity(seatAvailability),
      command,
    );
    entities.set(id, handled.entity);
    events.set(id, [...(events.get(id) ?? []), ...handled.outcome.events]);
    eventCount += handled.outcome.events.length;
  }
  return { entities, events, eventCount };
}

/** Sends commands keyed by conference, in order, in requests of `chunk`. */
export async function sendCommands(
  producer: Producer,
  serde: TopicSerde<ReservationsCommandsRecord>,
  topic: string,
  commands: readonly ReservationsCommandsRecord[],
  chunk = 500,
): Promise<void> {
  for (let i = 0; i < commands.length; i += chunk) {
    const records = await Promise.all(
      commands.slice(i, i + chunk).map(async (command) => ({
        key: command.value.conferenceId,
        value: await serde.encode(command),
      })),
    );
    await producer.send(topic, records);
  }
}

/** Decoded events by conference, in offset order, as read_committed readers see them. */
export async function eventsByConference(
  records: readonly { key: Buffer | null; value: Buffer | null }[],
  serde: TopicSerde<ReservationsEventsRecord>,
): Promise<Map<string, ReservationsEventsRecord[]>> {
  const byKey = new Map<string, ReservationsEventsRecord[]>();
  for (const record of records) {
    const { name, value } = await serde.decode(record.value);
    const key = record.key?.toString() ?? '';
    byKey.set(key, [...(byKey.get(key) ?? []), { name, value } as ReservationsEventsRecord]);
  }
  return byKey;
}

/** The example's topics and subjects under a name no other test uses, on a connected producer. */
export async function freshSeatTopics(
  kafka: { admin: KafkaAdmin; registry: SchemaRegistryClient; producer: Producer },
  prefix: string,
  partitions = 3,
): Promise<SeatNames> {
  const names = seatNames(`${uniqueName(prefix)}.`);
  await kafka.admin.ensureTopics(seatTopics(names, partitions));
  await registerSeatSubjects(kafka.registry, names);
  await kafka.producer.connect();
  return names;
}

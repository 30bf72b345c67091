import { KafkaAdmin, Producer } from '@streamfold/kafka';
import { serdeFor, toWireFormat } from '@streamfold/schemas';
import {
  deepEqual,
  mergePartitions,
  rebuildFromEvents,
  restoreSnapshots,
  type ProcessorEvent,
} from '@streamfold/streams';
import {
  readCommitted,
  testKafkaClient,
  testLogger,
  testRegistry,
  until,
} from '@streamfold/testing';
import { createApp, listen } from '@streamfold/observability';
import { afterAll, describe, expect, it } from 'vitest';
import { startChild } from '../e2e/processes.js';
import {
  allCommitted,
  cancelReservation,
  createConference,
  eventsByConference,
  expectedRun,
  freshSeatTopics,
  randomCommands,
  reserveSeats,
  sendCommands,
} from '../e2e/workload.js';
import type { SeatNames } from '../topics.js';
import { AvailabilityProjection } from './projection.js';
import { seatProcessing, startSeatProcessor, type SeatProcessor } from './processor.js';
import type { ReservationsCommandsRecord } from '@streamfold/schemas';

const client = testKafkaClient('seat-test');
const registry = testRegistry();
const admin = new KafkaAdmin(client);
const producer = new Producer(client);
afterAll(async () => {
  await producer.disconnect();
  await admin.disconnect();
});

const freshSeats = (partitions?: number) =>
  freshSeatTopics({ admin, registry, producer }, 'seats', partitions);

/** Sends the commands, runs one processor until it committed them all, and stops it. */
async function runToEnd(
  names: SeatNames,
  commands: readonly ReservationsCommandsRecord[],
  onEvent?: (event: ProcessorEvent) => void,
): Promise<SeatProcessor> {
  await sendCommands(
    producer,
    serdeFor(registry, 'reservations.commands', names.commands),
    names.commands,
    commands,
  );
  const processor = await startSeatProcessor({
    client,
    registry,
    names,
    logger: testLogger('seats'),
    ...(onEvent === undefined ? {} : { onEvent }),
  });
  await until(() => allCommitted(admin, names.processor, names.commands), {
    within: '120s',
    every: 250,
    what: `the processor commits all ${commands.length} commands`,
  });
  return processor;
}

const eventsOf = async (names: SeatNames) =>
  eventsByConference(
    await readCommitted(client, names.events, 60_000),
    serdeFor(registry, 'reservations.events', names.events),
  );

describe('the seat-availability processor on Kafka', () => {
  it('rejects a stale expectedVersion with the state untouched, and applies a repeated commandId once', async () => {
    const names = await freshSeats();
    const commands = [
      createConference('conf-a', 10),
      reserveSeats('conf-a', 'r1', 2),
      // The sender saw version 1, but r1 made it 2.
      reserveSeats('conf-a', 'r2', 3, 'reserve-r2', 1),
      reserveSeats('conf-a', 'r1', 2),
      reserveSeats('conf-a', 'r3', 1, 'reserve-r3', 2),
    ];
    const processor = await runToEnd(names, commands);
    const entity = processor.stateOf('conf-a');
    await processor.stop();

    const events = (await eventsOf(names)).get('conf-a') ?? [];
    expect(events.map((e) => [e.name, e.value.meta.version, e.value.meta.commandId])).toEqual([
      ['ConferenceCreated', 1, 'create-conf-a'],
      ['SeatsReserved', 2, 'reserve-r1'],
      ['ReservationRejected', 2, 'reserve-r2'],
      ['SeatsReserved', 3, 'reserve-r3'],
    ]);
    const rejection = events[2];
    expect(rejection?.name === 'ReservationRejected' && rejection.value.reason).toBe(
      'VERSION_CONFLICT',
    );
    expect(rejection?.name === 'ReservationRejected' && rejection.value.message).toBe(
      'expected version 1 but the conference is at version 2',
    );
    expect(entity).toEqual(expectedRun(commands).entities.get('conf-a'));
    expect(entity?.version).toBe(3);
    expect(entity?.state).toEqual({
      status: 'open',
      capacity: 10,
      reservations: [
        { reservationId: 'r1', seats: 2 },
        { reservationId: 'r3', seats: 1 },
      ],
    });
  });

  it('frees the seats of a cancellation with a compensating event, and later reservations take them', async () => {
    const names = await freshSeats();
    const commands = [
      createConference('conf-b', 3),
      reserveSeats('conf-b', 'r1', 2),
      reserveSeats('conf-b', 'r2', 1),
      reserveSeats('conf-b', 'r3', 1),
      cancelReservation('conf-b', 'r1'),
      reserveSeats('conf-b', 'r4', 2),
      reserveSeats('conf-b', 'r5', 1),
    ];
    const processor = await runToEnd(names, commands);
    await processor.stop();

    const events = (await eventsOf(names)).get('conf-b') ?? [];
    expect(
      events.map((e) => [
        e.name,
        'reservationId' in e.value ? e.value.reservationId : '',
        'remaining' in e.value ? e.value.remaining : null,
      ]),
    ).toEqual([
      ['ConferenceCreated', '', null],
      ['SeatsReserved', 'r1', 1],
      ['SeatsReserved', 'r2', 0],
      ['ReservationRejected', 'r3', null],
      ['SeatsReleased', 'r1', 2],
      ['SeatsReserved', 'r4', 0],
      ['ReservationRejected', 'r5', null],
    ]);
    // The projection folds the events, read_committed, and serves availability over HTTP.
    const projection = new AvailabilityProjection(client, registry, names);
    const app = createApp();
    projection.routes(app);
    const server = await listen(app, 0, '127.0.0.1');
    const address = server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    await projection.start();
    try {
      await until(() => projection.availability('conf-b')?.version === 5, {
        within: '30s',
        what: 'the projection reads every event',
      });
      const response = await fetch(`${base}/v1/conferences/conf-b/availability`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        conferenceId: 'conf-b',
        capacity: 3,
        reserved: 3,
        remaining: 0,
        reservations: 2,
        rejected: 2,
        version: 5,
      });
      const unknown = await fetch(`${base}/v1/conferences/conf-x/availability`);
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('content-type')).toContain('application/problem+json');
      // A redelivered record changes nothing: the projection is idempotent by offset.
      for (const record of await readCommitted(client, names.events))
        await projection.apply(record);
      expect(projection.availability('conf-b')).toMatchObject({ rejected: 2, version: 5 });
    } finally {
      await projection.stop();
      server.close();
    }
  });

  it('restores from snapshots exactly the state a full replay of the events rebuilds, for 3,000 conferences', async () => {
    const names = await freshSeats(6);
    const commands = randomCommands({ seed: 5, conferences: 3_000, commands: 12_000 });
    const processor = await runToEnd(names, commands);
    const held = processor.snapshot();
    await processor.stop();

    const expected = expectedRun(commands);
    const { handle: _handle, rebuild, codec } = seatProcessing(registry, names);
    const restored = await restoreSnapshots(client, names.snapshots, codec);
    const replayed = await rebuildFromEvents(client, rebuild);
    expect(restored.unknownFormat.size).toBe(0);
    expect(mergePartitions(restored.states).size).toBe(expected.entities.size);
    expect(deepEqual(mergePartitions(restored.states), expected.entities)).toBe(true);
    expect(deepEqual(mergePartitions(replayed.states), expected.entities)).toBe(true);
    expect(deepEqual(held, expected.entities)).toBe(true);
    expect(replayed.records).toBe(expected.eventCount);

    // The operator's command says the same.
    const cli = startChild('rebuild', 'main.ts', ['rebuild', '--verify'], {
      SEATS_TOPIC_PREFIX: names.prefix,
      LOG_LEVEL: 'warn',
    });
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain(
      `verified: the rebuild equals the snapshots for all ${expected.entities.size} entities`,
    );
  });

  it('rebuilds a partition from its events when a snapshot there is in a format this build cannot read', async () => {
    const names = await freshSeats();
    const commands = randomCommands({ seed: 9, conferences: 40, commands: 400 });
    const first = await runToEnd(names, commands.slice(0, 250));
    await first.stop();

    // A snapshot written with a schema that is not a SeatAvailabilitySnapshot (a command's, as
    // a newer build's unknown format would look): the serde says schema-mismatch.
    const foreign = await serdeFor(registry, 'reservations.commands', names.commands).encode(
      createConference('conf-0', 1),
    );
    const [sent] = await producer.send(names.snapshots, [{ key: 'conf-0', value: foreign }]);
    await producer.send(names.snapshots, [
      { key: 'conf-1', value: toWireFormat(999_999, Buffer.from('not avro')) },
    ]);

    const events: ProcessorEvent[] = [];
    const second = await runToEnd(names, commands.slice(250), (event) => events.push(event));
    const held = second.snapshot();
    await second.stop();

    const rebuilt = events.flatMap((e) => (e.type === 'rebuilt' ? [e] : []));
    expect(rebuilt.map((e) => e.partition)).toContain(sent?.partition);
    const reasons = rebuilt.map((e) => e.reason).join(' ');
    expect(reasons).toContain('schema-mismatch');
    expect(reasons).toContain('unknown-schema-id');
    expect(deepEqual(held, expectedRun(commands).entities)).toBe(true);
  });
});

/**
 * The kernel's acceptance tests, with real processes and real faults: kill -9 at random
 * points, a frozen instance that comes back as a zombie, members joining and leaving. After
 * each, what read_committed readers see and what the snapshots hold must be exactly what one
 * uninterrupted run gives.
 */
import { KafkaAdmin, Producer } from '@streamfold/kafka';
import { serdeFor, type ReservationsCommandsRecord } from '@streamfold/schemas';
import {
  deepEqual,
  mergePartitions,
  rebuildFromEvents,
  restoreSnapshots,
} from '@streamfold/streams';
import { readCommitted, testKafkaClient, testRegistry, until } from '@streamfold/testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { seatProcessing } from '../handlers/processor.js';
import type { SeatNames } from '../topics.js';
import { startProcessor, started, type ChildProcessor } from './processes.js';
import {
  allCommitted,
  committedCount,
  createConference,
  eventsByConference,
  expectedRun,
  freshSeatTopics,
  random,
  randomCommands,
  reserveSeats,
  sendCommands,
} from './workload.js';

const client = testKafkaClient('kernel-e2e');
const registry = testRegistry();
const admin = new KafkaAdmin(client);
const producer = new Producer(client);
const children: ChildProcessor[] = [];
afterEach((context) => {
  for (const child of children.splice(0)) {
    if (context.task.result?.state === 'fail') {
      console.error(`--- ${child.name} ---\n${child.output().slice(-6_000)}`);
    }
    child.kill('SIGKILL');
  }
});
afterAll(async () => {
  await producer.disconnect();
  await admin.disconnect();
});

const freshSeats = (partitions?: number) =>
  freshSeatTopics({ admin, registry, producer }, 'kernel', partitions);

const commandSerde = (names: SeatNames) =>
  serdeFor(registry, 'reservations.commands', names.commands);

async function launch(name: string, names: SeatNames, entry?: string): Promise<ChildProcessor> {
  const child = await startProcessor(name, names.prefix, entry);
  children.push(child);
  return child;
}

async function kill9(child: ChildProcessor): Promise<void> {
  child.kill('SIGKILL');
  expect(await child.exited).toBe('SIGKILL');
}

async function stop(child: ChildProcessor): Promise<void> {
  child.kill('SIGTERM');
  expect(await child.exited).toBe(0);
}

const committedAll = (names: SeatNames, within: `${number}s` = '120s') =>
  until(() => allCommitted(admin, names.processor, names.commands), {
    within,
    every: 250,
    what: 'the processor commits every command',
  });

/** Events, snapshots and a replay all equal what one uninterrupted run gives. */
async function expectExactly(names: SeatNames, commands: readonly ReservationsCommandsRecord[]) {
  const expected = expectedRun(commands);
  const events = await eventsByConference(
    await readCommitted(client, names.events, 60_000),
    serdeFor(registry, 'reservations.events', names.events),
  );
  expect([...events.values()].reduce((n, list) => n + list.length, 0)).toBe(expected.eventCount);
  expect(deepEqual(events, expected.events)).toBe(true);
  const { rebuild, codec } = seatProcessing(registry, names);
  const restored = await restoreSnapshots(client, names.snapshots, codec);
  expect(deepEqual(mergePartitions(restored.states), expected.entities)).toBe(true);
  const replayed = await rebuildFromEvents(client, rebuild);
  expect(deepEqual(mergePartitions(replayed.states), expected.entities)).toBe(true);
  return { expected, events };
}

describe('the exactly-once kernel under faults', () => {
  it('survives kill -9 at random points: output and state are exactly those of one uninterrupted run', async () => {
    const names = await freshSeats();
    const commands = randomCommands({ seed: 7, conferences: 300, commands: 11_000 });
    const kills = 10;
    const next = random(99);
    const bursts = kills + 1;
    const per = Math.ceil(commands.length / bursts);
    let mid = 0;
    for (let cycle = 0; cycle < bursts; cycle += 1) {
      // Each burst piles up while the processor is down; the next one starts on a backlog.
      await sendCommands(
        producer,
        commandSerde(names),
        names.commands,
        commands.slice(cycle * per, (cycle + 1) * per),
      );
      const processor = await launch(`processor-${cycle}`, names);
      await started(processor);
      if (cycle === kills) break;
      // Kill at a random point of the backlog: once a random share of it has been committed.
      const sent = Math.min(commands.length, (cycle + 1) * per);
      const target = sent - per + Math.floor(next() * per * 0.9);
      await until(
        async () => (await committedCount(admin, names.processor, names.commands)) >= target,
        { within: '60s', every: 20, what: `the processor commits ${target} commands` },
      );
      await kill9(processor);
      if ((await committedCount(admin, names.processor, names.commands)) < sent) mid += 1;
    }
    await committedAll(names);
    const last = children.at(-1);
    if (last !== undefined) await stop(last);

    const { expected } = await expectExactly(names, commands);
    console.log(
      `kill -9: ${kills} kills (${mid} with commands still to process), ${commands.length} commands, ${expected.eventCount} events, ${expected.entities.size} conferences: exact`,
    );
  });

  it('fences a zombie: a frozen instance whose partitions were taken over cannot commit when it wakes', async () => {
    const names = await freshSeats();
    const conferences = Array.from({ length: 30 }, (_, i) => createConference(`conf-${i}`, 50));
    const phase = (n: number) =>
      Array.from({ length: 300 }, (_, i) =>
        reserveSeats(`conf-${(i * 7) % 30}`, `p${n}-${i}`, 1 + (i % 3)),
      );
    const serde = commandSerde(names);
    await sendCommands(producer, serde, names.commands, [...conferences, ...phase(1)]);
    const a = await launch('instance-a', names, 'e2e/pausable-processor.ts');
    await started(a);
    await committedAll(names);

    // A holds the trap command in its handler, its transaction not yet written; freeze it there.
    const trap = reserveSeats('conf-1', 'trap', 1);
    await producer.send(names.commands, [
      { key: 'conf-1', value: await serde.encode(trap), headers: { 'test.pause': '1' } },
    ]);
    const paused = await a.waitFor('A holds the trap', (line) => line.msg === 'paused');
    a.kill('SIGSTOP');

    // B joins; A misses its session timeout; B takes every partition and handles the trap too.
    const b = await launch('instance-b', names);
    await started(b);
    await committedAll(names);
    await sendCommands(producer, serde, names.commands, phase(2));
    await committedAll(names);

    // A wakes up and finishes its batch: its write and commit are refused.
    a.kill('SIGCONT');
    a.kill('SIGUSR2');
    const fenced = await a.waitFor(
      'A is fenced',
      (line) => line.msg?.startsWith('fenced') === true,
    );
    expect(fenced.partition).toBe(paused.partition);
    const linesBeforeRejoin = a.lines().length;

    // A rejoins as a new member and the two share the work from there.
    // A rejoins as a new member (dropping every task it held) and gets a share again.
    await until(
      () =>
        a
          .lines()
          .slice(linesBeforeRejoin)
          .some((line) => line.msg === 'assigned' && (line.partitions as number[]).length > 0),
      { within: '60s', what: 'A, rejoined as a new member, is given partitions' },
    );
    await sendCommands(producer, serde, names.commands, phase(3));
    await committedAll(names);
    await until(
      () =>
        a
          .lines()
          .slice(linesBeforeRejoin)
          .some((line) => line.msg === 'started'),
      {
        within: '60s',
        what: 'A runs a task again',
      },
    );
    await stop(a);
    await stop(b);

    const all = [...conferences, ...phase(1), trap, ...phase(2), ...phase(3)];
    const { events } = await expectExactly(names, all);
    const trapEvents = [...events.values()]
      .flat()
      .filter((e) => e.value.meta.commandId === 'reserve-trap');
    expect(trapEvents.map((e) => e.name)).toEqual(['SeatsReserved']);
    console.log(
      `zombie: A frozen on partition ${String(paused.partition)} past its session timeout, B took over; A woke, was fenced (${String(fenced.msg)}); ${all.length} commands: exact, the trap reserved once`,
    );
  });

  it('keeps state exact when a second instance joins mid-run and later leaves', async () => {
    const names = await freshSeats(6);
    const commands = randomCommands({ seed: 21, conferences: 200, commands: 6_000 });
    const quarter = commands.length / 4;
    const serde = commandSerde(names);
    const send = (i: number) =>
      sendCommands(producer, serde, names.commands, commands.slice(i * quarter, (i + 1) * quarter));

    await send(0);
    const a = await launch('instance-a', names);
    await started(a);
    const b = await launch('instance-b', names);
    const sending = send(1);
    const joined = await b.waitFor(
      'B is given partitions',
      (line) => line.msg === 'assigned' && (line.partitions as number[]).length > 0,
    );
    await sending;
    await send(2);
    await committedAll(names);
    // The two share the partitions (A keeps its own share), and B restored its share from
    // the snapshots A had committed.
    expect((joined.partitions as number[]).length).toBe(3);
    await started(b);

    // B leaves cleanly; A takes its partitions back and restores them from the snapshots.
    const restartsOfA = a.lines().filter((line) => line.msg === 'started').length;
    await stop(b);
    await send(3);
    await committedAll(names);
    await until(() => a.lines().filter((line) => line.msg === 'started').length > restartsOfA, {
      within: '30s',
      what: 'A starts the partitions B left',
    });
    // A restored them from the snapshots B had committed, not from nothing.
    const restoredByA = a.lines().filter((line) => line.msg === 'restored');
    expect(restoredByA.at(-1)?.keys).toBeGreaterThan(0);
    await stop(a);

    await expectExactly(names, commands);
    console.log(
      `rebalance: B joined and took partitions ${JSON.stringify(joined.partitions)}, then left; ${commands.length} commands: exact`,
    );
  });
});

describe('the seat-reservation acceptance test', () => {
  const clients = 20;
  const perClient = 1_000;
  const capacity = 100;

  /** 20 clients, each with its own producer, sending 1,000 ReserveSeats(1) in interleaved chunks. */
  async function reserveConcurrently(names: SeatNames, share: [number, number]) {
    const serde = commandSerde(names);
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        const own = new Producer(client);
        await own.connect();
        try {
          const mine = Array.from({ length: share[1] - share[0] }, (__, i) =>
            reserveSeats('conference', `client-${c}-${share[0] + i}`, 1),
          );
          await sendCommands(own, serde, names.commands, mine, 25);
        } finally {
          await own.disconnect();
        }
      }),
    );
  }

  async function expectExactlyCapacity(names: SeatNames) {
    const events = await eventsByConference(
      await readCommitted(client, names.events, 120_000),
      serdeFor(registry, 'reservations.events', names.events),
    );
    const all = events.get('conference') ?? [];
    const count = (name: string) => all.filter((e) => e.name === name).length;
    expect(count('ConferenceCreated')).toBe(1);
    expect(count('SeatsReserved')).toBe(capacity);
    expect(count('ReservationRejected')).toBe(clients * perClient - capacity);
    expect(new Set(all.map((e) => e.value.meta.commandId)).size).toBe(all.length);
    const { codec } = seatProcessing(registry, names);
    const restored = await restoreSnapshots(client, names.snapshots, codec);
    const entity = [...restored.states.values()]
      .find((m) => m.has('conference'))
      ?.get('conference');
    expect(entity?.version).toBe(1 + capacity);
    expect(entity?.state.status === 'open' && entity.state.reservations.length).toBe(capacity);
    return { reserved: count('SeatsReserved'), rejected: count('ReservationRejected') };
  }

  it('20 concurrent clients x 1,000 ReserveSeats(1) on 100 seats: exactly 100 reserved, 19,900 rejected', async () => {
    const names = await freshSeats();
    await sendCommands(producer, commandSerde(names), names.commands, [
      createConference('conference', capacity),
    ]);
    const processor = await launch('processor', names);
    await started(processor);
    await reserveConcurrently(names, [0, perClient]);
    await committedAll(names, '180s');
    await stop(processor);
    const { reserved, rejected } = await expectExactlyCapacity(names);
    console.log(`acceptance: ${reserved} reserved, ${rejected} rejected`);
  });

  it('the same with the processor killed -9 five times during the run', async () => {
    const names = await freshSeats();
    await sendCommands(producer, commandSerde(names), names.commands, [
      createConference('conference', capacity),
    ]);
    const kills = 5;
    const next = random(2026);
    const boundary = (cycle: number) => Math.round((cycle * perClient) / (kills + 1));
    for (let cycle = 0; cycle <= kills; cycle += 1) {
      const processor = await launch(`processor-${cycle}`, names);
      const sending = reserveConcurrently(names, [boundary(cycle), boundary(cycle + 1)]);
      await started(processor);
      await sending;
      if (cycle === kills) break;
      await new Promise((resolve) => setTimeout(resolve, Math.floor(next() * 1_000)));
      await kill9(processor);
    }
    await committedAll(names, '180s');
    const last = children.at(-1);
    if (last !== undefined) await stop(last);
    const { reserved, rejected } = await expectExactlyCapacity(names);
    console.log(`acceptance with ${kills} kill -9s: ${reserved} reserved, ${rejected} rejected`);
  });
});

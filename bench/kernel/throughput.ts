import { serdeFor, type ReservationsCommandsRecord } from '@streamfold/schemas';
import { runProcessor } from '@streamfold/streams';
import {
  allCommitted,
  createConference,
  reserveSeats,
  sendCommands,
} from '../../examples/seat-reservation/src/e2e/workload.js';
import { seatProcessing } from '../../examples/seat-reservation/src/handlers/processor.js';
import { seatNames, type SeatNames } from '../../examples/seat-reservation/src/topics.js';
import { BenchFailure, createSeatTopics, within, type Bench, type Timing } from './context.js';
import { timeNoopConsumer } from './reference.js';

export interface ThroughputSizes {
  readonly commands: number;
  readonly conferences: number;
}

export interface ThroughputResult {
  readonly commands: number;
  readonly exactlyOnce: Timing;
  readonly atLeastOnce: Timing;
  readonly noop: Timing;
}

/**
 * CreateConference for every conference, then ReserveSeats(1) round-robin over them, with
 * just enough seats that every command is accepted: each writes one event and changes state.
 */
export function throughputCommands(sizes: ThroughputSizes): ReservationsCommandsRecord[] {
  const { commands, conferences } = sizes;
  const seats = Math.ceil((commands - conferences) / conferences);
  const list = Array.from({ length: conferences }, (_, c) => createConference(`conf-${c}`, seats));
  for (let i = 0; list.length < commands; i += 1) {
    list.push(reserveSeats(`conf-${i % conferences}`, `r${i}`, 1));
  }
  return list;
}

/**
 * The commands are written once; then the exactly-once processor, the at-least-once one and
 * the no-op consumer each read all of them in a group of their own, one after another.
 */
export async function throughput(bench: Bench, sizes: ThroughputSizes): Promise<ThroughputResult> {
  const shared = seatNames(`${bench.prefix}throughput.`);
  await createSeatTopics(bench, shared, [shared.commands, shared.commandsDlq]);
  const commands = throughputCommands(sizes);
  console.error(`throughput: writing ${commands.length} commands to ${shared.commands}`);
  const serde = serdeFor(bench.registry, 'reservations.commands', shared.commands);
  await sendCommands(bench.producer, serde, shared.commands, commands, 5_000);
  const ends = await bench.admin.endOffsets(shared.commands);
  const written = [...ends.values()].reduce((sum, end) => sum + Number(end), 0);
  if (written !== commands.length) {
    throw new BenchFailure(`${shared.commands} holds ${written} records, not ${commands.length}`);
  }

  // Generous: a run that stalls fails rather than hangs.
  const withinMs = 60_000 + commands.length * 5;
  const exactlyOnce = await timeProcessor(bench, shared, 'exactly-once', written, withinMs);
  const atLeastOnce = await timeProcessor(bench, shared, 'at-least-once', written, withinMs);
  console.error('throughput: the no-op kafkajs consumer');
  const noop = await timeNoopConsumer(
    bench.client.config,
    shared.commands,
    `${bench.prefix}noop`,
    ends,
    withinMs,
  );
  return { commands: written, exactlyOnce, atLeastOnce, noop };
}

/**
 * The seat processor with its own events and snapshots topics, group and transactional ids,
 * reading the shared commands topic, until its commits have covered every command. The clock
 * starts once `runProcessor` resolves (the group is joined), as for the reference; restoring
 * the (empty) state and fencing each task happen after that, so they count.
 */
async function timeProcessor(
  bench: Bench,
  shared: SeatNames,
  guarantee: 'exactly-once' | 'at-least-once',
  total: number,
  withinMs: number,
): Promise<Timing> {
  console.error(`throughput: the processor, ${guarantee}`);
  const names: SeatNames = {
    ...seatNames(`${bench.prefix}${guarantee}.`),
    commands: shared.commands,
  };
  await createSeatTopics(bench, names, [names.events, names.snapshots]);
  const { handle, rebuild, codec } = seatProcessing(bench.registry, names);

  let committed = 0;
  let retried = 0;
  let finish: () => void = () => undefined;
  const committedAll = new Promise<void>((resolve) => (finish = resolve));
  const started = performance.now();
  const processor = await runProcessor(bench.client, {
    name: names.processor,
    consumed: { topics: [shared.commands] },
    materialized: { snapshotTopic: names.snapshots, codec, rebuild },
    handle,
    guarantee,
    logger: bench.logger,
    // `committed` is told after the commit returned: offsets (and, exactly once, outputs and
    // snapshots) are durable by then.
    onEvent: (event) => {
      if (event.type === 'committed') {
        committed += event.records;
        if (committed >= total) finish();
      } else if (event.type === 'aborted' || event.type === 'fenced') {
        retried += 1;
      }
    },
  });
  const joined = performance.now();
  let done: number;
  try {
    await within(
      Promise.race([committedAll, processor.failed]),
      withinMs,
      `the ${guarantee} processor did not commit all ${total} commands`,
    );
    done = performance.now();
  } finally {
    await processor.stop();
  }
  // A batch repeated after a failed commit would count twice: the group's offsets decide.
  if (!(await allCommitted(bench.admin, names.processor, shared.commands))) {
    throw new BenchFailure(
      `the ${guarantee} processor reported ${committed} commands committed, but its group has not committed ${shared.commands} to its end`,
    );
  }
  return {
    joinMs: joined - started,
    runMs: done - joined,
    notes: retried === 0 ? '' : `${retried} batches aborted and retried`,
  };
}

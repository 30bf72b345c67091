import {
  KafkaAdmin,
  Producer,
  StreamfoldError,
  type ConsumedRecord,
  type KafkaClient,
} from '@streamfold/kafka';
import { readCommitted, testKafkaClient, testLogger, until, uniqueName } from '@streamfold/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { runProcessor, type Processor, type ProcessorEvent } from './processor.js';
import { mergePartitions, rebuildFromEvents, restoreSnapshots } from './restore.js';
import type { KeyedHandler, RebuildFrom, SnapshotCodec } from './state.js';

/** A running total per key: the smallest state that shows order, loss and duplication. */
interface Total {
  count: number;
  sum: number;
}

const client = testKafkaClient('processor-test');
const admin = new KafkaAdmin(client);
const producer = new Producer(client);
afterAll(async () => {
  await producer.disconnect();
  await admin.disconnect();
});

interface Topology {
  name: string;
  input: string;
  totals: string;
  snapshots: string;
}

async function topology(partitions = 3): Promise<Topology> {
  const t = {
    name: uniqueName('totals-processor'),
    input: uniqueName('numbers'),
    totals: uniqueName('totals'),
    snapshots: uniqueName('totals-snapshots'),
  };
  await admin.ensureTopics([
    { name: t.input, partitions, cleanupPolicy: 'delete' },
    { name: t.totals, partitions, cleanupPolicy: 'delete' },
    { name: `${t.input}.dlq`, partitions: 1, cleanupPolicy: 'delete' },
    {
      name: t.snapshots,
      partitions,
      cleanupPolicy: 'compact',
      config: { 'min.compaction.lag.ms': '0' },
    },
  ]);
  await producer.connect();
  return t;
}

const numbers = (from: number, to: number, keys = 20) =>
  Array.from({ length: to - from }, (_, i) => ({
    key: `k${(from + i) % keys}`,
    value: Buffer.from(JSON.stringify({ n: from + i })),
  }));

/** The totals one uninterrupted run over the inputs gives, output by output, per key. */
function expected(inputs: { key: string; value: Buffer }[]) {
  const totals = new Map<string, Total>();
  const outputs = new Map<string, Total[]>();
  for (const { key, value } of inputs) {
    const { n } = JSON.parse(value.toString()) as { n: number };
    const before = totals.get(key) ?? { count: 0, sum: 0 };
    const after = { count: before.count + 1, sum: before.sum + n };
    totals.set(key, after);
    outputs.set(key, [...(outputs.get(key) ?? []), after]);
  }
  return { totals, outputs };
}

const totalsHandler =
  (topic: string, fail?: (n: number) => boolean): KeyedHandler<Total> =>
  (record, state) => {
    const { n } = JSON.parse(record.value?.toString() ?? '') as { n?: unknown };
    if (typeof n !== 'number') return { deadLetter: true, reason: 'not-a-number', error: 'n' };
    if (fail?.(n) === true) {
      throw new StreamfoldError('KAFKA_UNAVAILABLE', `failing once at ${n}`, { retriable: true });
    }
    const total = { count: (state?.count ?? 0) + 1, sum: (state?.sum ?? 0) + n };
    const value = Buffer.from(JSON.stringify(total));
    return { state: total, produce: [{ topic, key: record.entityKey, value }] };
  };

/**
 * Snapshots as JSON with a format number. Format 1 had no sum; format 2 reads it with sum 0
 * (an upcast). `reads` lists the formats a build understands.
 */
const jsonCodec = (writes: 1 | 2, reads: readonly number[]): SnapshotCodec<Total> => ({
  encode: (_key, state) =>
    Buffer.from(
      JSON.stringify(writes === 1 ? { format: 1, count: state.count } : { format: 2, ...state }),
    ),
  decode: (record) => {
    const snapshot = JSON.parse(record.value.toString()) as { format: number } & Partial<Total>;
    if (!reads.includes(snapshot.format)) {
      return { unknownFormat: `format ${snapshot.format}; this build reads ${reads.join(', ')}` };
    }
    return { state: { count: snapshot.count ?? 0, sum: snapshot.sum ?? 0 } };
  },
});

const rebuildTotals = (topic: string): RebuildFrom<Total> => ({
  topic,
  fold: (_state, record: ConsumedRecord) => JSON.parse(record.value?.toString() ?? '') as Total,
});

async function start(
  t: Topology,
  codec: SnapshotCodec<Total>,
  events: ProcessorEvent[] = [],
  fail?: (n: number) => boolean,
  guarantee: 'exactly-once' | 'at-least-once' = 'exactly-once',
): Promise<Processor<Total>> {
  return runProcessor<Total>(client, {
    guarantee,
    name: t.name,
    consumed: { topics: [t.input] },
    materialized: { snapshotTopic: t.snapshots, codec, rebuild: rebuildTotals(t.totals) },
    handle: totalsHandler(t.totals, fail),
    logger: testLogger('processor-test'),
    backoff: { initialMs: 50, maxMs: 200 },
    onEvent: (event) => events.push(event),
  });
}

async function committedTo(t: Topology, count: number, c: KafkaClient = client): Promise<void> {
  const reader = new KafkaAdmin(c);
  try {
    await until(
      async () => {
        const ends = await reader.offsetRanges(t.input);
        const committed = await reader.committedOffsets(t.name, t.input);
        const total = [...ends].reduce((sum, [p, { end }]) => {
          if (end === '0') return sum;
          return sum + Number(committed.get(p) ?? -1);
        }, 0);
        return total === count;
      },
      { within: '60s', every: 200, what: `the processor commits all ${count} inputs` },
    );
  } finally {
    await reader.disconnect();
  }
}

async function outputsByKey(topic: string): Promise<Map<string, Total[]>> {
  const byKey = new Map<string, Total[]>();
  for (const record of await readCommitted(client, topic)) {
    const key = record.key?.toString() ?? '';
    byKey.set(key, [
      ...(byKey.get(key) ?? []),
      JSON.parse(record.value?.toString() ?? '') as Total,
    ]);
  }
  return byKey;
}

/** Every key's outputs count 1, 2, 3… with no gap or repeat, ending at its number of inputs. */
function expectEachInputOnce(outputs: Map<string, Total[]>, inputs: { key: string }[]) {
  const want = new Map<string, number>();
  for (const { key } of inputs) want.set(key, (want.get(key) ?? 0) + 1);
  expect([...outputs.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [key, totals] of outputs) {
    expect(totals.map((t) => t.count)).toEqual(
      Array.from({ length: want.get(key) ?? 0 }, (_, i) => i + 1),
    );
  }
}

describe('the stateful processor', () => {
  it('commits outputs, snapshots and offsets together, and a restart resumes from them exactly', async () => {
    const t = await topology();
    const inputs = [...numbers(0, 300), ...numbers(300, 500)];
    await producer.send(t.input, inputs.slice(0, 300));

    const first = await start(t, jsonCodec(2, [2]));
    await committedTo(t, 300);
    await first.stop();

    await producer.send(t.input, inputs.slice(300));
    const events: ProcessorEvent[] = [];
    const second = await start(t, jsonCodec(2, [2]), events);
    await committedTo(t, 500);
    const held = second.snapshot();
    await second.stop();

    const want = expected(inputs);
    expect(await outputsByKey(t.totals)).toEqual(want.outputs);
    expect(held).toEqual(want.totals);
    const restored = events.find((e) => e.type === 'restored');
    expect(restored).toMatchObject({ type: 'restored', partitions: [0, 1, 2], keys: 20 });
    const fromSnapshots = await restoreSnapshots(client, t.snapshots, jsonCodec(2, [2]));
    expect(mergePartitions(fromSnapshots.states)).toEqual(want.totals);
  });

  it('at least once: without a crash each output is written once, and a restart resumes from the committed offsets', async () => {
    const t = await topology();
    const inputs = numbers(0, 400);
    await producer.send(t.input, inputs.slice(0, 250));
    const first = await start(t, jsonCodec(2, [2]), [], undefined, 'at-least-once');
    await committedTo(t, 250);
    await first.stop();
    await producer.send(t.input, inputs.slice(250));
    const second = await start(t, jsonCodec(2, [2]), [], undefined, 'at-least-once');
    await committedTo(t, 400);
    const held = second.snapshot();
    await second.stop();

    const want = expected(inputs);
    // With no crash, nothing repeats.
    expect(await outputsByKey(t.totals)).toEqual(want.outputs);
    expect(held).toEqual(want.totals);
  });

  it('writes a batch whose outputs outgrow one broker request, in several requests', async () => {
    const t = await topology(1);
    const inputs = numbers(0, 80, 5);
    await producer.send(t.input, inputs);
    // 80 outputs of 40 KiB in one batch: 3.2 MiB, over the broker's 1 MiB per record batch.
    const padding = 'x'.repeat(40 * 1024);
    const processor = await runProcessor<Total>(client, {
      name: t.name,
      consumed: { topics: [t.input] },
      materialized: { snapshotTopic: t.snapshots, codec: jsonCodec(2, [2]) },
      handle: (record, state) => {
        const { n } = JSON.parse(record.value?.toString() ?? '') as { n: number };
        const total = { count: (state?.count ?? 0) + 1, sum: (state?.sum ?? 0) + n };
        const value = Buffer.from(JSON.stringify({ ...total, padding }));
        return { state: total, produce: [{ topic: t.totals, key: record.entityKey, value }] };
      },
      logger: testLogger('processor-test'),
    });
    await committedTo(t, 80);
    await processor.stop();
    const outputs = await readCommitted(client, t.totals);
    expect(outputs.length).toBe(80);
    const totals = outputs.map((r) => JSON.parse(r.value?.toString() ?? '') as Total);
    const want = [...expected(inputs).outputs.values()].flat();
    expect(totals.map(({ count, sum }) => ({ count, sum })).sort((a, b) => a.sum - b.sum)).toEqual(
      want.sort((a, b) => a.sum - b.sum),
    );
  });

  it('runs a task over two co-partitioned input topics: one state per key, each input counted once, across failures and a restart', async () => {
    const t = await topology();
    const second = uniqueName('more-numbers');
    await admin.ensureTopics([
      { name: second, partitions: 3, cleanupPolicy: 'delete' },
      { name: `${second}.dlq`, partitions: 1, cleanupPolicy: 'delete' },
    ]);
    const first = numbers(0, 200);
    const other = numbers(1_000, 1_150);
    await producer.send(t.input, first.slice(0, 120));
    await producer.send(second, other.slice(0, 90));
    const failures = new Set([40, 1_050, 110]);
    const run = (fail?: (n: number) => boolean) =>
      runProcessor<Total>(client, {
        name: t.name,
        consumed: { topics: [t.input, second] },
        materialized: { snapshotTopic: t.snapshots, codec: jsonCodec(2, [2]) },
        handle: totalsHandler(t.totals, fail),
        logger: testLogger('processor-test'),
        backoff: { initialMs: 50, maxMs: 200 },
      });
    const both = async (inputs: number, others: number) => {
      await committedTo(t, inputs);
      await committedTo({ ...t, input: second }, others);
    };
    const before = await run((n) => failures.delete(n));
    await both(120, 90);
    await before.stop();
    expect(failures.size).toBe(0);

    await producer.send(t.input, first.slice(120));
    await producer.send(second, other.slice(90));
    const after = await run();
    await both(200, 150);
    const held = after.snapshot();
    await after.stop();

    const all = [...first, ...other];
    expectEachInputOnce(await outputsByKey(t.totals), all);
    expect(held).toEqual(expected(all).totals);
  });

  it('a failed batch is aborted, the task restarts from its last commit, and nothing is lost or doubled', async () => {
    const t = await topology();
    const inputs = numbers(0, 200);
    await producer.send(t.input, inputs);
    const failures = new Set([37, 121, 160]);
    const events: ProcessorEvent[] = [];
    const processor = await start(t, jsonCodec(2, [2]), events, (n) => failures.delete(n));
    await committedTo(t, 200);
    const held = processor.snapshot();
    await processor.stop();

    const want = expected(inputs);
    expect(await outputsByKey(t.totals)).toEqual(want.outputs);
    expect(held).toEqual(want.totals);
    expect(failures.size).toBe(0);
    const aborted = events.filter((e) => e.type === 'aborted');
    expect(aborted.length).toBe(3);
    // Each abort dropped its task's state, and the task was started again from Kafka after it.
    events.forEach((event, i) => {
      if (event.type !== 'aborted') return;
      const restoredAfter = events
        .slice(i + 1)
        .some((e) => e.type === 'restored' && e.partitions.includes(event.partition));
      expect(restoredAfter).toBe(true);
    });
  });

  it('upcasts snapshots of an older format, and rebuilds a partition from its events when the format is unknown', async () => {
    const t = await topology();
    const inputs = [...numbers(0, 150), ...numbers(150, 220), ...numbers(220, 300)];
    await producer.send(t.input, inputs.slice(0, 150));
    // The old build writes format 1, which has no sum.
    const old = await start(t, jsonCodec(1, [1]));
    await committedTo(t, 150);
    await old.stop();

    // The new build reads format 1 as a total with sum 0 (that is what format 1 knew).
    await producer.send(t.input, inputs.slice(150, 220));
    const upcastEvents: ProcessorEvent[] = [];
    const upcasting = await start(t, jsonCodec(2, [1, 2]), upcastEvents);
    await committedTo(t, 220);
    const afterUpcast = upcasting.snapshot();
    await upcasting.stop();
    expect(upcastEvents.some((e) => e.type === 'rebuilt')).toBe(false);
    expect(afterUpcast.size).toBe(20);
    const firstRun = expected(inputs.slice(0, 150)).totals;
    const lastRun = expected(inputs.slice(150, 220)).totals;
    for (const [key, total] of afterUpcast) {
      // Counts carry over exactly; sums restart from 0 because format 1 never stored them.
      expect(total.count).toBe((firstRun.get(key)?.count ?? 0) + (lastRun.get(key)?.count ?? 0));
      expect(total.sum).toBe(lastRun.get(key)?.sum ?? 0);
    }

    // A build that knows only a future format 3 cannot read these: it rebuilds from the totals.
    await producer.send(t.input, inputs.slice(220));
    const rebuildEvents: ProcessorEvent[] = [];
    const rebuilding = await start(t, jsonCodec(2, [3]), rebuildEvents);
    await committedTo(t, 300);
    const afterRebuild = rebuilding.snapshot();
    await rebuilding.stop();
    const rebuilt = rebuildEvents.flatMap((e) => (e.type === 'rebuilt' ? [e.partition] : []));
    expect(rebuilt.sort()).toEqual([0, 1, 2]);
    // The rebuild folds the totals topic, the outputs of every run: the last total of each key.
    const replayed = await rebuildFromEvents(client, rebuildTotals(t.totals));
    expect(afterRebuild).toEqual(mergePartitions(replayed.states));
    for (const [key, total] of afterRebuild) {
      expect(total.count).toBe(inputs.filter((i) => i.key === key).length);
    }
  });
});

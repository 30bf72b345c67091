import { Consumer, deadLetterHeaders, KafkaAdmin } from '@streamfold/kafka';
import { toWireFormat } from '@streamfold/schemas';
import { readCommitted, testLogger, until } from '@streamfold/testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ProjectedRecord } from '../domain/read-models.js';
import {
  client,
  Feed,
  freshTopics,
  registry,
  startTestProjection,
  type RunningProjection,
} from '../kafka.fixture.test.js';
import {
  alertIdOf,
  minute,
  registered,
  story,
  t0,
  thresholdConfigured,
  windowOf,
} from '../records.fixture.test.js';
import { Ingestion } from './ingestion.js';

const admin = new KafkaAdmin(client);
const running: RunningProjection[] = [];
const feeds: Feed[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
  await Promise.all(feeds.splice(0).map((f) => f.close()));
});
afterAll(() => admin.disconnect());

async function setUp() {
  const topics = await freshTopics();
  const feed = new Feed(topics.names);
  feeds.push(feed);
  return { topics, feed };
}

async function start(...args: Parameters<typeof startTestProjection>) {
  const projection = await startTestProjection(...args);
  running.push(projection);
  return projection;
}

/** Where each record landed, read back from Kafka: the positions the views must name. */
async function lastOffsetOf(topic: string, key: string) {
  const records = (await readCommitted(client, topic)).filter((r) => r.key?.toString() === key);
  const last = records.at(-1);
  if (last === undefined) throw new Error(`no record of ${key} in ${topic}`);
  return { partition: last.partition, offset: last.offset };
}

describe('ingestion', () => {
  it('folds device events and window aggregates into the read models, read_committed, from the beginning', async () => {
    const { topics, feed } = await setUp();
    await feed.sendEvents(story.events);
    await feed.sendAggregates(story.aggregates);
    const live = await start(topics);
    await live.waitUntilReady();

    const { readModels, positions } = await (async () => {
      const readModels = await live.projection.store.export();
      return { readModels, positions: readModels.positions };
    })();
    expect(readModels.devices).toEqual([
      {
        deviceId: 'd1',
        name: 'Boiler',
        status: 'ACTIVE',
        sensors: ['temperature', 'humidity'],
        thresholds: { temperature: { max: 30, hysteresis: 2 } },
        version: 3,
        openAlerts: 1,
        registeredAt: t0,
        decommissioned: null,
        lastEventAt: t0 + 3_000,
        position: await lastOffsetOf(topics.names.events, 'd1'),
      },
      {
        deviceId: 'd2',
        name: 'Fridge',
        status: 'DECOMMISSIONED',
        sensors: ['temperature'],
        thresholds: {},
        version: 2,
        openAlerts: 0,
        registeredAt: t0,
        decommissioned: { at: t0 + 2_000, reason: 'replaced' },
        lastEventAt: t0 + 2_000,
        position: await lastOffsetOf(topics.names.events, 'd2'),
      },
    ]);
    expect(readModels.alerts.map((a) => [a.alertId, a.state])).toEqual([
      [alertIdOf('d1', 'temperature', t0), 'open'],
    ]);
    expect(readModels.commands.map((c) => [c.commandId, c.outcome, c.command, c.version])).toEqual([
      ['c1', 'accepted', 'RegisterDevice', 1],
      ['c2', 'accepted', 'RegisterDevice', 1],
      ['c3', 'accepted', 'ConfigureThreshold', 2],
      ['c4', 'rejected', 'ConfigureThreshold', 3],
      ['c5', 'accepted', 'DecommissionDevice', 2],
    ]);
    expect(
      readModels.windows.map((w) => [w.deviceId, w.sensor, (w.windowStart - t0) / minute, w.mean]),
    ).toEqual([
      ['d1', 'humidity', 0, 52],
      ['d1', 'temperature', 0, 35],
      ['d1', 'temperature', 1, 21],
      ['d2', 'temperature', 0, 4],
    ]);
    // Every record is reflected: 6 events and 4 aggregates over 3 partitions each.
    const count = (p: Record<string, string>) =>
      Object.values(p).reduce((n, offset) => n + Number(offset) + 1, 0);
    expect(count(positions['device.events'])).toBe(6);
    expect(count(positions['telemetry.aggregates'])).toBe(4);

    const metrics = await live.metrics.metrics();
    expect(metrics).toContain(
      `streamfold_records_in_total{topic="${topics.names.events}",service="projection"} 6`,
    );
    expect(metrics).toMatch(
      /streamfold_batch_duration_seconds_count\{service="projection",topic="[^"]+device\.events"\} [1-9]/,
    );
    expect(metrics).toContain(`streamfold_consumer_lag{topic="${topics.names.aggregates}"`);
  });

  it('a redelivered record changes nothing: a second consumer over the same store skips them all', async () => {
    const { topics, feed } = await setUp();
    await feed.sendEvents(story.events);
    await feed.sendAggregates(story.aggregates);
    const live = await start(topics);
    await live.waitUntilReady();
    const before = await live.projection.store.export();

    // The same records again, delivered by Kafka to a consumer of a group of its own.
    const counts = { in: 0, skipped: 0, applied: 0 };
    const again = new Ingestion({
      client,
      registry,
      names: topics.names,
      groupId: `${topics.prefix}redelivery`,
      store: live.projection.store,
      logger: testLogger('redelivery'),
      metrics: {
        recordsIn: { inc: () => void (counts.in += 1) },
        skipped: { inc: (_labels, n) => void (counts.skipped += n) },
        deadLetters: { inc: () => undefined },
        batchSeconds: { observe: () => undefined },
      },
      onApplied: (applied: readonly ProjectedRecord[]) => void (counts.applied += applied.length),
    });
    await again.start();
    try {
      await until(() => again.catchUp().ready, { within: '60s', what: 'the redelivery caught up' });
    } finally {
      await again.stop();
    }
    expect(counts).toEqual({ in: 10, skipped: 10, applied: 0 });
    expect(await live.projection.store.export()).toEqual(before);
  });

  it('sends bytes that do not decode to the DLQ, counts them, and applies the records after them', async () => {
    const { topics, feed } = await setUp();
    await feed.sendEvents([registered('d1')]);
    await feed.sendRaw(topics.names.events, 'd1', Buffer.from('{"not": "avro"}'));
    await feed.sendRaw(topics.names.events, 'd1', toWireFormat(999_999, Buffer.from([2, 4])));
    await feed.sendEvents([thresholdConfigured('d1', 2)]);
    // The last record of the aggregates' partition is poison: readiness must not wait for it.
    await feed.sendAggregates([windowOf('d1', 'temperature', t0, [1])]);
    await feed.sendRaw(topics.names.aggregates, 'd1', Buffer.from([0xff]));
    const live = await start(topics);
    await live.waitUntilReady();

    expect((await live.projection.store.device('d1')).value).toMatchObject({ version: 2 });
    expect((await live.projection.store.windows('d1', {})).value).toHaveLength(1);
    const letters = await readCommitted(client, topics.names.eventsDlq);
    expect(letters.map((l) => l.headers[deadLetterHeaders.reason]?.toString())).toEqual([
      'not-wire-format',
      'unknown-schema-id',
    ]);
    expect(letters.map((l) => l.key?.toString())).toEqual(['d1', 'd1']);
    expect(await readCommitted(client, topics.names.aggregatesDlq)).toHaveLength(1);
    await until(
      async () =>
        (await live.metrics.metrics()).includes(
          `streamfold_dead_letters_total{topic="${topics.names.events}",reason="unknown-schema-id",service="projection"} 1`,
        ),
      { within: '10s', what: 'the dead letters are counted' },
    );
  });

  it('becomes ready on partitions that end with transaction markers', async () => {
    const { topics, feed } = await setUp();
    // The aggregator writes in transactions: after each commit a marker takes an offset that
    // no reader receives. Write the events the same way, through a transactional consumer.
    const input = `${topics.prefix}input`;
    await admin.ensureTopics([{ name: input, partitions: 3, cleanupPolicy: 'delete' }]);
    for (const record of await feed.encodeEvents(story.events)) {
      await feed.sendRaw(input, record.key, record.value);
    }
    const copier = new Consumer(client, {
      groupId: `${topics.prefix}copier`,
      topics: [input],
      fromBeginning: true,
      transactionalId: `${topics.prefix}copier`,
    });
    await copier.start((record) => ({
      produce: [{ topic: topics.names.events, key: record.key, value: record.value }],
    }));
    try {
      await until(async () => (await readCommitted(client, topics.names.events)).length === 6, {
        within: '60s',
        what: 'the copies are committed',
      });
    } finally {
      await copier.stop();
    }
    // Each partition's end offset is past its last record: the marker.
    const ends = await admin.endOffsets(topics.names.events);
    const lastRecords = new Map<number, number>();
    for (const r of await readCommitted(client, topics.names.events)) {
      lastRecords.set(r.partition, Number(r.offset));
    }
    expect(lastRecords.size).toBeGreaterThan(0);
    for (const [partition, last] of lastRecords) {
      expect(Number(ends.get(partition))).toBeGreaterThan(last + 1);
    }

    const live = await start(topics);
    await live.waitUntilReady();
    expect((await live.projection.store.devices({ limit: 10 })).value.items).toHaveLength(2);
  });

  it('is not ready while it cannot apply what the topics held at start', async () => {
    const { topics, feed } = await setUp();
    await feed.sendEvents(story.events);
    // A registry that does not answer: decoding fails retriably, so nothing is applied.
    const live = await start(topics, { SCHEMA_REGISTRY_URL: 'http://127.0.0.1:9/apis/ccompat/v7' });
    await until(
      async () => {
        const response = await live.get('/readyz');
        const body = (await response.json()) as { checks: { name: string; error?: string }[] };
        return (
          response.status === 503 &&
          body.checks.some(
            (c) => c.name === 'caught-up' && c.error?.startsWith('catching up') === true,
          )
        );
      },
      { within: '30s', what: '/readyz says it is catching up' },
    );
    expect((await live.projection.store.export()).devices).toEqual([]);
  });
});

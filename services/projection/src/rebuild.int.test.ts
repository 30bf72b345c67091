import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from './store/memory-store.js';
import {
  client,
  Feed,
  freshTopics,
  registry,
  startTestProjection,
  type RunningProjection,
  type Topics,
} from './kafka.fixture.test.js';
import {
  alertAcknowledged,
  alertCleared,
  alertIdOf,
  alertRaised,
  decommissioned,
  minute,
  registered,
  story,
  t0,
  thresholdConfigured,
  windowOf,
} from './records.fixture.test.js';
import { rebuild, rebuildCommand } from './rebuild.js';

/** Text written to a non-terminal, as the progress bar sees it. */
function output() {
  let text = '';
  return { write: (chunk: string) => void (text += chunk), text: () => text };
}

const day = 86_400_000;
let topics: Topics;
let feed: Feed;
let live: RunningProjection;

beforeAll(async () => {
  topics = await freshTopics();
  feed = new Feed(topics.names);
  await feed.sendEvents(story.events);
  await feed.sendAggregates(story.aggregates);
  // Many devices over every partition, with the whole life of an alert.
  for (let i = 0; i < 12; i += 1) {
    const id = `dev-${String(i).padStart(2, '0')}`;
    await feed.sendEvents([
      registered(id, { commandId: `reg-${id}` }),
      thresholdConfigured(id, 2, { commandId: `thr-${id}` }),
      alertRaised(id, 3),
      alertAcknowledged(id, 4, { alertId: alertIdOf(id, 'temperature', t0) }),
      alertCleared(id, 5, { windowEnd: t0 + 3 * minute }),
      ...(i % 3 === 0 ? [decommissioned(id, 6)] : []),
    ]);
    await feed.sendAggregates(
      [0, 1, 2].map((w) => windowOf(id, 'temperature', t0 + w * minute, [i, w, 30 + i])),
    );
  }
  live = await startTestProjection(topics);
  await live.waitUntilReady();
});

afterAll(async () => {
  await live.stop();
  await feed.close();
});

describe('rebuild', () => {
  it('replays the topics from the beginning into read models equal to the live ones', async () => {
    const out = output();
    const store = new MemoryStore({ windowRetentionMs: day });
    // Something in the store already: rebuild resets it first.
    await store.apply([
      {
        position: { topic: 'device.events', partition: 0, offset: '999' },
        record: registered('stale'),
      },
    ]);
    const report = await rebuild({ client, registry, names: topics.names, store, out });

    const liveModels = await live.projection.store.export();
    expect(report.readModels).toEqual(liveModels);
    expect(report).toMatchObject({ records: 110, applied: 110, undecodable: 0 });
    expect(liveModels.devices).toHaveLength(14);
    expect(out.text()).toContain(`rebuild  ${topics.names.events} [`);
    expect(out.text()).toMatch(/100% {2}70\/70\n/);
  });

  it('--verify-against a live projection: replays up to its positions and finds them equal', async () => {
    // Records the live projection may or may not have applied yet when it is asked: the
    // rebuild stops at the positions the live answer reflects, so the two still compare.
    await feed.sendEvents([thresholdConfigured('dev-01', 6, { max: 50 })]);
    const out = output();
    const report = await rebuildCommand({
      client,
      registry,
      names: topics.names,
      store: new MemoryStore({ windowRetentionMs: day }),
      out,
      verifyAgainst: live.url,
    });
    expect(report.differing).toEqual([]);
    expect(out.text()).toContain(
      `verified: the rebuild equals the live read models of ${live.url}`,
    );
  });
});

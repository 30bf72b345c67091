import { until } from '@streamfold/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Positions } from '../domain/positions.js';
import {
  Feed,
  freshTopics,
  startTestProjection,
  type RunningProjection,
  type Topics,
} from '../kafka.fixture.test.js';
import {
  alertAcknowledged,
  alertCleared,
  alertIdOf,
  alertRaised,
  minute,
  registered,
  rejected,
  story,
  t0,
  thresholdConfigured,
  windowOf,
} from '../records.fixture.test.js';
import { openStream, type SseConnection } from '../sse.fixture.test.js';

interface Page {
  items: { deviceId: string; alertId?: string }[];
  next: string | null;
  positions: Positions;
}

/** Topics with records, and a projection that has caught up with them. */
function system(env: Record<string, string> = {}) {
  const it = {} as { topics: Topics; feed: Feed; live: RunningProjection };
  const streams: SseConnection[] = [];
  beforeAll(async () => {
    it.topics = await freshTopics();
    it.feed = new Feed(it.topics.names);
    await it.feed.sendEvents(story.events);
    await it.feed.sendAggregates(story.aggregates);
    it.live = await startTestProjection(it.topics, env);
    await it.live.waitUntilReady();
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await it.live.stop();
    await it.feed.close();
  });
  return {
    get topics() {
      return it.topics;
    },
    get feed() {
      return it.feed;
    },
    get live() {
      return it.live;
    },
    positions: () => it.live.projection.store.positions(),
    stream: async (headers: Record<string, string> = {}) => {
      const stream = await openStream(`${it.live.url}/v1/stream`, headers);
      streams.push(stream);
      return stream;
    },
  };
}

async function problemOf(response: Response) {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await response.json()) as Record<string, unknown>;
}

describe('the read API', () => {
  const s = system();

  it('lists devices by id in pages, each answer saying the positions it reflects', async () => {
    const positions = await s.positions();
    const first = await s.live.json<Page>('/v1/devices?limit=1');
    expect(first.items.map((d) => d.deviceId)).toEqual(['d1']);
    expect(first.positions).toEqual(positions);
    expect(first.next).toEqual(expect.any(String));

    const second = await s.live.json<Page>(`/v1/devices?limit=1&cursor=${first.next ?? ''}`);
    expect(second.items.map((d) => d.deviceId)).toEqual(['d2']);
    expect(second.next).toBeNull();
    expect(second.positions).toEqual(positions);
  });

  it('filters devices by status', async () => {
    const ids = async (status: string) =>
      (await s.live.json<Page>(`/v1/devices?status=${status}`)).items.map((d) => d.deviceId);
    expect(await ids('active')).toEqual(['d1']);
    expect(await ids('decommissioned')).toEqual(['d2']);
  });

  it('serves a device with its state, version and the position of its last event', async () => {
    const positions = await s.positions();
    const { value: device } = await s.live.projection.store.device('d1');
    const body = await s.live.json(`/v1/devices/d1`);
    expect(body).toEqual({ ...device, positions });
    expect(body).toMatchObject({
      deviceId: 'd1',
      status: 'ACTIVE',
      version: 3,
      openAlerts: 1,
      thresholds: { temperature: { max: 30, hysteresis: 2 } },
      position: { partition: expect.any(Number) as unknown, offset: expect.any(String) as unknown },
    });
  });

  it('answers 404 problem+json for a device it does not know, with its positions', async () => {
    const response = await s.live.get('/v1/devices/nobody');
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toEqual({
      type: 'about:blank',
      title: 'device not found',
      status: 404,
      detail: 'no device nobody in the events applied so far',
      deviceId: 'nobody',
      positions: await s.positions(),
    });
  });

  it('serves a device’s windows between from and to, in epoch ms or ISO 8601', async () => {
    const from = new Date(t0 + minute).toISOString();
    const body = await s.live.json<{
      items: { sensor: string; windowStart: number; mean: number }[];
    }>(`/v1/devices/d1/windows?from=${from}&to=${t0 + 2 * minute}`);
    expect(body).toMatchObject({ deviceId: 'd1', from: t0 + minute, to: t0 + 2 * minute });
    expect(body.items.map((w) => [w.sensor, w.windowStart, w.mean])).toEqual([
      ['temperature', t0 + minute, 21],
    ]);
    const all = await s.live.json<{ items: unknown[] }>('/v1/devices/d1/windows');
    expect(all).toMatchObject({ from: null, to: null, positions: await s.positions() });
    expect(all.items).toHaveLength(3);
    expect((await s.live.get('/v1/devices/nobody/windows')).status).toBe(404);
  });

  it('lists alerts by state', async () => {
    const ids = async (query: string) =>
      (await s.live.json<Page>(`/v1/alerts${query}`)).items.map((a) => a.alertId);
    expect(await ids('?state=open')).toEqual([alertIdOf('d1', 'temperature', t0)]);
    expect(await ids('?state=cleared')).toEqual([]);
    expect(await ids('')).toEqual([alertIdOf('d1', 'temperature', t0)]);
    const open = await s.live.json<Page & { items: Record<string, unknown>[] }>(
      '/v1/alerts?state=open',
    );
    expect(open.items[0]).toMatchObject({
      deviceId: 'd1',
      sensor: 'temperature',
      state: 'open',
      raised: { windowStart: t0, value: 35, threshold: 30 },
      acknowledged: null,
    });
  });

  it('answers a command’s outcome: accepted with its events, or rejected with the reason', async () => {
    expect(await s.live.json('/v1/commands/c3')).toMatchObject({
      commandId: 'c3',
      deviceId: 'd1',
      outcome: 'accepted',
      command: 'ConfigureThreshold',
      events: ['ThresholdConfigured'],
      version: 2,
    });
    expect(await s.live.json('/v1/commands/c4')).toMatchObject({
      commandId: 'c4',
      outcome: 'rejected',
      command: 'ConfigureThreshold',
      reason: 'VERSION_CONFLICT',
      message: 'expected 1, is 3',
      expectedVersion: 1,
      actualVersion: 3,
      version: 3,
      positions: await s.positions(),
    });
    const unknown = await s.live.get('/v1/commands/never-sent');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('retry-after')).toBe('1');
    expect(await problemOf(unknown)).toMatchObject({
      title: 'command outcome not known',
      commandId: 'never-sent',
    });
  });

  it('names each bad query parameter in a 400 problem+json', async () => {
    const bad = async (path: string) => {
      const response = await s.live.get(path);
      expect(response.status).toBe(400);
      const body = await problemOf(response);
      return (body.invalidParams as { name: string }[]).map((p) => p.name);
    };
    expect(await bad('/v1/devices?status=broken&limit=x')).toEqual(['status', 'limit']);
    expect(await bad('/v1/devices?cursor=not-ours')).toEqual(['cursor']);
    expect(await bad('/v1/devices/d1?minVersion=abc')).toEqual(['minVersion']);
    expect(await bad('/v1/devices/d1?timeoutMs=-5')).toEqual(['timeoutMs']);
    expect(await bad('/v1/devices/d1/windows?from=yesterday')).toEqual(['from']);
    expect(await bad(`/v1/devices/d1/windows?from=${t0}&to=${t0 - 1}`)).toEqual(['to']);
    expect(await bad('/v1/alerts?state=closed')).toEqual(['state']);
    const response = await s.live.get('/v1/alerts?state=closed');
    expect(await problemOf(response)).toMatchObject({
      status: 400,
      detail: 'state: expected one of open, cleared, all, got "closed"',
    });
  });

  it('answers an unknown path with 404 problem+json', async () => {
    const response = await s.live.get('/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({ status: 404 });
  });
});

describe('read-your-writes', () => {
  const s = system();
  const waiting = async () =>
    /projection_reads_waiting\{[^}]*\} 1$/m.test(
      await s.live.metrics.getSingleMetricAsString('projection_reads_waiting'),
    );

  it('a read with minVersion waits for a version produced after it started', async () => {
    const answer = s.live.get('/v1/devices/d1?minVersion=4&timeoutMs=60000');
    await until(waiting, { within: '10s', what: 'the read is waiting' });
    await s.feed.sendEvents([thresholdConfigured('d1', 4, { sensor: 'humidity', max: 90 })]);

    const response = await answer;
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      deviceId: 'd1',
      version: 4,
      thresholds: { humidity: { max: 90, hysteresis: 2 } },
      consistency: { minVersion: 4, reached: true, waitedMs: expect.any(Number) as unknown },
    });
  });

  it('a version already there is answered at once', async () => {
    expect(await s.live.json('/v1/devices/d1?minVersion=2')).toMatchObject({
      version: 4,
      consistency: { minVersion: 2, reached: true },
    });
  });

  it('when the version does not come in time: 202, the current state and version, and Retry-After', async () => {
    const response = await s.live.get('/v1/devices/d1?minVersion=99&timeoutMs=300');
    expect(response.status).toBe(202);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toMatchObject({
      deviceId: 'd1',
      version: 4,
      positions: await s.positions(),
      consistency: { minVersion: 99, reached: false },
    });
  });

  it('a device still unknown when the time is up is 404', async () => {
    const response = await s.live.get('/v1/devices/d9?minVersion=1&timeoutMs=200');
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({
      deviceId: 'd9',
      consistency: { minVersion: 1, reached: false },
    });
  });

  it('a device registered while the read waits is answered when it appears', async () => {
    const answer = s.live.get('/v1/devices/d7?minVersion=1&timeoutMs=60000');
    await until(waiting, { within: '10s', what: 'the read is waiting' });
    await s.feed.sendEvents([registered('d7', { name: 'Late' })]);
    const response = await answer;
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ deviceId: 'd7', name: 'Late', version: 1 });
  });

  it('a command’s outcome is 404 until its event is applied, then known', async () => {
    expect((await s.live.get('/v1/commands/c-late')).status).toBe(404);
    await s.feed.sendEvents([
      rejected('d8', 0, {
        commandId: 'c-late',
        commandName: 'ConfigureThreshold',
        reason: 'NOT_REGISTERED',
        message: 'device d8 is not registered',
        expectedVersion: null,
      }),
    ]);
    await until(async () => (await s.live.get('/v1/commands/c-late')).status === 200, {
      within: '30s',
      what: 'the outcome is known',
    });
    expect(await s.live.json('/v1/commands/c-late')).toMatchObject({
      outcome: 'rejected',
      reason: 'NOT_REGISTERED',
      message: 'device d8 is not registered',
      expectedVersion: null,
      actualVersion: 0,
    });
  });
});

describe('the stream', () => {
  const s = system({ STREAM_HEARTBEAT_MS: '200' });
  const connected = (stream: SseConnection) =>
    until(() => stream.blocks.some((b) => b.comments.includes('connected')), {
      within: '10s',
      what: 'the stream is open',
    });

  it('sends each applied event and aggregate as it is applied, named by its position', async () => {
    const stream = await s.stream();
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    await connected(stream);
    await s.feed.sendEvents([thresholdConfigured('d1', 4, { sensor: 'humidity', max: 90 })]);
    await s.feed.sendAggregates([windowOf('d1', 'humidity', t0 + minute, [60, 62])]);
    await until(() => stream.events().length === 2, { within: '30s', what: 'two events' });

    const byName = new Map(stream.events().map((e) => [e.event, e]));
    const threshold = byName.get('ThresholdConfigured');
    const window = byName.get('WindowAggregate');
    expect(threshold?.id).toMatch(/^device\.events\/\d+\/\d+$/);
    expect(window?.id).toMatch(/^telemetry\.aggregates\/\d+\/\d+$/);
    const data = JSON.parse(window?.data ?? '{}') as Record<string, unknown>;
    expect(data).toMatchObject({
      position: { topic: 'telemetry.aggregates', offset: window?.id?.split('/')[2] },
      value: { deviceId: 'd1', sensor: 'humidity', windowStart: t0 + minute, mean: 61 },
    });
  });

  it('resumes with Last-Event-ID: what was applied while away, in order', async () => {
    const first = await s.stream();
    await connected(first);
    await s.feed.sendEvents([
      alertRaised('d1', 5, { sensor: 'humidity', windowStart: t0 + minute }),
    ]);
    await until(() => first.events().length === 1, { within: '30s', what: 'the alert' });
    const lastSeen = first.events()[0]?.id ?? '';
    first.close();

    const alertId = alertIdOf('d1', 'humidity', t0 + minute);
    await s.feed.sendEvents([
      alertAcknowledged('d1', 6, { alertId, by: 'ana' }),
      alertCleared('d1', 7, {
        sensor: 'humidity',
        raisedAt: t0 + minute,
        windowEnd: t0 + 4 * minute,
      }),
    ]);
    await until(async () => (await s.live.projection.store.device('d1')).value?.version === 7, {
      within: '30s',
      what: 'both applied',
    });

    const resumed = await s.stream({ 'Last-Event-ID': lastSeen });
    await until(() => resumed.events().length === 2, { within: '10s', what: 'the missed events' });
    const [acknowledged, cleared] = resumed.events();
    expect([acknowledged?.event, cleared?.event]).toEqual(['AlertAcknowledged', 'AlertCleared']);
    const offsetOf = (id: string | undefined) => BigInt(id?.split('/')[2] ?? '-1');
    expect(offsetOf(acknowledged?.id)).toBe(offsetOf(lastSeen) + 1n);
    expect(offsetOf(cleared?.id)).toBe(offsetOf(lastSeen) + 2n);
  });

  it('keeps an idle stream open with heartbeat comments', async () => {
    const stream = await s.stream();
    await until(
      () => stream.blocks.some((b) => b.comments.some((c) => c.startsWith('heartbeat'))),
      {
        within: '10s',
        what: 'a heartbeat',
      },
    );
  });

  it('ends every stream when the service shuts down', async () => {
    const stream = await s.stream();
    await connected(stream);
    s.live.projection.closeStreams();
    await stream.ended;
    const refused = await s.live.get('/v1/stream');
    expect(refused.status).toBe(503);
  });
});

describe('the stream’s history', () => {
  const s = system({ STREAM_HISTORY: '2' });

  it('an id older than the history gets a reset event: re-read, then follow', async () => {
    // The 10 records of the story were applied at start; the history holds the last 2.
    const oldest = (await s.live.projection.store.device('d2')).value;
    expect(oldest).toBeDefined();
    const firstId = `device.events/${oldest?.position.partition ?? 0}/0`;
    const stream = await s.stream({ 'Last-Event-ID': firstId });
    await until(() => stream.events().length === 1, { within: '10s', what: 'the reset' });
    const [reset] = stream.events();
    expect(reset?.event).toBe('reset');
    expect(reset?.id).toBeUndefined();
    expect(JSON.parse(reset?.data ?? '{}')).toEqual({
      reason: 'older-than-history',
      lastEventId: firstId,
      oldestId: expect.stringMatching(
        /^(device\.events|telemetry\.aggregates)\/\d+\/\d+$/,
      ) as unknown,
    });
  });
});

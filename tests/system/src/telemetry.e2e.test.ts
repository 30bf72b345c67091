import { spawn } from 'node:child_process';
import { KafkaAdmin, viewDeadLetter } from '@streamfold/kafka';
import { simulationPlan, type PlanOptions } from '@streamfold/producer/simulate';
import { serdeFor, type WindowAggregate } from '@streamfold/schemas';
import {
  allCommitted,
  committedCount,
  readCommitted,
  testKafkaClient,
  testRegistry,
  until,
} from '@streamfold/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { alertsOf, expectedOutcome, type Expected } from './expected.js';
import { mqttUrl, simulatorEntry, System } from './system.js';

const client = testKafkaClient('system-test');
const registry = testRegistry();
const admin = new KafkaAdmin(client);
afterAll(() => admin.disconnect());

const windows = { sizeMs: 60_000, allowedLatenessMs: 10_000 };
const start = Date.UTC(2026, 0, 1);
const scenarios = ['spikes', 'late', 'out-of-order', 'garbage'] as const;
/** Two simulators at once: one over the producer's HTTP API, one through Mosquitto. */
const runs = [
  {
    via: 'http',
    plan: { seed: 42, devices: 8, ratePerSecond: 2, durationSeconds: 1_800, start, scenarios },
  },
  {
    via: 'mqtt',
    plan: { seed: 43, devices: 3, ratePerSecond: 2, durationSeconds: 1_800, start, scenarios },
  },
] as const satisfies readonly { via: string; plan: PlanOptions }[];

const plans = runs.map((run) => simulationPlan(run.plan));
const expected = combined(plans.map((plan) => expectedOutcome(plan, windows)));
/** Garbage sent over MQTT reaches the producer's bridge, which dead-letters it. */
const garbageOverMqtt = plans[1]?.sends.filter((item) => item.kind === 'garbage').length ?? 0;

function combined(outcomes: readonly Expected[]): Expected {
  return {
    readings: outcomes.reduce((n, o) => n + o.readings, 0),
    late: outcomes.reduce((n, o) => n + o.late, 0),
    open: outcomes.reduce((n, o) => n + o.open, 0),
    aggregates: outcomes.flatMap((o) => o.aggregates),
    alerts: outcomes.flatMap((o) => o.alerts),
  };
}

/** Runs the simulator's build as its own process. */
function simulate(
  system: System,
  { via, plan }: (typeof runs)[number],
): Promise<{ code: number | null; output: string }> {
  const args = [
    simulatorEntry,
    ...['--devices', String(plan.devices), '--rate', String(plan.ratePerSecond)],
    ...['--duration', String(plan.durationSeconds), '--seed', String(plan.seed)],
    ...['--scenario', plan.scenarios.join(','), '--start', new Date(plan.start).toISOString()],
    ...['--via', via, '--producer-url', system.url('producer')],
    ...['--mqtt-url', mqttUrl, '--mqtt-topic-root', system.mqttTopicRoot],
    ...['--projection-url', system.url('projection'), '--fast'],
  ];
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

/** Both simulators, at the same time; each must exit 0. */
async function simulateAll(system: System): Promise<void> {
  const results = await Promise.all(runs.map((run) => simulate(system, run)));
  for (const result of results) expect(result.code, result.output).toBe(0);
}

const byWindow = (a: WindowAggregate, b: WindowAggregate) =>
  a.deviceId.localeCompare(b.deviceId) ||
  a.windowStart - b.windowStart ||
  a.sensor.localeCompare(b.sensor);

/** What the aggregator committed: aggregates, alerts (from device.events) and late readings. */
async function committed(system: System) {
  const { names } = system;
  const aggregatesSerde = serdeFor(registry, 'telemetry.aggregates', names.aggregates);
  const eventsSerde = serdeFor(registry, 'device.events', names.events);
  const aggregates = await Promise.all(
    (await readCommitted(client, names.aggregates)).map(
      async (r) => (await aggregatesSerde.decode(r.value)).value,
    ),
  );
  const events = await Promise.all(
    (await readCommitted(client, names.events)).map((record) => eventsSerde.decode(record.value)),
  );
  const alerts = alertsOf(events);
  const deadLetters = (await readCommitted(client, names.readingsDlq)).map(viewDeadLetter);
  const byAggregator = deadLetters.filter((d) => d.group === `${system.prefix}aggregator`);
  return {
    aggregates: aggregates.sort(byWindow),
    alerts: alerts.sort((a, b) => a.alertId.localeCompare(b.alertId)),
    late: byAggregator.filter((d) => d.reason === 'late').length,
    otherDeadLetters: deadLetters
      .filter((d) => !(d.group === `${system.prefix}aggregator` && d.reason === 'late'))
      .filter((d) => !d.group.startsWith('mqtt:'))
      .map((d) => `${d.reason} ${d.key ?? ''} ${d.source}: ${d.error}`),
    fromTheBridge: deadLetters.filter((d) => d.group.startsWith('mqtt:')).length,
  };
}

async function settled(system: System) {
  const group = `${system.prefix}aggregator`;
  await until(
    async () =>
      (await allCommitted(admin, group, system.names.readings)) &&
      (await allCommitted(admin, group, system.names.commands)),
    { within: '180s', every: 500, what: 'the aggregator commits every reading and command' },
  );
  // The offsets and the outputs commit in one transaction, but the broker writes its markers to
  // their partitions a moment apart: wait until the outputs are visible too, then compare.
  await until(
    async () =>
      (await readCommitted(client, system.names.aggregates)).length >= expected.aggregates.length,
    { within: '30s', every: 200, what: 'the committed aggregates are visible to read_committed' },
  );
}

function expectExact(actual: Awaited<ReturnType<typeof committed>>, want: Expected) {
  expect(actual.aggregates).toHaveLength(want.aggregates.length);
  expect(actual.aggregates).toEqual([...want.aggregates].sort(byWindow));
  expect(actual.alerts).toEqual(
    [...want.alerts].sort((a, b) => a.alertId.localeCompare(b.alertId)),
  );
  expect(actual.late).toBe(want.late);
  expect(actual.otherDeadLetters).toEqual([]);
  expect(actual.fromTheBridge).toBe(garbageOverMqtt);
}

interface ProjectionWindow {
  readonly sensor: string;
  readonly windowStart: number;
  readonly count: number;
  readonly mean: number;
}

/** The projection serves the same windows and alerts, once it has caught up. */
async function expectProjection(system: System, want: Expected) {
  const projection = system.url('projection');
  const openAlerts = want.alerts
    .filter((a) => a.clearedAt === null)
    .map((a) => a.alertId)
    .sort();
  await until(
    async () => {
      const body = (await (await fetch(`${projection}/v1/alerts?state=open`)).json()) as {
        items: { alertId: string }[];
      };
      return body.items.length === openAlerts.length;
    },
    { within: '60s', every: 500, what: 'the projection shows every open alert' },
  );
  const open = (await (await fetch(`${projection}/v1/alerts?state=open`)).json()) as {
    items: { alertId: string }[];
  };
  expect(open.items.map((a) => a.alertId).sort()).toEqual(openAlerts);
  for (const device of new Set(want.aggregates.map((a) => a.deviceId))) {
    const served = (await (
      await fetch(`${projection}/v1/devices/${device}/windows?from=0&to=${Number.MAX_SAFE_INTEGER}`)
    ).json()) as { items: ProjectionWindow[] };
    const mine = want.aggregates.filter((a) => a.deviceId === device);
    expect(
      served.items
        .map(({ sensor, windowStart, count, mean }) => ({ sensor, windowStart, count, mean }))
        .sort((a, b) => a.windowStart - b.windowStart || a.sensor.localeCompare(b.sensor)),
    ).toEqual(
      mine.map(({ sensor, windowStart, count, mean }) => ({ sensor, windowStart, count, mean })),
    );
  }
}

/** Runs the checks; when one fails, shows what the services warned about first. */
async function explained(system: System, checks: () => Promise<void>) {
  try {
    await checks();
  } catch (error) {
    console.error(`aggregator warnings:\n${system.troubles('aggregator').slice(-20_000)}`);
    console.error(`projection warnings:\n${system.troubles('projection').slice(-5_000)}`);
    throw error;
  }
}

describe('the telemetry system end to end', () => {
  it('plans a run that exercises every rule', () => {
    expect(expected.readings).toBeGreaterThan(35_000);
    expect(garbageOverMqtt).toBeGreaterThan(0);
    expect(expected.aggregates.length).toBeGreaterThan(400);
    expect(expected.alerts.some((a) => a.clearedAt !== null)).toBe(true);
    expect(expected.late).toBeGreaterThan(0);
  });

  it('simulators (HTTP and MQTT) → producer → aggregator → projection give exactly the expected windows and alerts', async () => {
    const system = await System.start({ windows });
    try {
      await simulateAll(system);
      await settled(system);
      await explained(system, async () => {
        expectExact(await committed(system), expected);
        await expectProjection(system, expected);
      });
    } finally {
      expect(await system.stop()).toEqual({ producer: 0, aggregator: 0, projection: 0 });
    }
    console.info(
      `e2e: ${expected.readings} readings, ${expected.aggregates.length} windows, ${expected.alerts.length} alerts, ${expected.late} late`,
    );
  });

  it('gives the same exact result with the aggregator killed -9 twice mid-run', async () => {
    const system = await System.start({ windows });
    const group = `${system.prefix}aggregator`;
    let kills = 0;
    try {
      const running = simulateAll(system);
      const sent = runs.reduce(
        (n, run) => n + run.plan.devices * run.plan.ratePerSecond * run.plan.durationSeconds,
        0,
      );
      for (const share of [0.3, 0.65]) {
        await until(
          async () => (await committedCount(admin, group, system.names.readings)) >= share * sent,
          {
            within: '180s',
            every: 50,
            what: `the aggregator commits ${share * 100}% of the readings`,
          },
        );
        await system.killAggregator();
        // Mid-run: readings were still to be handled when it died (offsets count transaction
        // markers too, so the committed offsets are compared with the end, not with a count).
        expect(await allCommitted(admin, group, system.names.readings)).toBe(false);
        kills += 1;
        await system.startService('aggregator');
      }
      await running;
      await settled(system);
      await explained(system, async () => {
        expectExact(await committed(system), expected);
        await expectProjection(system, expected);
      });
    } finally {
      await system.stop();
    }
    expect(kills).toBe(2);
    // The last instance restored the devices' state from the snapshots the killed ones committed.
    const restored = system
      .output('aggregator')
      .split('\n')
      .filter((line) => line.includes('"msg":"restored"'))
      .map((line) => (JSON.parse(line) as { keys: number }).keys);
    expect(restored.reduce((sum, keys) => sum + keys, 0)).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import { sendSlots, simulationPlan, type PlannedCommand, type SendItem } from './plan.js';
import { runSimulation } from './run.js';
import { deviceOf, type DeviceBatch, type ReadingSender } from './senders/types.js';

const plan = simulationPlan({
  seed: 7,
  devices: 3,
  ratePerSecond: 2,
  durationSeconds: 420,
  start: Date.UTC(2026, 0, 1),
  scenarios: ['late', 'out-of-order', 'garbage'],
});

/** Senders that remember what they were given, in order; `onWave` may move a fake clock. */
function recording(onWave: () => void = () => undefined) {
  const log: string[] = [];
  const waves: DeviceBatch[][] = [];
  const commands = {
    send: (sent: readonly PlannedCommand[]) => {
      log.push(`commands ${sent.length}`);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
  const readings: ReadingSender = {
    send: (wave) => {
      log.push('wave');
      waves.push([...wave]);
      onWave();
      return Promise.resolve([]);
    },
    close: () => Promise.resolve(),
  };
  return { log, waves, senders: { commands, readings } };
}

const perDevice = (items: readonly SendItem[]) => {
  const by = new Map<string, SendItem[]>();
  for (const item of items) by.set(deviceOf(item), [...(by.get(deviceOf(item)) ?? []), item]);
  return by;
};

const quiet = { write: () => true };

describe('running a plan', () => {
  it('sends the commands first, then every item once, each device in plan order, batches capped', async () => {
    const { log, waves, senders } = recording();
    const report = await runSimulation(plan, senders, {
      fast: true,
      batchSize: 50,
      progress: quiet,
    });
    expect(log[0]).toBe(`commands ${plan.commands.length}`);
    expect(log.slice(1).every((l) => l === 'wave')).toBe(true);
    const sent = waves.flat();
    expect(
      sent.every((b) => b.items.length <= 50 && b.items.every((i) => deviceOf(i) === b.deviceId)),
    ).toBe(true);
    expect(perDevice(sent.flatMap((b) => b.items))).toEqual(perDevice(plan.sends));
    const garbage = plan.sends.filter((s) => s.kind === 'garbage').length;
    expect(report).toMatchObject({
      devices: 3,
      commands: 9,
      readings: plan.sends.length - garbage,
      garbage,
      rejections: [],
      interrupted: false,
    });
  });

  it('paces each device at its rate: a wave holds only what is due, and a late sender catches up', async () => {
    let clock = 1_000_000;
    const { waves, senders } = recording(() => (clock += 1_000));
    await runSimulation(plan, senders, {
      fast: false,
      batchSize: 100,
      progress: quiet,
      now: () => clock,
    });
    // 2 readings a second per device, and each wave takes a second of the fake clock: after
    // the first wave (slot 0), every wave holds the two slots that came due meanwhile.
    const slots = sendSlots(plan.sends);
    const slotOf = new Map(plan.sends.map((item, i) => [item, slots[i]]));
    const waveSlots = waves.map((wave) => [
      ...new Set(wave.flatMap((b) => b.items.map((item) => slotOf.get(item)))),
    ]);
    expect(waveSlots.slice(0, 4)).toEqual([[0], [1, 2], [3, 4], [5, 6]]);
    expect(perDevice(waves.flat().flatMap((b) => b.items))).toEqual(perDevice(plan.sends));
  });

  it('stops after the wave in flight when interrupted, and says so', async () => {
    const stop = new AbortController();
    const { waves, senders } = recording(() => stop.abort());
    const report = await runSimulation(plan, senders, {
      fast: true,
      batchSize: 10,
      progress: quiet,
      signal: stop.signal,
    });
    expect(waves).toHaveLength(1);
    expect(report.interrupted).toBe(true);
    // One wave: ten items of each of the three devices.
    expect(report.readings + report.garbage).toBe(30);
  });
});

import type { SensorReading } from '@streamfold/schemas';
import { describe, expect, it } from 'vitest';
import {
  planProblems,
  sendSlots,
  simulationPlan,
  type PlanOptions,
  type SendItem,
  type SimulationPlan,
} from './plan.js';
import { LATE_BY_MS, OUT_OF_ORDER_SPAN_MS } from './scenarios.js';

const start = Date.UTC(2026, 0, 1);
const options = (over: Partial<PlanOptions> = {}): PlanOptions => ({
  seed: 42,
  devices: 4,
  ratePerSecond: 2,
  durationSeconds: 900,
  start,
  scenarios: ['normal'],
  ...over,
});

const readingsOf = (plan: SimulationPlan, deviceId: string): SensorReading[] =>
  plan.sends.flatMap((s) =>
    s.kind === 'reading' && s.reading.deviceId === deviceId ? [s.reading] : [],
  );

const garbageOf = (plan: SimulationPlan): Extract<SendItem, { kind: 'garbage' }>[] =>
  plan.sends.flatMap((s) => (s.kind === 'garbage' ? [s] : []));

/**
 * What the aggregator makes of one device's readings in send order (the contract's semantics:
 * 1-minute windows, watermark = max event time − 10 s, late readings dropped, alerts with
 * hysteresis), reduced to what these tests look at.
 */
function aggregate(
  readings: readonly SensorReading[],
  thresholds: SimulationPlan['devices'][0]['thresholds'],
) {
  const size = 60_000;
  const lateness = 10_000;
  const open = new Map<string, { sensor: string; start: number; sum: number; count: number }>();
  const alerts: { sensor: string; kind: 'raised' | 'cleared'; windowStart: number }[] = [];
  const alerting = new Set<string>();
  const late: number[] = [];
  let watermark = -Infinity;
  let maxSeen = -Infinity;
  const close = () => {
    const closing = [...open.values()]
      .filter((w) => w.start + size <= watermark)
      .sort((a, b) => a.start - b.start || a.sensor.localeCompare(b.sensor));
    for (const w of closing) {
      open.delete(`${w.sensor}/${w.start}`);
      const t = thresholds.find((x) => x.sensor === w.sensor);
      if (t === undefined) continue;
      const mean = w.sum / w.count;
      if (!alerting.has(w.sensor) && mean > t.max) {
        alerting.add(w.sensor);
        alerts.push({ sensor: w.sensor, kind: 'raised', windowStart: w.start });
      } else if (alerting.has(w.sensor) && mean < t.max - t.hysteresis) {
        alerting.delete(w.sensor);
        alerts.push({ sensor: w.sensor, kind: 'cleared', windowStart: w.start });
      }
    }
  };
  for (const r of readings) {
    const windowStart = Math.floor(r.eventTime / size) * size;
    if (windowStart + size <= watermark) {
      late.push(r.seq);
      continue;
    }
    const key = `${r.sensor}/${windowStart}`;
    const w = open.get(key) ?? { sensor: r.sensor, start: windowStart, sum: 0, count: 0 };
    open.set(key, { ...w, sum: w.sum + r.value, count: w.count + 1 });
    maxSeen = Math.max(maxSeen, r.eventTime);
    watermark = maxSeen - lateness;
    close();
  }
  return { alerts, late };
}

describe('the simulation plan', () => {
  it('is byte-identical for the same options, whatever order the scenarios are given in', () => {
    const all = options({ scenarios: ['garbage', 'late', 'spikes', 'out-of-order', 'normal'] });
    const first = JSON.stringify(simulationPlan(all));
    expect(JSON.stringify(simulationPlan(all))).toBe(first);
    expect(
      JSON.stringify(
        simulationPlan({
          ...all,
          scenarios: ['normal', 'spikes', 'late', 'out-of-order', 'garbage'],
        }),
      ),
    ).toBe(first);
  });

  it('differs from one seed to another, and names the devices after the seed', () => {
    const a = simulationPlan(options({ seed: 1 }));
    const b = simulationPlan(options({ seed: 2 }));
    expect(a.devices.map((d) => d.deviceId)).toEqual(['sim-1-1', 'sim-1-2', 'sim-1-3', 'sim-1-4']);
    expect(b.devices.map((d) => d.deviceId)).toEqual(['sim-2-1', 'sim-2-2', 'sim-2-3', 'sim-2-4']);
    const values = (p: SimulationPlan) =>
      p.sends.flatMap((s) => (s.kind === 'reading' ? [s.reading.value] : []));
    expect(values(a)).not.toEqual(values(b));
  });

  it('gives every device rate × duration readings in event time, its sensors taking turns, seq counting from 1', () => {
    const plan = simulationPlan(options({ ratePerSecond: 2, durationSeconds: 900 }));
    for (const device of plan.devices) {
      const readings = readingsOf(plan, device.deviceId);
      expect(readings).toHaveLength(1800);
      expect(readings.map((r) => r.seq)).toEqual(readings.map((_, i) => i + 1));
      expect(readings.map((r) => r.eventTime)).toEqual(readings.map((_, i) => start + i * 500));
      expect(readings.map((r) => r.sensor).slice(0, 4)).toEqual([
        'temperature',
        'humidity',
        'temperature',
        'humidity',
      ]);
      expect(new Set(readings.map((r) => r.unit))).toEqual(new Set(['celsius', 'percent']));
    }
  });

  it('registers each device and configures its thresholds before any reading, with keys a rerun repeats', () => {
    const plan = simulationPlan(options({ devices: 2 }));
    expect(plan.commands.map((c) => `${c.deviceId} ${c.name} ${c.idempotencyKey}`)).toEqual([
      'sim-42-1 register sim-42-1.register',
      'sim-42-1 configure-threshold sim-42-1.configure-threshold.temperature',
      'sim-42-1 configure-threshold sim-42-1.configure-threshold.humidity',
      'sim-42-2 register sim-42-2.register',
      'sim-42-2 configure-threshold sim-42-2.configure-threshold.temperature',
      'sim-42-2 configure-threshold sim-42-2.configure-threshold.humidity',
    ]);
    expect(plan.commands[0]?.body).toEqual({
      name: plan.devices[0]?.name,
      sensors: ['temperature', 'humidity'],
    });
    expect(plan.commands[1]?.body).toEqual({ sensor: 'temperature', max: 30, hysteresis: 2 });
    const later = simulationPlan(options({ devices: 2, start: start + 86_400_000 }));
    expect(later.commands).toEqual(plan.commands);
  });

  it('interleaves the devices by send slot, each device in its own order', () => {
    const plan = simulationPlan(options({ scenarios: ['out-of-order', 'late', 'garbage'] }));
    const slots = sendSlots(plan.sends);
    expect(slots).toEqual([...slots].sort((a, b) => a - b));
  });

  it('normal: no reading comes near a threshold, and every device sends in seq order', () => {
    const plan = simulationPlan(options());
    for (const device of plan.devices) {
      const readings = readingsOf(plan, device.deviceId);
      for (const { sensor, max, hysteresis } of device.thresholds) {
        const values = readings.filter((r) => r.sensor === sensor).map((r) => r.value);
        expect(Math.max(...values)).toBeLessThan(max - hysteresis);
      }
      expect(aggregate(readings, device.thresholds)).toEqual({ alerts: [], late: [] });
    }
    expect(garbageOf(plan)).toEqual([]);
  });

  it('spikes: every device closes windows over its threshold, then falls back below max − hysteresis: alerts raise and clear', () => {
    const plan = simulationPlan(options({ devices: 6, scenarios: ['spikes'] }));
    for (const device of plan.devices) {
      expect(device.behaviour.spikes).toHaveLength(1);
      const { alerts, late } = aggregate(readingsOf(plan, device.deviceId), device.thresholds);
      expect(late).toEqual([]);
      const spiked = device.behaviour.spikes[0]?.sensor;
      expect(alerts.map((a) => `${a.sensor} ${a.kind}`)).toEqual([
        `${spiked} raised`,
        `${spiked} cleared`,
      ]);
    }
  });

  it('spikes: a longer run spikes once per ten minutes', () => {
    const plan = simulationPlan(options({ durationSeconds: 3600, scenarios: ['spikes'] }));
    for (const device of plan.devices) {
      expect(device.behaviour.spikes).toHaveLength(6);
      const { alerts } = aggregate(readingsOf(plan, device.deviceId), device.thresholds);
      expect(alerts.filter((a) => a.kind === 'raised')).toHaveLength(6);
      expect(alerts.filter((a) => a.kind === 'cleared')).toHaveLength(6);
    }
  });

  it('late: some readings of every device are sent after its event time moved on by five minutes, so they are late', () => {
    const plan = simulationPlan(options({ scenarios: ['late'] }));
    for (const device of plan.devices) {
      const readings = readingsOf(plan, device.deviceId);
      expect(device.behaviour.late.length).toBeGreaterThan(0);
      for (const seq of device.behaviour.late) {
        const at = readings.findIndex((r) => r.seq === seq);
        const sentAfter = Math.max(...readings.slice(0, at).map((r) => r.eventTime));
        expect(sentAfter - (readings[at]?.eventTime ?? 0)).toBeGreaterThanOrEqual(LATE_BY_MS);
      }
      expect(aggregate(readings, device.thresholds).late).toEqual(device.behaviour.late);
      // Only the order changed: every reading is still there once.
      expect(readings.map((r) => r.seq).sort((a, b) => a - b)).toEqual(
        readings.map((_, i) => i + 1),
      );
    }
  });

  it('out-of-order: readings are shuffled within a few seconds, not so far that they are late', () => {
    const plan = simulationPlan(options({ scenarios: ['out-of-order'] }));
    for (const device of plan.devices) {
      const readings = readingsOf(plan, device.deviceId);
      expect(device.behaviour.outOfOrder.length).toBeGreaterThan(0);
      let maxSeen = -Infinity;
      let outOfOrder = 0;
      for (const r of readings) {
        if (r.eventTime < maxSeen) outOfOrder += 1;
        expect(maxSeen - r.eventTime).toBeLessThan(OUT_OF_ORDER_SPAN_MS);
        maxSeen = Math.max(maxSeen, r.eventTime);
      }
      expect(outOfOrder).toBeGreaterThan(0);
      expect(aggregate(readings, device.thresholds).late).toEqual([]);
      expect(readings.map((r) => r.seq).sort((a, b) => a - b)).toEqual(
        readings.map((_, i) => i + 1),
      );
    }
  });

  it('garbage: one device also sends payloads that are not valid readings', () => {
    const plan = simulationPlan(options({ scenarios: ['garbage'] }));
    const garbage = garbageOf(plan);
    const senders = new Set(garbage.map((g) => g.deviceId));
    expect(senders.size).toBe(1);
    const device = plan.devices.find((d) => senders.has(d.deviceId));
    expect(device?.behaviour.garbage).toBe(garbage.length);
    expect(garbage.length).toBeGreaterThanOrEqual(3);
    for (const { payload } of garbage) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(payload);
      } catch {
        continue; // not JSON at all
      }
      const r = parsed as Partial<Record<keyof SensorReading, unknown>>;
      const valid =
        typeof r.value === 'number' &&
        typeof r.eventTime === 'number' &&
        typeof r.seq === 'number' &&
        typeof r.unit === 'string';
      expect(valid, payload).toBe(false);
    }
    // The garbage device still sends all its readings.
    expect(readingsOf(plan, device?.deviceId ?? '')).toHaveLength(1800);
  });

  it('all scenarios at once: each still shows', () => {
    const plan = simulationPlan(
      options({ scenarios: ['spikes', 'late', 'out-of-order', 'garbage'] }),
    );
    expect(garbageOf(plan).length).toBeGreaterThanOrEqual(3);
    for (const device of plan.devices) {
      const { alerts, late } = aggregate(readingsOf(plan, device.deviceId), device.thresholds);
      expect(alerts.map((a) => a.kind)).toEqual(['raised', 'cleared']);
      expect(late).toEqual(device.behaviour.late);
      expect(device.behaviour.outOfOrder.length).toBeGreaterThan(0);
    }
  });

  it('refuses options under which a scenario could not show, naming the option', () => {
    expect(planProblems(options({ durationSeconds: 120, scenarios: ['spikes', 'late'] }))).toEqual([
      { option: 'durationSeconds', message: 'the spikes scenario needs at least 420 seconds' },
      { option: 'durationSeconds', message: 'the late scenario needs at least 420 seconds' },
    ]);
    expect(planProblems(options({ ratePerSecond: 0.2, scenarios: ['out-of-order'] }))).toEqual([
      {
        option: 'ratePerSecond',
        message: 'the out-of-order scenario needs at least 0.5 readings per second',
      },
    ]);
    expect(planProblems(options({ devices: 0, seed: -1 })).map((p) => p.option)).toEqual([
      'seed',
      'devices',
    ]);
    expect(() => simulationPlan(options({ devices: 0 }))).toThrow(/devices: a whole number/);
  });
});

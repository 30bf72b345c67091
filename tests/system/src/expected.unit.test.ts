import {
  initialProcess,
  onCommand,
  onReading,
  type DeviceProcess,
} from '@streamfold/aggregator/domain';
import {
  plannedCommandRecord,
  simulationPlan,
  type PlanOptions,
} from '@streamfold/producer/simulate';
import type { DeviceEventsRecord, WindowAggregate } from '@streamfold/schemas';
import { describe, expect, it } from 'vitest';
import { alertsOf, expectedOutcome, type ExpectedAlert } from './expected.js';

const windows = { sizeMs: 60_000, allowedLatenessMs: 10_000 };

/** The plan through the aggregator's own domain code, without Kafka. */
function throughTheDomain(options: PlanOptions) {
  const plan = simulationPlan(options);
  const devices = new Map<string, DeviceProcess>();
  for (const command of plan.commands) {
    const step = onCommand(
      devices.get(command.deviceId) ?? initialProcess(),
      plannedCommandRecord(command, 0),
    );
    expect(step.outcome.kind).toBe('accepted');
    devices.set(command.deviceId, step.process);
  }
  const aggregates: WindowAggregate[] = [];
  const events: DeviceEventsRecord[] = [];
  let late = 0;
  for (const item of plan.sends) {
    if (item.kind !== 'reading') continue;
    const { deviceId } = item.reading;
    const step = onReading(devices.get(deviceId) ?? initialProcess(), item.reading, windows);
    if (step.kind === 'refused') {
      expect(step.reason).toBe('late');
      late += 1;
      continue;
    }
    devices.set(deviceId, step.process);
    aggregates.push(...step.aggregates);
    events.push(...step.events);
  }
  return { plan, aggregates, alerts: alertsOf(events), late };
}

describe('the expected outcome of a simulation', () => {
  it.each([
    { seed: 42, devices: 8, ratePerSecond: 2, durationSeconds: 1_800 },
    { seed: 7, devices: 3, ratePerSecond: 1, durationSeconds: 900 },
    { seed: 1234, devices: 5, ratePerSecond: 0.5, durationSeconds: 1_200 },
  ])('agrees with the aggregator’s domain code for seed $seed', (sized) => {
    const options: PlanOptions = {
      ...sized,
      start: Date.UTC(2026, 0, 1),
      scenarios: ['spikes', 'late', 'out-of-order', 'garbage'],
    };
    const domain = throughTheDomain(options);
    const expected = expectedOutcome(domain.plan, windows);
    const byDevice = (items: readonly WindowAggregate[]) =>
      [...items].sort(
        (a, b) =>
          a.deviceId.localeCompare(b.deviceId) ||
          a.windowStart - b.windowStart ||
          a.sensor.localeCompare(b.sensor),
      );
    expect(byDevice(domain.aggregates)).toEqual(byDevice(expected.aggregates));
    const byId = (items: readonly ExpectedAlert[]) =>
      [...items].sort((a, b) => a.alertId.localeCompare(b.alertId));
    expect(byId(domain.alerts)).toEqual(byId(expected.alerts));
    expect(domain.late).toBe(expected.late);
    expect(expected.late).toBeGreaterThan(0);
    expect(expected.alerts.some((a) => a.clearedAt !== null)).toBe(true);
  });
});

import { StreamfoldError } from '@streamfold/kafka';
import { createMetricsRegistry, type Registry } from '@streamfold/observability';
import { describe, expect, it } from 'vitest';
import { AggregatorMetrics } from './metrics.js';

const value = async (registry: Registry, name: string, labels: Record<string, string>) => {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (metric?.values ?? []) as { value: number; labels: Record<string, unknown> }[];
  const found = values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return found?.value ?? 0;
};

describe('the aggregator metrics', () => {
  it('count what a batch did once it commits, and nothing of a batch that aborted', async () => {
    const registry = createMetricsRegistry('aggregator');
    const metrics = new AggregatorMetrics(registry);
    metrics.produced(0, 'device.events', 2);
    metrics.commandHandled(0, 'accepted');
    metrics.readingRefused(1, 'late');
    metrics.onProcessorEvent({
      type: 'aborted',
      partition: 1,
      attempt: 1,
      error: new StreamfoldError('KAFKA_UNAVAILABLE', 'the broker went away', { retriable: true }),
    });
    metrics.onProcessorEvent({
      type: 'committed',
      partition: 0,
      topic: 'device.commands',
      records: 3,
      durationMs: 12,
    });
    expect(await value(registry, 'streamfold_records_out_total', { topic: 'device.events' })).toBe(
      2,
    );
    expect(await value(registry, 'streamfold_commands_total', { outcome: 'accepted' })).toBe(1);
    expect(await value(registry, 'streamfold_readings_refused_total', { reason: 'late' })).toBe(0);
    expect(await value(registry, 'streamfold_records_in_total', { topic: 'device.commands' })).toBe(
      3,
    );
    expect(await value(registry, 'streamfold_transactions_total', { outcome: 'committed' })).toBe(
      1,
    );
    expect(await value(registry, 'streamfold_transactions_total', { outcome: 'aborted' })).toBe(1);
  });
});

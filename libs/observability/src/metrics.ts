import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

export { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** A Prometheus registry with the process's default metrics, labelled with the service. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Records sent to a dead-letter topic, by source topic and reason. */
export function deadLetterCounter(registry: Registry): Counter<'topic' | 'reason'> {
  return new Counter({
    name: 'streamfold_dead_letters_total',
    help: 'Records sent to a dead-letter topic, by source topic and reason',
    labelNames: ['topic', 'reason'],
    registers: [registry],
  });
}

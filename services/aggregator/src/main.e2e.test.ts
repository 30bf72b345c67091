import { fileURLToPath } from 'node:url';
import {
  freePort,
  freshSystemTopics,
  kafkaTestEnv,
  startProcess,
  waitForOk,
} from '@streamfold/testing';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../dist/main.js', import.meta.url));
describe('the aggregator process', () => {
  it('becomes ready against Kafka and the registry, serves its probes, and exits 0 on SIGTERM', async () => {
    const { kafkaBrokers, schemaRegistryUrl } = kafkaTestEnv();
    const { prefix } = await freshSystemTopics('aggregator-main', 2);
    const port = String(await freePort());
    const service = startProcess(entry, {
      KAFKA_BROKERS: kafkaBrokers,
      SCHEMA_REGISTRY_URL: schemaRegistryUrl,
      TOPIC_PREFIX: prefix,
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: port,
    });
    await waitForOk(`http://127.0.0.1:${port}/readyz`, service, '30s');

    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('process_cpu_seconds_total{service="aggregator"}');
    expect(metrics).toContain(`streamfold_consumer_lag{topic="${prefix}telemetry.readings"`);

    expect(await service.stop('SIGTERM', '10s')).toBe(0);
    // Structured logs: every line is JSON with the service's name.
    const lines = service
      .output()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { service: string });
    expect(lines.every((line) => line.service === 'aggregator')).toBe(true);
  });

  it('refuses to start on a bad variable, naming it', async () => {
    const service = startProcess(entry, {
      KAFKA_BROKERS: 'not a broker',
      SCHEMA_REGISTRY_URL: 'http://127.0.0.1:1',
    });
    expect(await service.exited).toBe(78);
    expect(service.output()).toContain('KAFKA_BROKERS');
  });
});

import { fileURLToPath } from 'node:url';
import { freePort, kafkaTestEnv, startProcess, until, waitForOk } from '@streamfold/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  dropMqttSession,
  freshTopics,
  mqttNames,
  mqttPublisher,
  mqttUrl,
  reading,
  readingsIn,
  stored,
} from './int-harness.test.js';

const entry = fileURLToPath(new URL('../dist/main.js', import.meta.url));
describe('the producer process', () => {
  it('becomes ready against Kafka and the registry, serves its probes, and exits 0 on SIGTERM', async () => {
    const { kafkaBrokers, schemaRegistryUrl } = kafkaTestEnv();
    const port = String(await freePort());
    const service = startProcess(entry, {
      KAFKA_BROKERS: kafkaBrokers,
      SCHEMA_REGISTRY_URL: schemaRegistryUrl,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: port,
    });
    await waitForOk(`http://127.0.0.1:${port}/readyz`, service, '30s');

    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('process_cpu_seconds_total{service="producer"}');

    expect(await service.stop('SIGTERM', '10s')).toBe(0);
    // Structured logs: every line is JSON with the service's name.
    const lines = service
      .output()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { service: string });
    expect(lines.every((line) => line.service === 'producer')).toBe(true);
  });

  it('refuses to start on a bad variable, naming it', async () => {
    const service = startProcess(entry, {
      KAFKA_BROKERS: 'not a broker',
      SCHEMA_REGISTRY_URL: 'http://127.0.0.1:1',
    });
    expect(await service.exited).toBe(78);
    expect(service.output()).toContain('KAFKA_BROKERS');
  });

  it('takes readings over HTTP and MQTT into its prefixed topics, and exits 0 on SIGTERM', async () => {
    const { kafkaBrokers, schemaRegistryUrl } = kafkaTestEnv();
    const topics = await freshTopics();
    const { root, clientId } = mqttNames();
    onTestFinished(() => dropMqttSession(clientId));
    const port = String(await freePort());
    const service = startProcess(entry, {
      KAFKA_BROKERS: kafkaBrokers,
      SCHEMA_REGISTRY_URL: schemaRegistryUrl,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: port,
      TOPIC_PREFIX: topics.prefix,
      MQTT_URL: mqttUrl,
      MQTT_TOPIC_ROOT: root,
      MQTT_CLIENT_ID: clientId,
      MQTT_SESSION_EXPIRY_SECONDS: '300',
    });
    onTestFinished(async () => {
      if (service.child.exitCode === null) await service.stop('SIGKILL', '10s');
    });
    await waitForOk(`http://127.0.0.1:${port}/readyz`, service, '30s');

    const posted = await fetch(`http://127.0.0.1:${port}/v1/readings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(reading('e-1', 1)),
    });
    expect(posted.status).toBe(202);
    const { deviceId: _deviceId, ...fromDevice } = reading('e-2', 1);
    const device = await mqttPublisher();
    await device.publishAsync(`${root}/e-2/readings`, JSON.stringify(fromDevice), { qos: 1 });
    await until(async () => (await readingsIn(topics.names.readings)).length === 2, {
      within: '30s',
      every: '500ms',
      what: 'both readings on the topic',
    });

    expect(await service.stop('SIGTERM', '20s')).toBe(0);
    expect(await readingsIn(topics.names.readings)).toEqual([
      { key: 'e-1', value: stored(reading('e-1', 1)) },
      { key: 'e-2', value: stored(reading('e-2', 1)) },
    ]);
  });
});

import { freePort, until } from '@streamfold/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  deadLettersIn,
  dropMqttSession,
  freshTopics,
  mqttNames,
  mqttPublisher,
  mqttUrl,
  reading,
  readingsIn,
  startTestProducer,
  stored,
} from '../int-harness.test.js';

/** A reading as a device publishes it on its own topic: without a deviceId. */
const published = (seq: number) => {
  const { deviceId: _deviceId, ...rest } = reading('unused', seq);
  return rest;
};

const mqttEnv = (root: string, clientId: string) => ({
  MQTT_URL: mqttUrl,
  MQTT_TOPIC_ROOT: root,
  MQTT_CLIENT_ID: clientId,
  MQTT_SESSION_EXPIRY_SECONDS: '300',
});

const readyz = async (url: string) => {
  const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(10_000) });
  return {
    status: response.status,
    body: (await response.json()) as { checks: { name: string; ok: boolean }[] },
  };
};

describe('the MQTT bridge', () => {
  it('writes valid readings to the readings topic and every bad payload to the DLQ with its reason', async () => {
    const topics = await freshTopics();
    const { root, clientId } = mqttNames();
    onTestFinished(() => dropMqttSession(clientId));
    const producer = await startTestProducer(topics, mqttEnv(root, clientId));
    await until(async () => (await readyz(producer.url)).status === 200, { within: '30s' });
    expect((await readyz(producer.url)).body.checks.map((c) => c.name)).toEqual([
      'kafka',
      'schema-registry',
      'mqtt',
    ]);

    const device = await mqttPublisher();
    const publish = (deviceId: string, payload: unknown) =>
      device.publishAsync(
        `${root}/${deviceId}/readings`,
        typeof payload === 'string' ? payload : JSON.stringify(payload),
        { qos: 1 },
      );
    await publish('m-1', published(1));
    await publish('m-2', [published(1), { ...published(2), deviceId: 'm-2' }]);
    await publish('m-3', '{"sensor": "temperature",');
    await publish('m-4', { ...published(1), value: 'warm' });
    await publish('m-5', { ...published(1), deviceId: 'm-6' });

    const produced = (topic: string) =>
      producer.metric('streamfold_producer_records_produced_total', { topic });
    await until(
      async () =>
        (await produced(producer.names.readings)) === 3 &&
        (await produced(producer.names.readingsDlq)) === 3,
      { within: '30s', what: '3 readings and 3 dead letters written' },
    );

    expect(await readingsIn(producer.names.readings, 3)).toEqual([
      { key: 'm-1', value: stored(reading('m-1', 1)) },
      { key: 'm-2', value: stored(reading('m-2', 1)) },
      { key: 'm-2', value: stored(reading('m-2', 2)) },
    ]);
    const letters = await deadLettersIn(producer.names.readingsDlq, 3);
    const common = (deviceId: string) => ({
      'dlq.source.topic': `mqtt:${root}/${deviceId}/readings`,
      'dlq.consumer.group': `mqtt:${clientId}`,
      'dlq.time': expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
    });
    expect(letters).toEqual([
      {
        key: 'm-3',
        value: '{"sensor": "temperature",',
        headers: {
          ...common('m-3'),
          'dlq.reason': 'not-json',
          'dlq.error': expect.stringMatching(/^the payload is not UTF-8 JSON: /) as unknown,
        },
      },
      {
        key: 'm-4',
        value: JSON.stringify({ ...published(1), value: 'warm' }),
        headers: {
          ...common('m-4'),
          'dlq.reason': 'invalid-reading',
          'dlq.error': 'value: Invalid input: expected number, received string',
        },
      },
      {
        key: 'm-5',
        value: JSON.stringify({ ...published(1), deviceId: 'm-6' }),
        headers: {
          ...common('m-5'),
          'dlq.reason': 'device-mismatch',
          'dlq.error': `a reading names device m-6 but was published on ${root}/m-5/readings`,
        },
      },
    ]);
    expect(await producer.metric('streamfold_producer_mqtt_messages_received_total')).toBe(5);
    const deadLetters = (reason: string) =>
      producer.metric('streamfold_dead_letters_total', { topic: producer.names.readings, reason });
    expect(await deadLetters('not-json')).toBe(1);
    expect(await deadLetters('invalid-reading')).toBe(1);
    expect(await deadLetters('device-mismatch')).toBe(1);
  });

  it('writes what a device publishes at QoS 0 too, in order, and dead-letters its bad payloads', async () => {
    const topics = await freshTopics();
    const { root, clientId } = mqttNames();
    onTestFinished(() => dropMqttSession(clientId));
    const producer = await startTestProducer(topics, mqttEnv(root, clientId));
    await until(async () => (await readyz(producer.url)).status === 200, { within: '30s' });
    const device = await mqttPublisher();
    for (const seq of [1, 2, 3]) {
      await device.publishAsync(`${root}/q0-1/readings`, JSON.stringify(published(seq)), {
        qos: 0,
      });
    }
    await device.publishAsync(`${root}/q0-1/readings`, 'not json', { qos: 0 });
    const produced = (topic: string) =>
      producer.metric('streamfold_producer_records_produced_total', { topic });
    await until(
      async () =>
        (await produced(producer.names.readings)) === 3 &&
        (await produced(producer.names.readingsDlq)) === 1,
      { within: '30s', what: '3 readings and 1 dead letter written from QoS 0 messages' },
    );
    expect(await readingsIn(producer.names.readings, 3)).toEqual(
      [1, 2, 3].map((seq) => ({ key: 'q0-1', value: stored(reading('q0-1', seq)) })),
    );
    expect(
      (await deadLettersIn(producer.names.readingsDlq, 1)).map((l) => l.headers['dlq.reason']),
    ).toEqual(['not-json']);
  });

  it('gets what devices published while it was away once it is back (a persistent session)', async () => {
    const topics = await freshTopics();
    const { root, clientId } = mqttNames();
    onTestFinished(() => dropMqttSession(clientId));
    const first = await startTestProducer(topics, mqttEnv(root, clientId));
    await until(async () => (await readyz(first.url)).status === 200, { within: '30s' });
    await first.stop();

    const device = await mqttPublisher();
    for (const seq of [1, 2, 3]) {
      await device.publishAsync(`${root}/away-1/readings`, JSON.stringify(published(seq)), {
        qos: 1,
      });
    }

    const second = await startTestProducer(topics, mqttEnv(root, clientId));
    await until(
      async () =>
        (await second.metric('streamfold_producer_records_produced_total', {
          topic: second.names.readings,
        })) === 3,
      { within: '30s', what: 'the 3 readings published while away written' },
    );
    expect(await readingsIn(second.names.readings, 3)).toEqual(
      [1, 2, 3].map((seq) => ({ key: 'away-1', value: stored(reading('away-1', seq)) })),
    );
  });

  it('keeps the service unready while the MQTT broker does not answer', async () => {
    const topics = await freshTopics();
    const { root, clientId } = mqttNames();
    const producer = await startTestProducer(topics, {
      ...mqttEnv(root, clientId),
      MQTT_URL: `mqtt://127.0.0.1:${await freePort()}`,
    });
    const answer = await readyz(producer.url);
    expect(answer.status).toBe(503);
    expect(answer.body.checks).toContainEqual(expect.objectContaining({ name: 'mqtt', ok: false }));
  });
});

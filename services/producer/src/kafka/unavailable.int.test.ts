/**
 * Kafka away for real: the local stack's broker is stopped and started again. Other tests share
 * the broker, so this is the one place that stops it, and it always starts it again.
 */
import { startBroker, stopBroker, until } from '@streamfold/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
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

describe('the producer while Kafka is unreachable', () => {
  it('answers 503 with Retry-After and writes nothing of it; an MQTT message stays unacknowledged and is written once Kafka is back', async () => {
    const topics = await freshTopics();
    const { root, clientId } = mqttNames();
    onTestFinished(() => dropMqttSession(clientId));
    const mqttEnv = {
      KAFKA_SEND_TIMEOUT_MS: '2000',
      RETRY_AFTER_SECONDS: '7',
      MQTT_URL: mqttUrl,
      MQTT_TOPIC_ROOT: root,
      MQTT_CLIENT_ID: clientId,
      MQTT_SESSION_EXPIRY_SECONDS: '300',
    };
    const producer = await startTestProducer(topics, mqttEnv);
    await until(async () => (await fetch(`${producer.url}/readyz`)).status === 200, {
      within: '30s',
      what: 'the producer is ready',
    });
    expect((await producer.post('/v1/readings', reading('k-1', 1))).status).toBe(202);
    const device = await mqttPublisher();
    const { deviceId: _deviceId, ...fromDevice } = reading('k-1', 3);

    await stopBroker();
    try {
      const refused = await producer.post('/v1/readings', reading('k-1', 2));
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('7');
      expect(refused.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(refused.body).toMatchObject({
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        // Kafka's own client usually takes longer than 2 s to give up, but may be first.
        detail: expect.stringMatching(
          /^Kafka did not acknowledge the records within 2000 ms \(KAFKA_(TIMEOUT|UNAVAILABLE)\); send the same request again after 7 s$/,
        ) as unknown,
      });
      const command = await producer.post('/v1/devices/k-1/commands/decommission', {});
      expect(command.status).toBe(503);
      expect(command.headers.get('retry-after')).toBe('7');

      // The refused sends go on inside the client until it gives up; once they have, nothing of
      // them can land when the broker is back.
      await until(
        async () => (await producer.metric('streamfold_producer_sends_in_flight')) === 0,
        {
          within: '90s',
          every: '500ms',
          what: 'the refused sends have failed',
        },
      );

      // Mosquitto takes the message; the bridge cannot write it, so it does not acknowledge it,
      // and the producer stops with it unacknowledged.
      await device.publishAsync(`${root}/k-1/readings`, JSON.stringify(fromDevice), { qos: 1 });
      await until(
        async () =>
          (await producer.metric('streamfold_producer_mqtt_messages_received_total')) === 1,
        { within: '30s', what: 'the bridge received the message' },
      );
      // Stopping waits for the bridge's attempt to end: nothing of it can land later.
      await producer.stop();
      expect(await producer.metric('streamfold_producer_sends_in_flight')).toBe(0);
    } finally {
      await startBroker();
    }

    // A new producer with the same MQTT session gets the message again and writes it. (Had the
    // broker come back while the first was still trying, that one wrote and acknowledged it, and
    // there is nothing to redeliver: the broker is shared, and others' test runs start it.)
    const again = await startTestProducer(topics, mqttEnv);
    await until(async () => (await readingsIn(again.names.readings)).length === 2, {
      within: '90s',
      every: '1s',
      what: 'the MQTT reading written after the restart',
    });
    expect((await again.post('/v1/readings', reading('k-1', 4))).status).toBe(202);

    expect(await readingsIn(producer.names.readings, 3)).toEqual([
      { key: 'k-1', value: stored(reading('k-1', 1)) },
      { key: 'k-1', value: stored(reading('k-1', 3)) },
      { key: 'k-1', value: stored(reading('k-1', 4)) },
    ]);
    expect(
      await producer.metric('streamfold_producer_requests_rejected_total', {
        reason: 'kafka-unavailable',
      }),
    ).toBe(2);
  }, 240_000);
});

import { deadLetter } from '@streamfold/kafka';
import { describe, expect, it } from 'vitest';
import {
  classifyMqttMessage,
  deviceLevelOf,
  keptBytesOfTooLarge,
  mqttDeadLetterRecord,
  subscriptionOf,
} from './messages.js';

const rules = { topicRoot: 'site/devices', maxBatch: 2, maxPayloadBytes: 1_000 };
const reading = { sensor: 'temperature', value: 20, unit: 'celsius', eventTime: 60_000, seq: 1 };
const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const classify = (payload: Buffer, topic = 'site/devices/d-1/readings') =>
  classifyMqttMessage(topic, payload, rules);

describe('an MQTT message on <root>/<device>/readings', () => {
  it('subscribes under its root and takes the device from the topic', () => {
    expect(subscriptionOf('site/devices')).toBe('site/devices/+/readings');
    expect(deviceLevelOf('site/devices/d-1/readings', 'site/devices')).toBe('d-1');
    expect(deviceLevelOf('site/devices/a/b/readings', 'site/devices')).toBeNull();
    expect(deviceLevelOf('other/d-1/readings', 'site/devices')).toBeNull();
  });

  it('becomes readings of the topic device, one or an array', () => {
    const expected = { ...reading, deviceId: 'd-1', location: null, quality: 'GOOD' };
    expect(classify(json(reading))).toEqual({
      kind: 'readings',
      deviceId: 'd-1',
      readings: [expected],
    });
    expect(classify(json([reading, { ...reading, deviceId: 'd-1', seq: 2 }]))).toEqual({
      kind: 'readings',
      deviceId: 'd-1',
      readings: [expected, { ...expected, seq: 2 }],
    });
  });

  it('is dead-lettered, with the reason, when it is not JSON', () => {
    expect(classify(Buffer.from('not json'))).toMatchObject({
      kind: 'dead-letter',
      deviceId: 'd-1',
      letter: { reason: 'not-json' },
    });
    expect(classify(Buffer.from([0xff, 0xfe, 0x7b, 0x7d]))).toMatchObject({
      letter: { reason: 'not-json' },
    });
  });

  it('is dead-lettered when a reading is invalid, naming the field', () => {
    expect(classify(json([reading, { ...reading, value: 'hot' }]))).toEqual({
      kind: 'dead-letter',
      deviceId: 'd-1',
      letter: deadLetter(
        'invalid-reading',
        '[1].value: Invalid input: expected number, received string',
      ),
    });
    expect(classify(json([]))).toMatchObject({ letter: { reason: 'invalid-reading' } });
  });

  it('is dead-lettered when a reading names another device than its topic', () => {
    expect(classify(json({ ...reading, deviceId: 'd-2' }))).toEqual({
      kind: 'dead-letter',
      deviceId: 'd-1',
      letter: deadLetter(
        'device-mismatch',
        'a reading names device d-2 but was published on site/devices/d-1/readings',
      ),
    });
  });

  it('is dead-lettered when it carries too many readings or too many bytes', () => {
    expect(classify(json([reading, reading, reading]))).toMatchObject({
      letter: { reason: 'too-many-readings' },
    });
    expect(classify(Buffer.alloc(1_001, 0x20))).toMatchObject({
      letter: { reason: 'too-large' },
    });
  });

  it('is dead-lettered with no key when its device level is not a device id', () => {
    expect(classify(json(reading), 'site/devices/a b/readings')).toMatchObject({
      kind: 'dead-letter',
      deviceId: 'a b',
      letter: { reason: 'invalid-device-id' },
    });
    expect(classify(json(reading), 'elsewhere/readings')).toMatchObject({
      deviceId: null,
      letter: { reason: 'invalid-device-id' },
    });
  });
});

describe('the dead letter of an MQTT message', () => {
  const at = new Date('2024-05-01T12:00:00.000Z');

  it('keeps the payload and key, and says why and from which MQTT topic in dlq.* headers', () => {
    const payload = Buffer.from('not json');
    const outcome = classify(payload);
    if (outcome.kind !== 'dead-letter') throw new Error('expected a dead letter');
    expect(
      mqttDeadLetterRecord({ topic: 'site/devices/d-1/readings', payload }, outcome, {
        clientId: 'bridge-1',
        at,
      }),
    ).toEqual({
      key: 'd-1',
      value: payload,
      headers: {
        'dlq.reason': 'not-json',
        'dlq.error': outcome.letter.error,
        'dlq.source.topic': 'mqtt:site/devices/d-1/readings',
        'dlq.consumer.group': 'mqtt:bridge-1',
        'dlq.time': '2024-05-01T12:00:00.000Z',
      },
    });
  });

  it('keeps only the first bytes of a payload too large, saying how large it was', () => {
    const payload = Buffer.alloc(keptBytesOfTooLarge + 10, 0x41);
    const record = mqttDeadLetterRecord(
      { topic: 't', payload },
      { kind: 'dead-letter', deviceId: 'd-1', letter: deadLetter('too-large', 'big') },
      { clientId: 'c', at },
    );
    expect(record.value).toEqual(payload.subarray(0, keptBytesOfTooLarge));
    expect(record.headers?.['dlq.value.truncated-from']).toBe(String(keptBytesOfTooLarge + 10));
  });
});

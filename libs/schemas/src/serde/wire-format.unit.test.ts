import { StreamfoldError } from '@streamfold/kafka';
import { describe, expect, it } from 'vitest';
import { SensorReadingV1Schema } from './generated/index.js';
import { SchemaRegistryClient, subjectFor } from './registry.js';
import { topics } from './topics.js';

describe('subjectFor', () => {
  it('is <topic>-<namespace>.<record> (TopicRecordNameStrategy)', () => {
    expect(subjectFor(topics.readings, SensorReadingV1Schema)).toBe(
      'telemetry.readings-io.streamfold.telemetry.SensorReading',
    );
    expect(
      subjectFor('device.events', {
        type: 'record',
        name: 'DeviceRegistered',
        namespace: 'io.streamfold.device',
      }),
    ).toBe('device.events-io.streamfold.device.DeviceRegistered');
  });

  it('gives each record type on one topic its own subject', () => {
    const ns = 'io.streamfold.device';
    expect(
      subjectFor('device.events', { type: 'record', name: 'DeviceRegistered', namespace: ns }),
    ).not.toBe(
      subjectFor('device.events', { type: 'record', name: 'ThresholdConfigured', namespace: ns }),
    );
  });
});

describe('SchemaRegistryClient.decode', () => {
  // Nothing listens on port 9: bytes that are not Confluent wire format never reach the registry.
  const registry = new SchemaRegistryClient({ url: 'http://127.0.0.1:9', timeoutMs: 100 });

  it.each([
    ['a plain Avro body', Buffer.from([0x02, 0x61, 0x00, 0x00, 0x00, 0x01])],
    ['a JSON body', Buffer.from('{"deviceId":"d-1"}')],
    ['a magic byte 1', Buffer.from([0x01, 0x00, 0x00, 0x00, 0x01, 0x02])],
    ['four bytes: no room for a schema id', Buffer.from([0x00, 0x00, 0x00, 0x01])],
    ['a lone magic byte', Buffer.from([0x00])],
    ['nothing', Buffer.alloc(0)],
  ])('refuses %s as SERDE, not retriable', async (_what, bytes) => {
    const failure = await registry.decode(bytes).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(StreamfoldError);
    expect(failure).toMatchObject({
      code: 'SERDE',
      retriable: false,
      message: 'not Confluent wire format: no magic byte 0 and schema id',
    });
  });
});

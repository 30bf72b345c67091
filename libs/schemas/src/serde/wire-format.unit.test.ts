import { describe, expect, it } from 'vitest';
import { SerdeError } from './errors.js';
import { fromWireFormat, toWireFormat } from './wire-format.js';

describe('the Confluent wire format', () => {
  it('is magic byte 0, the schema id big-endian, then the body', () => {
    const bytes = toWireFormat(258, Buffer.from([0xaa, 0xbb]));

    expect([...bytes]).toEqual([0, 0, 0, 1, 2, 0xaa, 0xbb]);
    expect(fromWireFormat(bytes)).toEqual({ schemaId: 258, body: Buffer.from([0xaa, 0xbb]) });
  });

  it.each([
    ['a JSON body', Buffer.from('{"deviceId":"d-1"}'), 'magic byte 123, not 0'],
    ['a magic byte 1', Buffer.from([0x01, 0x00, 0x00, 0x00, 0x01, 0x02]), 'magic byte 1, not 0'],
    ['four bytes: no room for a schema id', Buffer.from([0x00, 0x00, 0x00, 0x01]), 'only 4 bytes'],
    ['nothing', Buffer.alloc(0), 'only 0 bytes'],
  ])('refuses %s as not-wire-format, not retriable', (_what, bytes, detail) => {
    const failure = (() => {
      try {
        return fromWireFormat(bytes);
      } catch (error) {
        return error;
      }
    })();

    expect(failure).toBeInstanceOf(SerdeError);
    expect(failure).toMatchObject({
      code: 'SERDE',
      reason: 'not-wire-format',
      retriable: false,
      message: `not Confluent wire format: ${detail}`,
    });
  });

  it('refuses a tombstone (no value)', () => {
    expect(() => fromWireFormat(null)).toThrow(
      'not Confluent wire format: the record has no value',
    );
  });
});

import { SerdeError } from './errors.js';

/**
 * The Confluent wire format: magic byte 0, the writer's schema id as a big-endian int32, then
 * the Avro binary body.
 */
export function toWireFormat(schemaId: number, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, body]);
}

export function fromWireFormat(bytes: Buffer | null): { schemaId: number; body: Buffer } {
  if (bytes === null) {
    throw new SerdeError('not-wire-format', 'not Confluent wire format: the record has no value');
  }
  if (bytes.length < 5 || bytes[0] !== 0) {
    throw new SerdeError(
      'not-wire-format',
      `not Confluent wire format: ${bytes.length < 5 ? `only ${bytes.length} bytes` : `magic byte ${bytes[0]}, not 0`}`,
    );
  }
  return { schemaId: bytes.readInt32BE(1), body: bytes.subarray(5) };
}

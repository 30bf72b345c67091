import { describe, expect, it } from 'vitest';
import {
  deadLetter,
  deadLetterFor,
  deadLetterRecord,
  isDeadLetter,
  viewDeadLetter,
} from './dead-letters.js';
import { StreamfoldError } from './errors.js';
import type { ConsumedRecord } from './records.js';

const record: ConsumedRecord = {
  topic: 'telemetry.readings',
  partition: 2,
  offset: '41',
  key: Buffer.from('device-7'),
  value: Buffer.from([0xde, 0xad]),
  headers: { traceparent: Buffer.from('00-abc-def-01'), dropped: undefined },
  timestamp: '1795435200000',
};

describe('deadLetterRecord', () => {
  it('keeps the original key, value, headers and timestamp, and says why, where from and when', () => {
    const letter = deadLetterRecord(
      record,
      deadLetter('not-wire-format', 'magic byte 222, not 0'),
      {
        group: 'aggregator',
        at: new Date('2026-11-23T12:00:00.000Z'),
      },
    );

    expect(letter).toEqual({
      key: record.key,
      value: record.value,
      timestamp: '1795435200000',
      headers: {
        traceparent: Buffer.from('00-abc-def-01'),
        'dlq.reason': 'not-wire-format',
        'dlq.error': 'magic byte 222, not 0',
        'dlq.source.topic': 'telemetry.readings',
        'dlq.source.partition': '2',
        'dlq.source.offset': '41',
        'dlq.consumer.group': 'aggregator',
        'dlq.time': '2026-11-23T12:00:00.000Z',
      },
    });
  });

  it('cuts a very long error to 2,000 characters', () => {
    const letter = deadLetterRecord(record, deadLetter('handler-error', 'x'.repeat(10_000)), {
      group: 'g',
      at: new Date(0),
    });

    expect(letter.headers?.['dlq.error']).toHaveLength(2_000);
  });
});

describe('deadLetterFor', () => {
  it('sets aside what can never succeed, keeping a reason the error carries', () => {
    const serde = Object.assign(
      new StreamfoldError('SERDE', 'schema 9 unknown', { retriable: false }),
      {
        reason: 'unknown-schema-id',
      },
    );

    expect(deadLetterFor(serde)).toEqual(deadLetter('unknown-schema-id', 'schema 9 unknown'));
    expect(
      deadLetterFor(new StreamfoldError('REGISTRY_REJECTED', 'no', { retriable: false })),
    ).toEqual(deadLetter('registry-rejected', 'no'));
    expect(deadLetterFor(new TypeError('x is undefined'))).toEqual(
      deadLetter('handler-error', 'TypeError: x is undefined'),
    );
  });

  it('does not set aside what may succeed when tried again', () => {
    expect(
      deadLetterFor(new StreamfoldError('REGISTRY_UNAVAILABLE', 'down', { retriable: true })),
    ).toBeUndefined();
  });
});

describe('isDeadLetter', () => {
  it('tells a dead letter from outputs and from nothing', () => {
    expect(isDeadLetter(deadLetter('r', 'e'))).toBe(true);
    expect(isDeadLetter({ produce: [] })).toBe(false);
    expect(isDeadLetter(undefined)).toBe(false);
  });
});

describe('viewDeadLetter', () => {
  it('shows why, where from, when, and the original record', () => {
    const letter = deadLetterRecord(
      record,
      deadLetter('not-wire-format', 'magic byte 222, not 0'),
      {
        group: 'aggregator',
        at: new Date('2026-11-23T12:00:00.000Z'),
      },
    );
    const consumed: ConsumedRecord = {
      topic: 'telemetry.readings.dlq',
      partition: 0,
      offset: '3',
      key: letter.key === null ? null : Buffer.from(letter.key),
      value: letter.value,
      headers: Object.fromEntries(
        Object.entries(letter.headers ?? {}).map(([k, v]) => [k, Buffer.from(v)]),
      ),
      timestamp: record.timestamp,
    };

    expect(viewDeadLetter(consumed)).toEqual({
      reason: 'not-wire-format',
      error: 'magic byte 222, not 0',
      source: 'telemetry.readings[2]@41',
      group: 'aggregator',
      time: '2026-11-23T12:00:00.000Z',
      key: 'device-7',
      value: '2 bytes: dead',
      headers: { traceparent: '00-abc-def-01' },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { itemsOf, validateHttpReadings, validateMqttReadings } from './readings.js';

const reading = {
  deviceId: 'd-1',
  sensor: 'temperature',
  value: 21.5,
  unit: 'celsius',
  eventTime: 1_700_000_000_000,
  seq: 7,
};

const validate = (body: unknown, maxBatch = 10) => {
  const batch = itemsOf(body, { maxBatch });
  if ('refused' in batch) return batch;
  return validateHttpReadings(batch.items, batch.single);
};

describe('readings sent over HTTP', () => {
  it('take location null and quality GOOD when the device leaves them out', () => {
    expect(validate(reading)).toEqual({
      ok: true,
      value: [{ ...reading, location: null, quality: 'GOOD' }],
    });
  });

  it('keep a location and quality the device gives', () => {
    const full = { ...reading, location: { latitude: 52.1, longitude: -4.2 }, quality: 'BAD' };
    expect(validate([full])).toEqual({ ok: true, value: [full] });
  });

  it('name every bad field of every item by its path in the array', () => {
    const result = validate([
      reading,
      { ...reading, eventTime: '2024-01-01', seq: -1 },
      reading,
      { ...reading, location: { latitude: 91, longitude: 0 }, quality: 'FINE', colour: 'red' },
    ]);
    expect(result).toEqual({
      ok: false,
      errors: [
        { path: '[1].eventTime', message: 'Invalid input: expected number, received string' },
        { path: '[1].seq', message: 'Too small: expected number to be >=0' },
        { path: '[3].location.latitude', message: 'Too big: expected number to be <=90' },
        {
          path: '[3].quality',
          message: 'Invalid option: expected one of "GOOD"|"UNCERTAIN"|"BAD"',
        },
        { path: '[3].colour', message: 'unknown field' },
      ],
    });
  });

  it('name the fields of a single object without an index, and a missing one too', () => {
    const { unit: _unit, ...withoutUnit } = reading;
    expect(validate({ ...withoutUnit, eventTime: 1.5 })).toEqual({
      ok: false,
      errors: [
        { path: 'unit', message: 'Invalid input: expected string, received undefined' },
        { path: 'eventTime', message: 'Invalid input: expected int, received number' },
      ],
    });
  });

  it('refuse an item that is not an object at its index, and a device id with a slash', () => {
    expect(validate([reading, 42, { ...reading, deviceId: 'a/b' }])).toMatchObject({
      ok: false,
      errors: [
        { path: '[1]', message: 'Invalid input: expected object, received number' },
        { path: '[2].deviceId' },
      ],
    });
  });

  it('refuse an empty array and one longer than the limit before looking at the items', () => {
    expect(validate([])).toEqual({ refused: 'empty' });
    expect(validate([reading, reading, reading], 2)).toEqual({ refused: 'too-many', count: 3 });
    expect(validate([reading, reading], 2)).toMatchObject({ ok: true });
  });
});

describe('readings published over MQTT', () => {
  it('take their device from the topic and report any device id they name themselves', () => {
    const { deviceId: _deviceId, ...anonymous } = reading;
    expect(
      validateMqttReadings([anonymous, { ...anonymous, deviceId: 'other' }], false, 'd-9'),
    ).toEqual({
      ok: true,
      value: {
        readings: [
          { ...anonymous, deviceId: 'd-9', location: null, quality: 'GOOD' },
          { ...anonymous, deviceId: 'd-9', location: null, quality: 'GOOD' },
        ],
        claimed: ['other'],
      },
    });
  });
});

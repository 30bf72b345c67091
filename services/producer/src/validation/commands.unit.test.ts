import { describe, expect, it } from 'vitest';
import { validateCommand, type CommandRequest } from './commands.js';

const issued = { generatedId: 'generated-1', issuedAt: 1_700_000_000_000 };
const meta = { commandId: 'generated-1', expectedVersion: null, issuedAt: 1_700_000_000_000 };
const request = (overrides: Partial<CommandRequest>): CommandRequest => ({
  name: 'register',
  deviceId: 'd-1',
  body: {},
  idempotencyKey: undefined,
  ...overrides,
});

describe('device commands over HTTP', () => {
  it('register a device with its sensors', () => {
    const result = validateCommand(
      request({ body: { name: 'Boiler room', sensors: ['temperature', 'humidity'] } }),
      issued,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        name: 'RegisterDevice',
        value: {
          deviceId: 'd-1',
          meta,
          name: 'Boiler room',
          sensors: ['temperature', 'humidity'],
        },
      },
    });
  });

  it('configure a threshold, hysteresis 0 when not given, with the expected version', () => {
    const result = validateCommand(
      request({
        name: 'configure-threshold',
        body: { sensor: 'temperature', max: 80, expectedVersion: 3 },
      }),
      issued,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        name: 'ConfigureThreshold',
        value: {
          deviceId: 'd-1',
          meta: { ...meta, expectedVersion: 3 },
          sensor: 'temperature',
          max: 80,
          hysteresis: 0,
        },
      },
    });
  });

  it('decommission without a body, the reason null', () => {
    expect(validateCommand(request({ name: 'decommission', body: undefined }), issued)).toEqual({
      ok: true,
      value: { name: 'DecommissionDevice', value: { deviceId: 'd-1', meta, reason: null } },
    });
  });

  it('acknowledge an alert, the Idempotency-Key becoming the command id', () => {
    const result = validateCommand(
      request({
        name: 'acknowledge-alert',
        body: { alertId: 'd-1/temperature/60000', acknowledgedBy: 'ops' },
        idempotencyKey: 'ack-42',
      }),
      issued,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        name: 'AcknowledgeAlert',
        value: {
          deviceId: 'd-1',
          meta: { ...meta, commandId: 'ack-42' },
          alertId: 'd-1/temperature/60000',
          acknowledgedBy: 'ops',
        },
      },
    });
  });

  it('name every bad field: body, device id, Idempotency-Key and expectedVersion', () => {
    const result = validateCommand(
      request({
        deviceId: 'has space',
        body: { name: '', sensors: ['t', 't'], expectedVersion: -1, colour: 'red' },
        idempotencyKey: 'x'.repeat(201),
      }),
      issued,
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: ':id',
          message: '1 to 200 characters, without spaces, control characters, "/", "+" or "#"',
        },
        { path: 'Idempotency-Key', message: '1 to 200 printable ASCII characters' },
        { path: 'name', message: 'Too small: expected string to have >=1 characters' },
        { path: 'sensors', message: 'each sensor only once' },
        { path: 'expectedVersion', message: 'Too small: expected number to be >=0' },
        { path: 'colour', message: 'unknown field' },
      ],
    });
  });

  it('refuse a body that is not an object, and an empty Idempotency-Key', () => {
    expect(
      validateCommand(request({ name: 'decommission', body: ['x'], idempotencyKey: '' }), issued),
    ).toEqual({
      ok: false,
      errors: [
        { path: 'Idempotency-Key', message: '1 to 200 printable ASCII characters' },
        { path: '(body)', message: 'Invalid input: expected object, received array' },
      ],
    });
  });
});

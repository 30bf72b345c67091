import { describe, expect, it } from 'vitest';
import { commandsIn, freshTopics, startTestProducer } from '../int-harness.test.js';

const problem = 'application/problem+json; charset=utf-8';
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('POST /v1/devices/:id/commands/:name', () => {
  it('writes each command to device.commands keyed by device, the Idempotency-Key as its id', async () => {
    const producer = await startTestProducer(await freshTopics(), {
      PROJECTION_URL: 'http://projection.test:8083/',
    });
    const before = Date.now();
    const register = await producer.post(
      '/v1/devices/boiler-1/commands/register',
      { name: 'Boiler 1', sensors: ['temperature', 'pressure'] },
      { 'idempotency-key': 'a-register' },
    );
    const threshold = await producer.post(
      '/v1/devices/boiler-1/commands/configure-threshold',
      { sensor: 'temperature', max: 80, hysteresis: 5, expectedVersion: 1 },
      { 'idempotency-key': 'b-threshold' },
    );
    const acknowledge = await producer.post(
      '/v1/devices/boiler-1/commands/acknowledge-alert',
      { alertId: 'boiler-1/temperature/60000', acknowledgedBy: 'ops@example.com' },
      { 'idempotency-key': 'c-ack' },
    );
    // No key: the producer makes the id up; no body at all is fine for decommission.
    const decommission = await fetch(`${producer.url}/v1/devices/boiler-2/commands/decommission`, {
      method: 'POST',
    });
    const after = Date.now();

    expect(register).toMatchObject({
      status: 202,
      body: { commandId: 'a-register', outcome: '/v1/commands/a-register' },
    });
    expect(register.headers.get('location')).toBe(
      'http://projection.test:8083/v1/commands/a-register',
    );
    expect(threshold.status).toBe(202);
    expect(acknowledge.status).toBe(202);
    expect(decommission.status).toBe(202);
    const generated = (await decommission.json()) as { commandId: string; outcome: string };
    expect(generated.commandId).toMatch(uuid);
    expect(generated.outcome).toBe(`/v1/commands/${generated.commandId}`);
    expect(decommission.headers.get('location')).toBe(
      `http://projection.test:8083${generated.outcome}`,
    );

    const written = await commandsIn(producer.names.commands, 4);
    const issuedAt = written.map(({ record }) => record.value.meta.issuedAt);
    expect(issuedAt.every((at) => at >= before && at <= after)).toBe(true);
    const meta = (commandId: string, expectedVersion: number | null, at: number | undefined) => ({
      commandId,
      expectedVersion,
      issuedAt: at,
    });
    expect(written).toEqual([
      {
        key: 'boiler-1',
        record: {
          name: 'RegisterDevice',
          value: {
            deviceId: 'boiler-1',
            meta: meta('a-register', null, issuedAt[0]),
            name: 'Boiler 1',
            sensors: ['temperature', 'pressure'],
          },
        },
      },
      {
        key: 'boiler-1',
        record: {
          name: 'ConfigureThreshold',
          value: {
            deviceId: 'boiler-1',
            meta: meta('b-threshold', 1, issuedAt[1]),
            sensor: 'temperature',
            max: 80,
            hysteresis: 5,
          },
        },
      },
      {
        key: 'boiler-1',
        record: {
          name: 'AcknowledgeAlert',
          value: {
            deviceId: 'boiler-1',
            meta: meta('c-ack', null, issuedAt[2]),
            alertId: 'boiler-1/temperature/60000',
            acknowledgedBy: 'ops@example.com',
          },
        },
      },
      {
        key: 'boiler-2',
        record: {
          name: 'DecommissionDevice',
          value: {
            deviceId: 'boiler-2',
            meta: meta(generated.commandId, null, issuedAt[3]),
            reason: null,
          },
        },
      },
    ]);
  });

  it('answers 404 listing the commands to an unknown one, 400 naming the fields to a bad one, and writes neither', async () => {
    const producer = await startTestProducer(await freshTopics());

    const unknown = await producer.post('/v1/devices/boiler-1/commands/reboot', {});
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe(problem);
    expect(unknown.body).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail:
        'no command reboot; a device takes register, configure-threshold, decommission, acknowledge-alert',
      commands: ['register', 'configure-threshold', 'decommission', 'acknowledge-alert'],
    });

    const bad = await producer.post(
      '/v1/devices/boiler-1/commands/configure-threshold',
      { sensor: 'temperature', max: 'high', expectedVersion: 1.5 },
      { 'idempotency-key': 'tab\tinside' },
    );
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe(problem);
    expect(bad.body).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: '3 invalid field(s)',
      errors: [
        { path: 'Idempotency-Key', message: '1 to 200 printable ASCII characters' },
        { path: 'max', message: 'Invalid input: expected number, received string' },
        { path: 'expectedVersion', message: 'Invalid input: expected int, received number' },
      ],
    });

    expect(await commandsIn(producer.names.commands)).toEqual([]);
    const rejected = (reason: string) =>
      producer.metric('streamfold_producer_requests_rejected_total', {
        endpoint: 'commands',
        reason,
      });
    expect(await rejected('unknown-command')).toBe(1);
    expect(await rejected('invalid')).toBe(1);
  });
});
